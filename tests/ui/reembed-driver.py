#!/usr/bin/python3
# Drives a change of embedding provider in the real `shortlist`: the chosen
# provider differs from the active one when the app starts (a switch left
# unfinished), so the window embeds every candidate with it in the
# background. Bedrock Titan is the loopback fake in tests/fakes. A failing
# model keeps the active provider and says why; a working one becomes the
# active provider. Started by run-ui-test.sh; prints TAP.

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
FAKES = os.path.join(TESTS, 'fakes')
DATA = os.path.join(TESTS, 'data')
# The fixed, fake credentials the fake server checks signatures with.
ACCESS_KEY = 'AKIDSHORTLISTTEST'
SECRET_KEY = 'shortlist/test/secret/KEY0123456789abcdef'

spec = importlib.util.spec_from_file_location('ui_driver', os.path.join(HERE, 'ui-driver.py'))
ui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ui)
ok, log, wait_for, find_all = ui.ok, ui.log, ui.wait_for, ui.find_all


def start_fake():
    env = dict(os.environ, FAKE_AWS_ACCESS_KEY_ID=ACCESS_KEY, FAKE_AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    env.pop('FAKE_AWS_SESSION_TOKEN', None)
    proc = subprocess.Popen(['node', os.path.join(FAKES, 'aws-fake.js')], cwd=FAKES, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ui.started.append(proc)
    port = json.loads(proc.stdout.readline())['port']
    return 'http://127.0.0.1:%d' % port


def write_settings(config, model):
    folder = os.path.join(config, 'glib-2.0', 'settings')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'keyfile'), 'w', encoding='utf-8') as f:
        f.write("[io/github/shortlist/Shortlist]\n"
                "embedding-provider='bedrock'\n"
                "embedding-provider-active='lexical'\n"
                "[io/github/shortlist/Shortlist/cloud]\n"
                "region='eu-central-1'\n"
                "bedrock-embeddings-enabled=true\n"
                "bedrock-embedding-model='%s'\n"
                "bedrock-embedding-dimension=uint32 256\n" % model)


def read_settings(config):
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), encoding='utf-8') as f:
        return f.read()


def label_starting(app, prefix):
    return next((n for n in find_all(app.node, 'label') if n.name.startswith(prefix)), None)


def vectors(args):
    with sqlite3.connect(args.db) as db:
        return dict(db.execute('SELECT model, count(*) FROM candidate_embeddings GROUP BY model'))


def run(args, env, config, model):
    write_settings(config, model)
    return ui.App(args, env)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shortlist', required=True)
    parser.add_argument('--cli', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--screenshots', required=True)
    args = parser.parse_args()

    config = tempfile.mkdtemp(prefix='shortlist-reembed-')
    try:
        if shutil.which('node') is None or not os.path.isdir(
                os.path.join(FAKES, 'node_modules', '@smithy', 'signature-v4')):
            print('1..0 # SKIP the loopback AWS fake is not installed', flush=True)
            return 0
        ui.start_a11y_bus()
        url = start_fake()
        resumes = os.path.join(DATA, 'resumes')
        files = sorted(os.path.join(resumes, f) for f in os.listdir(resumes) if f.endswith('.pdf'))
        n = len(ui.cli(args, 'import', *files))
        log('imported %d resumes' % n)
        env = {'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': config, 'HOME': config,
               'AWS_ACCESS_KEY_ID': ACCESS_KEY, 'AWS_SECRET_ACCESS_KEY': SECRET_KEY,
               'AWS_ENDPOINT_URL': url, 'GIO_USE_VFS': 'local'}

        # A model the service refuses: the built-in provider stays.
        app = run(args, env, config, 'fault-500')
        try:
            try:
                wait_for(lambda: label_starting(app, 'Kept the current provider'), 60,
                         'the toast saying why')
                said = True
            except TimeoutError as e:
                log(str(e))
                said = False
            ok(said, 'a failing provider is not switched to, and a toast says why')
            try:
                wait_for(lambda: "embedding-provider='lexical'" in read_settings(config), 20,
                         'the choice going back')
                back = True
            except TimeoutError as e:
                log(str(e))
                back = False
            ok(back, 'the chosen provider goes back to the active one')
        finally:
            app.close()

        # Titan answers: every candidate gets a vector, then the switch.
        app = run(args, env, config, 'amazon.titan-embed-text-v2:0')
        try:
            try:
                wait_for(lambda: label_starting(app, 'Search and screening now use Amazon Bedrock'),
                         120, 'the toast saying the switch is done')
                done = True
            except TimeoutError as e:
                log(str(e))
                done = False
            ok(done, 'the window embeds every candidate with Titan, then switches')
            ui.screenshot(args, 'reembed-done')
            settings = read_settings(config)
            ok("embedding-provider-active='bedrock'" in settings, 'Bedrock is the active provider')
            titan = {m: c for m, c in vectors(args).items() if 'titan' in m}
            ok(list(titan.values()) == [n], 'every candidate has a Titan vector (%s)' % titan)
        finally:
            app.close()
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            if proc.stdin is not None:
                proc.stdin.close()
            ui.stop(proc)
        shutil.rmtree(config, ignore_errors=True)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
