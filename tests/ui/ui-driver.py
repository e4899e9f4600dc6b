#!/usr/bin/python3
# Drives the real `shortlist` through the accessibility tree (AT-SPI).
# Started by run-ui-test.sh inside its own session bus and X server; prints TAP.
#
# Runs the application three times: light style (the five views, then a job
# created, deleted with Undo and deleted for real through the UI), dark
# style with data added by shortlist-cli, and a database from a newer
# version, which must show the error page.

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time

VIEWS = ['Jobs', 'Candidates', 'Reviews', 'Interviews', 'Models']
EMPTY_TITLES = {
    'Jobs': 'No Jobs Yet',
    'Candidates': 'No Candidates Yet',
    'Reviews': 'Nothing to Review',
    'Interviews': 'No Practice Interviews Yet',
    'Models': 'No Trained Models Yet',
}
JOB_TITLE = 'Senior Data Engineer'

started = []


class AppExited(Exception):
    pass
results = []


def log(message):
    print('# ' + message, flush=True)


def ok(passed, description):
    results.append(passed)
    print('%s %d - %s' % ('ok' if passed else 'not ok', len(results), description), flush=True)
    return passed


def wait_for(predicate, timeout, what):
    """Polls predicate until it returns something true, or fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except AppExited:
            raise
        except Exception:  # stale accessible objects while the UI changes
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError('timed out after %d s waiting for %s' % (timeout, what))
        time.sleep(0.1)


def start(argv, env=None):
    # Only TAP goes to stdout.
    proc = subprocess.Popen(argv, env=env, stdout=sys.stderr)
    started.append(proc)
    return proc


def stop(proc, timeout=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_a11y_bus():
    from gi.repository import Gio, GLib
    start(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'])
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def address():
        reply = bus.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                              None, GLib.VariantType('(s)'), Gio.DBusCallFlags.NO_AUTO_START,
                              1000, None)
        return reply.unpack()[0]
    wait_for(address, 20, 'the accessibility bus')


def walk(node, depth=0, max_depth=40):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def find_all(root, role=None, name=None):
    found = []
    for node in walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
        except Exception:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None):
    nodes = find_all(root, role, name)
    return nodes[0] if nodes else None


def find_button(root, text):
    """A push button by its text. GTK 4.8 names a labelled button after its
    accessible label and its label together ("Save Save"), so match either."""
    for node in find_all(root, 'push button'):
        if node.name in (text, '%s %s' % (text, text)):
            return node
        label = find(node, 'label', text)
        if label is not None:
            return node
    return None


def has_state(node, state):
    return node.getState().contains(state)


def do_action(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press', 'select'):
            return action.doAction(i)
    return action.doAction(0)


def screenshot(args, name):
    path = os.path.join(args.screenshots, name + '.png')
    # The X server has no window manager: the window sits at the top left on
    # black, which -trim cuts away. Rendering lags the accessibility tree by
    # a frame or two, hence the short pause.
    time.sleep(0.5)
    subprocess.run(['import', '-window', 'root', '-trim', '+repage', path], check=True,
                   timeout=30)
    log('saved ' + path)


def cli(args, *argv):
    out = subprocess.run([args.cli, '--db', args.db, '--json'] + list(argv), check=True,
                         capture_output=True, text=True, timeout=30).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


class App:
    def __init__(self, args, extra_env):
        import pyatspi
        self.pyatspi = pyatspi
        env = dict(os.environ)
        env['G_DEBUG'] = env.pop('SHORTLIST_APP_G_DEBUG', '')
        env.update(extra_env)
        self.proc = start([args.shortlist], env=env)
        self.node = wait_for(self._find, 60, 'the application in the accessibility tree')

    def _find(self):
        if self.proc.poll() is not None:
            raise AppExited('the application exited with status %d' % self.proc.returncode)
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def window(self, name):
        # Top-level windows are the application's children; GTK 4.8 gives
        # an AdwWindow the role "filler".
        for i in range(self.node.childCount):
            child = self.node.getChildAtIndex(i)
            if child is not None and child.name == name:
                return child
        return None

    def label(self, text):
        return find(self.node, 'label', text)

    def switch_to(self, view):
        tab = wait_for(lambda: find(self.node, 'page tab', view), 20, 'the %s tab' % view)
        do_action(tab)

    def dump(self, max_depth=3, root=None):
        """Logs the top of the tree, to see what the driver could not find."""
        def visit(node, depth):
            try:
                log('%s%s “%s”' % ('  ' * depth, node.getRoleName(), node.name))
                if depth < max_depth:
                    for i in range(node.childCount):
                        visit(node.getChildAtIndex(i), depth + 1)
            except Exception:
                pass
        visit(root or self.node, 0)

    def close(self, timeout=20):
        stop(self.proc, timeout)


def check_views(args, app, suffix, expected):
    tabs = wait_for(lambda: [n for n in find_all(app.node, 'page tab') if n.name in VIEWS]
                    if len(find_all(app.node, 'page tab')) >= 5 else None,
                    20, 'five page tabs')
    ok(sorted(set(t.name for t in tabs)) == sorted(VIEWS),
       'the five views are page tabs (%s)' % suffix)
    for view in VIEWS:
        app.switch_to(view)
        text = expected[view]
        try:
            wait_for(lambda: app.label(text), 20, '“%s”' % text)
            shown = True
        except TimeoutError as e:
            log(str(e))
            shown = False
        ok(shown, '%s view shows “%s” (%s)' % (view, text, suffix))
        screenshot(args, '%s-%s' % (view.lower(), suffix))


def type_text(app, node, text):
    pyatspi = app.pyatspi
    try:
        if node.queryEditableText().setTextContents(text):
            return
    except NotImplementedError:
        pass
    # No editable text interface: type it (the entry has the focus).
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)


def press(app, keysym, control=False):
    """Types a key through the X server (XTest), as a user would."""
    pyatspi = app.pyatspi
    control_l = 37  # keycode of Control_L in the X server's default keymap
    if control:
        pyatspi.Registry.generateKeyboardEvent(control_l, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if control:
        pyatspi.Registry.generateKeyboardEvent(control_l, None, pyatspi.KEY_RELEASE)


def check_keyboard(args, app):
    """Ctrl+N opens the job editor and Escape closes it without saving."""
    app.switch_to('Jobs')
    before = job_titles(args)
    press(app, 0x6e, control=True)  # n
    try:
        wait_for(lambda: app.window('New Job'), 20, 'the editor from Ctrl+N')
        opened = True
    except TimeoutError as e:
        log(str(e))
        opened = False
    ok(opened, 'Ctrl+N opens the job editor')
    if not opened:
        return
    press(app, 0xff1b)  # Escape
    try:
        wait_for(lambda: app.window('New Job') is None, 20, 'Escape to close the editor')
        closed = True
    except TimeoutError as e:
        log(str(e))
        closed = False
    ok(closed and job_titles(args) == before, 'Escape closes the editor without saving')


def click(app, node, event='b1c'):
    """Clicks the middle of a node through the X server. Without a window
    manager the main window's surface sits at the origin of the screen, so
    window coordinates are screen coordinates."""
    pyatspi = app.pyatspi
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    x = extents.x + extents.width // 3
    y = extents.y + extents.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, event)


def double_click(app, node):
    click(app, node, 'b1d')


def open_editor_from_page(app):
    """Double-clicking a job row opens its page; the page's Edit button the editor."""
    row = wait_for(lambda: find(app.node, 'list item'), 20, 'the job row')
    double_click(app, row)
    edit = wait_for(lambda: find_button(app.node, 'Edit Job…'), 20, 'the job page')
    do_action(edit)
    return wait_for(lambda: app.window('Edit Job'), 20, 'the editor from the page')


def back_to_list(app):
    do_action(wait_for(lambda: find_button(app.node, 'Back to Jobs'), 20, 'the Back button'))
    wait_for(lambda: find_button(app.node, 'Delete Job'), 20, 'the jobs list')


def edit_job(args, app):
    editor = None
    try:
        editor = open_editor_from_page(app)
    except TimeoutError as e:
        log(str(e))
    ok(editor is not None, 'a job row opens the job’s page, and its Edit button the editor')
    if editor is None:
        return
    entry = wait_for(lambda: find(editor, 'text', 'Title'), 20, 'the title entry')
    text = entry.queryText()
    shown = text.getText(0, text.characterCount)
    ok(shown == JOB_TITLE, 'the editor shows the job’s title (%r)' % shown)
    type_text(app, entry, JOB_TITLE + ' II')
    do_action(wait_for(lambda: find_button(editor, 'Save'), 20, 'the Save button'))
    try:
        wait_for(lambda: job_titles(args) == [JOB_TITLE + ' II'], 30, 'the edited title')
        saved = True
    except TimeoutError as e:
        log(str(e))
        saved = False
    ok(saved, 'an edited job is updated in the store, not duplicated')
    wait_for(lambda: app.label(JOB_TITLE + ' II'), 20, 'the page’s new title')
    back_to_list(app)
    wait_for(lambda: app.label(JOB_TITLE + ' II'), 20, 'the edited row')
    # Put the title back for the steps that follow.
    editor = open_editor_from_page(app)
    entry = wait_for(lambda: find(editor, 'text', 'Title'), 20, 'the title entry')
    type_text(app, entry, JOB_TITLE)
    do_action(wait_for(lambda: find_button(editor, 'Save'), 20, 'the Save button'))
    wait_for(lambda: job_titles(args) == [JOB_TITLE], 30, 'the title restored')
    wait_for(lambda: app.label(JOB_TITLE), 20, 'the page’s restored title')
    back_to_list(app)
    wait_for(lambda: app.label(JOB_TITLE), 20, 'the restored row')


def job_titles(args):
    return [job['title'] for job in cli(args, 'job', 'list')]


def light_run(args):
    app = App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light'})
    try:
        check_views(args, app, 'light', EMPTY_TITLES)
        try:
            check_keyboard(args, app)
            create_and_delete_job(args, app)
        except TimeoutError:
            app.dump()
            for name in ('New Job', 'Edit Job'):
                if app.window(name) is not None:
                    app.dump(20, app.window(name))
            raise
    finally:
        app.close()


def create_and_delete_job(args, app):
    if True:

        # Create a job through the editor.
        app.switch_to('Jobs')
        new_job = wait_for(lambda: find_button(app.node, 'New Job'), 20, 'New Job')
        do_action(new_job)
        editor = wait_for(lambda: app.window('New Job'), 20, 'the job editor')
        save = wait_for(lambda: find_button(editor, 'Save'), 20, 'the Save button')
        ok(not has_state(save, app.pyatspi.STATE_SENSITIVE),
           'Save is disabled while the title is empty')
        entry = wait_for(lambda: find(editor, 'text', 'Title'), 20, 'the title entry')
        type_text(app, entry, JOB_TITLE)
        wait_for(lambda: has_state(save, app.pyatspi.STATE_SENSITIVE), 20, 'Save to be enabled')
        ok(True, 'Save is enabled once the title is typed')
        screenshot(args, 'job-editor-light')
        do_action(save)

        try:
            wait_for(lambda: JOB_TITLE in job_titles(args), 30, 'the job in the store')
            stored = True
        except TimeoutError as e:
            log(str(e))
            stored = False
        ok(stored, 'the job created in the UI is in the store (shortlist-cli job list)')
        try:
            wait_for(lambda: app.label(JOB_TITLE), 20, 'the job row')
            listed = True
        except TimeoutError as e:
            log(str(e))
            listed = False
        ok(listed, 'the new job appears in the Jobs list')
        ok(app.window('New Job') is None, 'the editor closed after saving')
        screenshot(args, 'jobs-list-light')

        # Edit it: open the row, change the title, save.
        edit_job(args, app)

        # Delete, then Undo: the job comes back and stays in the store.
        delete = wait_for(lambda: find_button(app.node, 'Delete Job'), 20, 'Delete Job')
        do_action(delete)
        toast = '‘%s’ deleted' % JOB_TITLE
        wait_for(lambda: app.label(toast), 20, 'the undo toast')
        ok(app.label(JOB_TITLE) is None, 'a deleted job is hidden at once')
        screenshot(args, 'jobs-undo-light')
        undo = wait_for(lambda: find_button(app.node, 'Undo'), 20, 'Undo')
        do_action(undo)
        wait_for(lambda: app.label(JOB_TITLE), 20, 'the job row after Undo')
        ok(JOB_TITLE in job_titles(args), 'Undo keeps the job in the store')

        # Delete with the Delete key on the selected row, then close the
        # window while the toast is up: the deletion happens before the
        # application exits.
        click(app, wait_for(lambda: find(app.node, 'list item'), 20, 'the job row'))
        press(app, 0xffff)  # Delete
        try:
            wait_for(lambda: app.label(toast), 20, 'the undo toast after the Delete key')
            deleted = True
        except TimeoutError as e:
            log(str(e))
            deleted = False
        ok(deleted, 'the Delete key deletes the selected job')
        close = wait_for(lambda: find_button(app.node, 'Close'), 20, 'the Close button')
        do_action(close)
        try:
            app.proc.wait(20)
            exited = app.proc.returncode == 0
        except subprocess.TimeoutExpired:
            exited = False
        ok(exited, 'the application exits cleanly when its window closes')
        ok(JOB_TITLE not in job_titles(args), 'a deletion not undone reaches the store')


def dark_run(args):
    cli(args, 'job', 'add', '--title', 'Backend Developer', '--location', 'Lisbon',
        '--description', 'Build and run the services behind our product.')
    cli(args, 'job', 'add', '--title', 'Data Analyst', '--location', 'Remote',
        '--description', 'Turn data into decisions.')
    cli(args, 'candidate', 'add', '--name', 'Ana Sousa', '--headline', 'Python developer',
        '--skill', 'python', '--skill', 'django', '--skill', 'postgresql')
    cli(args, 'candidate', 'add', '--name', 'Ben Okafor', '--headline', 'Data engineer',
        '--skill', 'sql', '--skill', 'spark')
    add_later_records(args)
    expected = {
        'Jobs': 'Backend Developer',
        'Candidates': 'Ana Sousa',
        'Reviews': 'Backend Developer · Suggested: Shortlist, score 72',
        'Interviews': 'Backend interview practice',
        'Models': 'Version 1',
    }

    app = App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark'})
    try:
        check_views(args, app, 'dark', expected)
        open_preferences(args, app)
    finally:
        app.close()


def add_later_records(args):
    """Screenings, interview sessions and model versions come from features
    that have no command yet: insert a few rows directly so the Reviews,
    Interviews and Models views show their lists."""
    now = int(time.time())
    with sqlite3.connect(args.db) as db:
        jobs = [row[0] for row in db.execute('SELECT id FROM jobs ORDER BY id')]
        candidates = [row[0] for row in db.execute('SELECT id FROM candidates ORDER BY id')]
        for candidate, score, decision in ((candidates[0], 72.4, 'shortlist'),
                                           (candidates[1], 41.0, 'reject')):
            db.execute('INSERT INTO screenings (job_id, candidate_id, score, similarity,'
                       ' skill_coverage, mandatory_coverage, preferred_coverage,'
                       ' experience_fit, education_fit, decision, threshold, embedder,'
                       ' created_at) VALUES (?, ?, ?, 0.5, 0.5, 1, 0.5, 1, 1, ?, 60, ?, ?)',
                       (jobs[0], candidate, score, decision, 'lexical', now))
        db.execute('INSERT INTO interview_sessions (job_id, title, score_overall, created_at,'
                   ' finished_at) VALUES (?, ?, 78, ?, ?)',
                   (jobs[0], 'Backend interview practice', now, now))
        db.execute("INSERT INTO model_versions (kind, feature_spec, parameters, metrics, active,"
                   " created_at) VALUES ('logreg', '{}', x'00', '{\"f1\": 0.83}', 1, ?)",
                   (now,))


def open_menu_item(app, item_name):
    def menu_button():
        # The GtkMenuButton carries the name, its toggle button the action.
        for node in find_all(app.node, None, 'Main Menu'):
            for candidate in [node] + find_all(node, 'toggle button'):
                try:
                    if candidate.queryAction().nActions > 0:
                        return candidate
                except NotImplementedError:
                    continue
        return None
    do_action(wait_for(menu_button, 20, 'the main menu button'))
    item = wait_for(lambda: find(app.node, 'menu item', item_name), 20, item_name)
    do_action(item)


def top_level_with(app, role, name):
    """The application's top-level window that contains a given node."""
    for i in range(app.node.childCount):
        window = app.node.getChildAtIndex(i)
        if window is not None and find(window, role, name) is not None:
            return window
    return None


def open_shortcuts(args, app):
    open_menu_item(app, 'Keyboard Shortcuts')
    window = None
    try:
        window = wait_for(lambda: top_level_with(app, 'label', 'Delete the selected job'), 20,
                          'the shortcuts window')
    except TimeoutError as e:
        log(str(e))
    ok(window is not None, 'the primary menu opens the keyboard shortcuts')
    if window is not None:
        screenshot(args, 'shortcuts-light')


def open_preferences(args, app):
    open_menu_item(app, 'Preferences')
    window = None
    try:
        window = wait_for(lambda: app.window('Preferences'), 20, 'the preferences window')
        wait_for(lambda: find(window, 'label', 'Blind Review'), 20, 'the Blind Review row')
    except TimeoutError as e:
        log(str(e))
    ok(window is not None, 'the primary menu opens the preferences window')
    screenshot(args, 'preferences-dark')


def newer_database_run(args):
    path = args.db + '.newer'
    with sqlite3.connect(path) as db:
        db.execute('PRAGMA user_version = 9999')
    app = App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light', 'SHORTLIST_DB': path})
    try:
        try:
            wait_for(lambda: app.label('Could Not Open the Database'), 20, 'the error page')
            shown = True
        except TimeoutError as e:
            log(str(e))
            shown = False
        ok(shown, 'a database from a newer version shows the error page')
        screenshot(args, 'error-light')
        with sqlite3.connect(path) as db:
            version = db.execute('PRAGMA user_version').fetchone()[0]
        ok(version == 9999, 'the newer database is left untouched')
        # The menu works without a database too.
        open_shortcuts(args, app)
    finally:
        app.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shortlist', required=True)
    parser.add_argument('--cli', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--screenshots', required=True)
    args = parser.parse_args()

    try:
        start_a11y_bus()
        light_run(args)
        dark_run(args)
        newer_database_run(args)
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(started):
            stop(proc)

    print('1..%d' % len(results), flush=True)
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
