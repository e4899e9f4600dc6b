#!/usr/bin/python3
# Drives a whole interview practice session through the accessibility tree:
# a job added with shortlist-cli, a new session, two short answers recorded
# from GStreamer test sources (SHORTLIST_TEST_SOURCES=1), their analysis and
# the session report; then the history, light and dark. Started by
# run-ui-test.sh inside its own session bus and X server; prints TAP.

import argparse
import importlib.util
import os
import sys
import time

_spec = importlib.util.spec_from_file_location(
    'ui_driver', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ui-driver.py'))
ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ui)

ok, wait_for, find, find_all = ui.ok, ui.wait_for, ui.find, ui.find_all
find_button, do_action, screenshot, press = ui.find_button, ui.do_action, ui.screenshot, ui.press

def log(message):
    ui.log('%s %s' % (time.strftime('%H:%M:%S'), message))


TEST_ENV = {'SHORTLIST_TEST_SOURCES': '1'}
ANSWER_SECONDS = 3
ARGS = None
ANALYSIS_TIMEOUT = 120


def check(what, predicate, timeout=20):
    try:
        value = wait_for(predicate, timeout, what)
    except TimeoutError as e:
        log(str(e))
        value = None
        screenshot(ARGS, 'interview-failure-%d' % (len(ui.results) + 1))
    ok(bool(value), what)
    return value


def showing_button(app, text):
    """A push button by its text, among those on screen: hidden stack pages
    keep theirs in the tree."""
    for node in find_all(app.node, 'push button'):
        if node.name in (text, '%s %s' % (text, text)) or find(node, 'label', text) is not None:
            extents = node.queryComponent().getExtents(app.pyatspi.WINDOW_COORDS)
            if extents.width > 0 and extents.height > 0 and extents.x >= 0 and extents.y >= 0:
                return node
    return None


def click_button(app, text, timeout=20):
    button = wait_for(lambda: showing_button(app, text), timeout, 'the “%s” button' % text)
    wait_for(lambda: button.getState().contains(app.pyatspi.STATE_SENSITIVE), timeout,
             '“%s” to be enabled' % text)
    do_action(button)


def sensitive(app, node):
    return node is not None and node.getState().contains(app.pyatspi.STATE_SENSITIVE)


def label_starting(app, prefix):
    for node in find_all(app.node, 'label'):
        try:
            if node.name.startswith(prefix):
                return node
        except Exception:
            continue
    return None


def new_session(args, app, count, suffix):
    click_button(app, 'New Session')
    window = check('“New Session” opens its window (%s)' % suffix,
                   lambda: app.window('New Practice Session'))
    if window is None:
        return False
    title = args.job_title
    check('the job from shortlist-cli is offered (%s)' % suffix,
          lambda: find(window, 'label', title))
    check('the camera and microphone can be chosen (%s)' % suffix,
          lambda: find(window, 'label', 'Camera') and find(window, 'label', 'Microphone')
          and find(window, 'label', 'Default'))
    def count_spin():
        # GTK 4.8 names it after its label and its accessible label together.
        for node in find_all(window, 'spin button'):
            if node.name.startswith('Number of questions'):
                return node
        return None
    try:
        spin = wait_for(count_spin, 20, 'the number of questions')
    except TimeoutError:
        app.dump(40, window)
        raise
    spin.queryValue().currentValue = count
    if suffix == 'light':
        screenshot(args, 'interview-new-session-%s' % suffix)
    click_button(app, 'Start')
    # The window closes once the session exists. GTK 4.8 fails a critical
    # when a window is asked for by index just after it went, so wait on the
    # count alone before walking the tree again.
    check('the window closes when the session is created (%s)' % suffix,
          lambda: app.node.childCount == 1, 60)
    time.sleep(1)
    return check('the session starts at question 1 of %d (%s)' % (count, suffix),
                 lambda: app.label('Question 1 of %d' % count), 60) is not None


def answer(args, app, number, count, suffix, keyboard=False, shoot=False):
    check('question %d shows a preparation countdown (%s)' % (number, suffix),
          lambda: label_starting(app, 'Recording in'))
    if keyboard:
        press(app, 0x72, control=True)  # Ctrl+R
    else:
        click_button(app, 'Record')
    check('recording starts: Stop is enabled (%s)' % suffix,
          lambda: sensitive(app, showing_button(app, 'Stop')))
    time.sleep(ANSWER_SECONDS)
    if shoot:
        screenshot(args, 'interview-practice-%s' % suffix)
    if keyboard:
        press(app, 0x2e, control=True)  # Ctrl+.
    else:
        click_button(app, 'Stop')
    found = check('answer %d is analysed (%s)' % (number, suffix),
                  lambda: app.label('How Your Answer Went') and label_starting(app, 'Overall '),
                  ANALYSIS_TIMEOUT)
    if found:
        check('the answer shows its metrics and timeline (%s)' % suffix,
              lambda: app.label('Words per minute') and app.label('Pace and Pauses'))
        if shoot:
            screenshot(args, 'interview-answer-%s' % suffix)
    return found


def light_run(args):
    job = ui.cli(args, 'job', 'add', '--file', os.path.join(args.srcdir, 'tests', 'data', 'jobs',
                                                             'backend-eng.txt'))[0]
    args.job_title = ui.cli(args, 'job', 'show', str(job['job_id']))[0]['title']
    log('job title: ' + args.job_title)
    app = ui.App(args, TEST_ENV)
    try:
        app.switch_to('Interviews')
        if check('the Interviews view starts empty', lambda: app.label('No Practice Interviews Yet')):
            screenshot(args, 'interview-empty-light')
        if not new_session(args, app, 2, 'light'):
            return
        if not answer(args, app, 1, 2, 'light', shoot=True):
            return
        click_button(app, 'Next Question')
        check('the second question follows', lambda: app.label('Question 2 of 2'))
        if not answer(args, app, 2, 2, 'light', keyboard=True):
            return
        click_button(app, 'See the Report')
        if check('the session report appears', lambda: app.label('Session Report') and
                 label_starting(app, '2. ') and label_starting(app, 'Overall ')):
            screenshot(args, 'interview-report-light')
        click_button(app, 'Done')
        if check('the history lists the session with its score',
                 lambda: label_starting(app, 'Overall score ') and app.label('Progress')):
            screenshot(args, 'interview-history-light')
    finally:
        app.close()


def session_row(app):
    """The history's list item that holds the light run's two-question
    session: the oldest finished one, last in the newest-first history
    (the dark run adds a one-question session after it)."""
    rows = []
    for label in find_all(app.node, 'label'):
        try:
            if not label.name.startswith('Overall score '):
                continue
        except Exception:
            continue
        node = label
        while node is not None and node.getRoleName() != 'list item':
            node = node.parent
        if node is not None:
            rows.append((node.queryComponent().getExtents(app.pyatspi.WINDOW_COORDS).y, node))
    return max(rows, key=lambda r: r[0])[1] if rows else None


def open_by_keyboard(app, row):
    """Tab to the row, as a keyboard user would, and press Enter."""
    for _ in range(40):
        if row.getState().contains(app.pyatspi.STATE_FOCUSED):
            press(app, 0xff0d)  # Return
            return True
        press(app, 0xff09)  # Tab
        time.sleep(0.2)
    log('Tab never reached the session row')
    return False


def open_by_action(app, row):
    """What a screen reader offers: the row's own accessible action."""
    for node in find_all(row):
        try:
            action = node.queryAction()
        except NotImplementedError:
            continue
        for i in range(action.nActions):
            if action.getName(i) == 'row.open':
                return action.doAction(i)
    log('the session row exposes no “row.open” action')
    return False


def reopen_finished(args, app, how):
    """The finished session from the light run opens on its report, with the
    stored answers, metrics, transcript and recordings, not on practice."""
    row = check('the finished session is in the history (%s)' % how, lambda: session_row(app))
    if row is None:
        return
    if how == 'click':
        ui.click(app, find(row, 'label'))
        opened = True
    elif how == 'keyboard':
        opened = open_by_keyboard(app, row)
    else:
        opened = open_by_action(app, row)
    if not opened:
        ok(False, 'reopening the finished session shows its report (%s)' % how)
        return
    # Labels of pages the practice view has shown stay in the tree, so the
    # report counts as shown when its export button is enabled: the view
    # enables it on the report page only. (The job page has a button of
    # the same name, never shown in this process.)
    if check('reopening the finished session shows its report (%s)' % how,
             lambda: app.label('Session Report') and label_starting(app, '2. ') and
             label_starting(app, 'Overall ') and
             sensitive(app, showing_button(app, 'Export PDF…'))):
        screenshot(args, 'interview-reopened-report-%s' % how)
    check('the reopened report shows the stored metrics (%s)' % how,
          lambda: any('words per minute' in n.name for n in find_all(app.node, 'label')))
    check('the reopened report shows each transcript (%s)' % how,
          lambda: label_starting(app, 'Transcript'))
    check('the reopened report offers to play the recordings (%s)' % how,
          lambda: showing_button(app, 'Play Answer 1') and showing_button(app, 'Play Answer 2'))
    ok(not sensitive(app, find_button(app.node, 'Record')) and
       not sensitive(app, find_button(app.node, 'Stop')),
       'a finished session cannot be recorded again (%s)' % how)
    click_button(app, 'Done')
    check('Done goes back to the history (%s)' % how, lambda: app.label('Progress'))


def dark_run(args):
    env = dict(TEST_ENV)
    env['ADW_DEBUG_COLOR_SCHEME'] = 'prefer-dark'
    app = ui.App(args, env)
    try:
        app.switch_to('Interviews')
        if check('the history shows the finished session (dark)',
                 lambda: label_starting(app, 'Overall score ')):
            screenshot(args, 'interview-history-dark')
        reopen_finished(args, app, 'click')
        if not new_session(args, app, 1, 'dark'):
            return
        if not answer(args, app, 1, 1, 'dark', shoot=True):
            return
        click_button(app, 'See the Report')
        if check('the session report appears (dark)', lambda: app.label('Session Report') and
                 label_starting(app, '1. ')):
            screenshot(args, 'interview-report-dark')
    finally:
        app.close()


def reopen_run(args, how):
    """Each way of opening a row gets a fresh application, whose tree holds
    no report from an earlier opening."""
    app = ui.App(args, TEST_ENV)
    try:
        app.switch_to('Interviews')
        reopen_finished(args, app, how)
    finally:
        app.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shortlist', required=True)
    parser.add_argument('--cli', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--screenshots', required=True)
    args = parser.parse_args()
    global ARGS
    ARGS = args
    args.srcdir = os.environ.get('SHORTLIST_SOURCE_ROOT',
                                 os.path.dirname(os.path.dirname(os.path.dirname(
                                     os.path.abspath(__file__)))))

    try:
        ui.start_a11y_bus()
        light_run(args)
        dark_run(args)
        reopen_run(args, 'keyboard')
        reopen_run(args, 'action')
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
