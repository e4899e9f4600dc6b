#!/usr/bin/python3
# CPU of the real application while it records an answer with its live
# preview (GStreamer test sources), driven through the accessibility tree,
# with GTK's default renderer and with the cairo renderer, against the
# core-only capture bench measured in the same run (before and after).
# Started by tests/ui/run-ui-test.sh; SHORTLIST_BENCH_CAPTURE names the
# core bench. Prints TAP and a "# RESULT" line.

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


def x_server_pid():
    """The Xvfb serving our display (run-ui-test.sh started it): what it
    spends putting the application's frames on screen is counted apart."""
    display = os.environ.get('DISPLAY')
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                argv = f.read().split(b'\0')
        except OSError:
            continue
        if os.path.basename(argv[0]) == b'Xvfb' and len(argv) > 1 and argv[1].decode() == display:
            return int(entry)
    return None


def renderer_of(app, log_path):
    """The GskRenderer the preview is drawn by, as the application logs it,
    and whether its GL is Mesa's software rasteriser (llvmpipe threads)."""
    with open(log_path, errors='replace') as f:
        match = re.search(r'preview drawn by (\w+)', f.read())
    name = match.group(1) if match else 'unknown'
    if 'GL' not in name:
        return name
    try:
        threads = os.listdir('/proc/%d/task' % app.proc.pid)
        software = any(open('/proc/%d/task/%s/comm' % (app.proc.pid, t)).read().startswith('llvmpipe')
                       for t in threads)
    except OSError:
        software = False
    return name + (' on llvmpipe (software GL)' if software else '')


def measure(args, label, extra_env):
    """CPU % of one core of the application over the window, and its renderer."""
    env = dict(interview.TEST_ENV)
    env.update(extra_env)
    env['G_MESSAGES_DEBUG'] = 'sl-camera-preview'
    log_path = os.path.join(args.screenshots, 'bench-capture-ui-%s.log' % label)
    with open(log_path, 'w') as log_file:
        app = ui.App(args, env, output=log_file)
        try:
            app.switch_to('Interviews')
            if not interview.new_session(args, app, 1, 'bench-' + label):
                return None, None
            interview.click_button(app, 'Record')
            if not interview.check('recording starts: Stop is enabled (%s)' % label,
                                   lambda: interview.sensitive(app, interview.showing_button(app, 'Stop'))):
                return None, None
            # The pipeline and encoder start up first; the window is the steady state.
            time.sleep(SETTLE_SECONDS)
            xvfb = x_server_pid()
            x0 = process_cpu_seconds(xvfb) if xvfb else 0
            cpu0, wall0 = process_cpu_seconds(app.proc.pid), time.monotonic()
            time.sleep(WINDOW_SECONDS)
            cpu1, wall1 = process_cpu_seconds(app.proc.pid), time.monotonic()
            x1 = process_cpu_seconds(xvfb) if xvfb else 0
            if xvfb:
                interview.log('%s: the X server (Xvfb) used %.0f %% of one core meanwhile'
                              % (label, 100.0 * (x1 - x0) / (wall1 - wall0)))
            renderer = renderer_of(app, log_path)
            recording = interview.sensitive(app, interview.showing_button(app, 'Stop'))
            ui.ok(recording, 'still recording at the end of the measured window (%s)' % label)
            ui.screenshot(args, 'bench-capture-ui-' + label)
            interview.click_button(app, 'Stop')
            return (100.0 * (cpu1 - cpu0) / (wall1 - wall0) if recording else None), renderer
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

    # The default renderer is whatever GTK picks when it is not told.
    os.environ.pop('GSK_RENDERER', None)
    try:
        ui.start_a11y_bus()
        job = ui.cli(args, 'job', 'add', '--file', os.path.join(args.srcdir, 'tests', 'data', 'jobs',
                                                                 'backend-eng.txt'))[0]
        args.job_title = ui.cli(args, 'job', 'show', str(job['job_id']))[0]['title']
        load0 = os.getloadavg()[0]
        before = core_reference()
        ui.ok(before is not None, 'the core capture bench ran (before)')
        default_percent, default_renderer = measure(args, 'default', {})
        ui.ok(default_percent is not None, 'the application recorded through its UI (default renderer)')
        cairo_percent, cairo_renderer = measure(args, 'cairo', {'GSK_RENDERER': 'cairo'})
        ui.ok(cairo_percent is not None, 'the application recorded through its UI (cairo renderer)')
        after = core_reference()
        ui.ok(after is not None, 'the core capture bench ran (after)')
        load1 = os.getloadavg()[0]
        if None not in (before, after, default_percent, cairo_percent):
            core_percent = (before[0] + after[0]) / 2
            core_fps = (before[1] + after[1]) / 2
            interview.log('load average %.1f at the start, %.1f at the end (2 cores: the machine is shared)'
                          % (load0, load1))
            interview.log('core capture: %.0f %% then %.0f %% of one core (mean %.0f %%), '
                          '%.1f preview frames a second'
                          % (before[0], after[0], core_percent, core_fps))
            interview.log('application, %s: %.0f %% of one core over %d s, %.2f x the core capture'
                          % (default_renderer, default_percent, WINDOW_SECONDS,
                             default_percent / max(core_percent, 1e-6)))
            interview.log('application, %s: %.0f %% of one core over %d s, %.2f x the core capture'
                          % (cairo_renderer, cairo_percent, WINDOW_SECONDS,
                             cairo_percent / max(core_percent, 1e-6)))
            print('# RESULT capture-ui default_renderer=%s default_cpu_percent=%.0f cairo_cpu_percent=%.0f '
                  'core_cpu_percent=%.0f ratio_default=%.2f ratio_cairo=%.2f core_preview_fps=%.1f '
                  'load=%.1f'
                  % (default_renderer.split()[0] + ('+llvmpipe' if 'llvmpipe' in default_renderer else ''),
                     default_percent, cairo_percent, core_percent,
                     default_percent / max(core_percent, 1e-6), cairo_percent / max(core_percent, 1e-6),
                     core_fps, (load0 + load1) / 2), flush=True)
    except Exception as e:
        ui.ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
