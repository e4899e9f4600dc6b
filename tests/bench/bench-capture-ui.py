#!/usr/bin/python3
# CPU of the real application while it records an answer with its live
# preview (GStreamer test sources), driven through the accessibility tree,
# against the core-only capture bench measured in the same run. Started by
# tests/ui/run-ui-test.sh; SHORTLIST_BENCH_CAPTURE names the core bench.
# Prints TAP and a "# RESULT" line.

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
UI_DIR = os.path.join(os.path.dirname(HERE), 'ui')


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


interview = load('interview_driver', os.path.join(UI_DIR, 'interview-driver.py'))
ui = interview.ui

WINDOW_SECONDS = 10
SETTLE_SECONDS = 2
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def process_cpu_seconds(pid):
    """utime + stime of a process, from /proc/PID/stat (fields 14 and 15,
    counted after the command name, which may hold spaces)."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def core_reference():
    exe = os.environ.get('SHORTLIST_BENCH_CAPTURE')
    if not exe:
        return None
    out = subprocess.run([exe, '--tap'], capture_output=True, text=True, timeout=300).stdout
    match = re.search(r'cpu_percent_of_one_core=([0-9.]+) preview_fps=([0-9.]+)', out)
    if match is None:
        interview.log('the core bench printed no result:\n' + out)
        return None
    return float(match.group(1)), float(match.group(2))


def measure(args):
    job = ui.cli(args, 'job', 'add', '--file', os.path.join(args.srcdir, 'tests', 'data', 'jobs',
                                                             'backend-eng.txt'))[0]
    args.job_title = ui.cli(args, 'job', 'show', str(job['job_id']))[0]['title']
    app = ui.App(args, interview.TEST_ENV)
    try:
        app.switch_to('Interviews')
        if not interview.new_session(args, app, 1, 'bench'):
            return None
        interview.click_button(app, 'Record')
        if not interview.check('recording starts: Stop is enabled',
                               lambda: interview.sensitive(app, interview.showing_button(app, 'Stop'))):
            return None
        # The pipeline and encoder start up first; the window is the steady state.
        time.sleep(SETTLE_SECONDS)
        cpu0, wall0 = process_cpu_seconds(app.proc.pid), time.monotonic()
        time.sleep(WINDOW_SECONDS)
        cpu1, wall1 = process_cpu_seconds(app.proc.pid), time.monotonic()
        recording = interview.sensitive(app, interview.showing_button(app, 'Stop'))
        ui.ok(recording, 'still recording at the end of the measured window')
        ui.screenshot(args, 'bench-capture-ui')
        interview.click_button(app, 'Stop')
        return 100.0 * (cpu1 - cpu0) / (wall1 - wall0) if recording else None
    finally:
        app.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shortlist', required=True)
    parser.add_argument('--cli', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--screenshots', required=True)
    args = parser.parse_args()
    interview.ARGS = args
    args.srcdir = os.environ.get('SHORTLIST_SOURCE_ROOT', os.path.dirname(os.path.dirname(HERE)))

    app_percent = None
    try:
        reference = core_reference()
        ui.ok(reference is not None, 'the core capture bench ran')
        ui.start_a11y_bus()
        app_percent = measure(args)
        ui.ok(app_percent is not None, 'the application recorded through its UI')
        if reference is not None and app_percent is not None:
            core_percent, core_fps = reference
            interview.log('core capture: %.0f %% of one core, %.1f preview frames a second'
                          % (core_percent, core_fps))
            interview.log('application recording with preview: %.0f %% of one core over %d s'
                          % (app_percent, WINDOW_SECONDS))
            print('# RESULT capture-ui app_cpu_percent_of_one_core=%.0f core_cpu_percent_of_one_core=%.0f '
                  'ratio=%.2f core_preview_fps=%.1f' % (app_percent, core_percent,
                                                       app_percent / max(core_percent, 1e-6), core_fps),
                  flush=True)
    except Exception as e:
        ui.ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
