#!/usr/bin/python3
# Drives the real `shortlist` through the accessibility tree (AT-SPI).
# Started by run-ui-test.sh inside its own session bus and X server; prints TAP.
#
# Runs the application four times: light style (the five views, then a job
# created, deleted with Undo and deleted for real through the UI), dark
# style with data added by shortlist-cli, a database from a newer version,
# which must show the error page, and resumes imported through the app
# (progress, summary, problems, the candidate page, erasure and search).

import argparse
import json
import os
import shutil
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
RESUMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'resumes')

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


def start(argv, env=None, output=None):
    # Only TAP goes to stdout; output, when given, takes the process's
    # stdout (where GLib writes debug messages) and stderr.
    proc = subprocess.Popen(argv, env=env, stdout=output or sys.stderr, stderr=output)
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
    def __init__(self, args, extra_env, output=None):
        import pyatspi
        self.pyatspi = pyatspi
        env = dict(os.environ)
        env['G_DEBUG'] = env.pop('SHORTLIST_APP_G_DEBUG', '')
        env.update(extra_env)
        self.proc = start([args.shortlist], env=env, output=output)
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
        toast_label = wait_for(lambda: app.label(toast), 20, 'the undo toast')
        ok(app.label(JOB_TITLE) is None, 'a deleted job is hidden at once')
        screenshot(args, 'jobs-undo-light')
        undo = wait_for(lambda: undo_beside(toast_label), 20, 'Undo')
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
    cli(args, 'skill', 'add', 'Quuxlang', '--alias', 'QL')
    expected = {
        'Jobs': 'Backend Developer',
        'Candidates': 'Ana Sousa',
        'Reviews': 'Suggested: Shortlist',
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
    if window is None:
        return
    # The Screening page chooses the embedding provider; Titan waits for the
    # Cloud page to allow Bedrock embeddings.
    row = None
    try:
        tab = wait_for(lambda: find(window, 'page tab', 'Screening') or find(window, None, 'Screening'),
                       20, 'the Screening page')
        do_action(tab)
        row = wait_for(lambda: next((n for n in find_all(window, 'label')
                                     if n.name.replace('_', '') == 'Embedding Provider'), None),
                       20, 'the Embedding Provider row')
    except TimeoutError as e:
        log(str(e))
    ok(row is not None and find(window, 'label', 'Built-in (offline)') is not None,
       'the Screening page offers the embedding provider, built in by default')
    ok(find(window, 'label', 'Titan needs Bedrock embeddings on the Cloud page')
       is not None, 'the provider row says how to choose Amazon Titan')
    screenshot(args, 'preferences-screening-dark')
    # The Cloud page holds the AWS settings and Test Connection.
    cloud = None
    try:
        tab = wait_for(lambda: find(window, 'page tab', 'Cloud') or find(window, None, 'Cloud'), 20, 'the Cloud page')
        do_action(tab)
        cloud = wait_for(lambda: find(window, None, 'Test Connection') or find_button(window, 'Test Connection'),
                         20, 'the Test Connection button')
    except TimeoutError as e:
        log(str(e))
    ok(cloud is not None, 'the Cloud page of the preferences offers Test Connection')
    screenshot(args, 'preferences-cloud-dark')
    check_skills_page(args, app, window)


def user_skills(args):
    return [s['name'] for s in cli(args, 'skill', 'list', '--user')]


def check_skills_page(args, app, window):
    """The Skills page lists the user's skills, adds one, and removes one
    with Undo, all in the store."""
    try:
        tab = wait_for(lambda: find(window, 'page tab', 'Skills') or find(window, None, 'Skills'), 20,
                       'the Skills page')
        do_action(tab)
        wait_for(lambda: find(window, 'label', 'Quuxlang'), 20, 'the skill added by the CLI')
        listed = True
    except TimeoutError as e:
        log(str(e))
        listed = False
    ok(listed, 'the Skills page lists the skills added with shortlist-cli')
    if not listed:
        return

    name = wait_for(lambda: find(window, 'text', 'Name'), 20, 'the Name entry')
    type_text(app, name, 'Gizmotry')
    aliases = wait_for(lambda: find(window, 'text', 'Other Names, Separated by Commas'), 20,
                       'the aliases entry')
    type_text(app, aliases, 'Gizmo Scripting, GZS')
    do_action(wait_for(lambda: find_button(window, 'Add Skill'), 20, 'the Add Skill button'))
    try:
        wait_for(lambda: find(window, 'label', 'Gizmotry'), 20, 'the new skill row')
        wait_for(lambda: 'Gizmotry' in user_skills(args), 20, 'the new skill in the store')
        added = True
    except TimeoutError as e:
        log(str(e))
        added = False
    ok(added, 'a skill added on the Skills page is stored and listed')
    screenshot(args, 'preferences-skills-dark')

    remove = wait_for(lambda: find_button(window, 'Remove Gizmotry') or
                      find(window, 'push button', 'Remove Gizmotry'), 20, 'the Remove button')
    do_action(remove)
    try:
        # The toast lasts a few seconds: find it and its Undo first.
        toast_label = wait_for(lambda: find_outside_lists(window, 'label', 'Removed “Gizmotry”'), 20,
                               'the undo toast')
        undo = wait_for(lambda: undo_beside(toast_label), 20, 'Undo')
        removed = 'Gizmotry' not in user_skills(args)
        do_action(undo)
        ok(removed, 'a removed skill leaves the store at once')
        wait_for(lambda: 'Gizmotry' in user_skills(args), 20, 'the skill back in the store')
        wait_for(lambda: find(window, 'label', 'Gizmotry'), 20, 'the skill row after Undo')
        undone = True
    except TimeoutError as e:
        log(str(e))
        undone = False
    ok(undone, 'removing a skill offers Undo, which brings it back')


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


def activate_window_action(name, parameter):
    """Activates a win.* action of the application's first window over the
    session bus, as `gapplication action` does for app.* actions (a drop
    cannot be simulated under Xvfb)."""
    from gi.repository import Gio, GLib
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync('io.github.shortlist.Shortlist', '/io/github/shortlist/Shortlist/window/1',
                  'org.gtk.Actions', 'Activate',
                  GLib.Variant('(sava{sv})', (name, [parameter], {})),
                  None, Gio.DBusCallFlags.NONE, 5000, None)


def make_import_folders(args):
    """A folder with the sample resumes and two bad files, and a large
    folder of generated resumes that keeps the progress banner up."""
    base = os.path.join(os.path.dirname(args.db), 'import')
    shutil.rmtree(base, ignore_errors=True)
    good = os.path.join(base, 'resumes')
    many = os.path.join(base, 'many')
    os.makedirs(good)
    os.makedirs(many)
    for name in sorted(os.listdir(RESUMES)):
        if name.endswith('.pdf'):
            shutil.copy(os.path.join(RESUMES, name), good)
    open(os.path.join(good, 'empty.pdf'), 'wb').close()
    with open(os.path.join(good, 'corrupt.pdf'), 'wb') as f:
        f.write(b'%PDF-1.4\n1 0 obj << /Type /Catalog >>\n' + bytes(range(256)) * 8)
    for i in range(1500):
        with open(os.path.join(many, 'applicant-%03d.txt' % i), 'w') as f:
            f.write('Applicant Number %d\napplicant%d@example.com\n\nBookkeeper\n\n'
                    'EXPERIENCE\nAccounts clerk, Ledger Ltd, 2015 - 2020\n\n'
                    'SKILLS\nExcel, bookkeeping, payroll %d\n' % (i, i, i))
    return good, many


def candidate_ids(args):
    return {c['name']: c['id'] for c in cli(args, 'candidate', 'list')}


def check_import(args, app, good, many):
    app.switch_to('Candidates')
    wait_for(lambda: app.label('No Candidates Yet'), 30, 'the empty Candidates view')

    # A large folder first: the banner shows progress with Cancel. The
    # screenshot comes first, after the banner's slide-down: the banner
    # shows progress only while the import runs.
    # The banner's Cancel button leaves the accessibility tree when the
    # import ends: look for it inside the banner only (a walk through the
    # window is slow while the import keeps the application busy), before
    # the screenshot's pause.
    banner = wait_for(lambda: [n for n in find_all(app.main, None, 'SlImportBanner')], 20,
                      'the import banner')[0]
    activate_window_action('import-paths', app_variant_strv([many]))
    try:
        wait_for(lambda: find_outside_lists(banner, 'push button', 'Cancel Import') or
                 find_button(banner, 'Cancel Import'), 20, 'the progress banner')
        shown = True
    except TimeoutError as e:
        log(str(e))
        shown = False
    ok(shown, 'importing shows a progress banner with Cancel')
    time.sleep(1.5)
    subprocess.run(['import', '-window', 'root', '-trim', '+repage',
                    os.path.join(args.screenshots, 'import-progress-light.png')],
                   check=False, timeout=30)
    wait_for(lambda: find(app.node, 'label', None) and
             any(n.name.startswith('Import finished') for n in find_all(app.node, 'label')),
             120, 'the first import to finish')

    # Then the sample resumes with one empty and one corrupt file.
    activate_window_action('import-paths', app_variant_strv([good]))

    def summary():
        for node in find_all(app.node, 'label'):
            if node.name.startswith('Import finished') and 'problem' in node.name:
                if '2 problems' in node.name:
                    return node
        return None
    label = None
    try:
        label = wait_for(summary, 120, 'the summary with two problems')
    except TimeoutError as e:
        log(str(e))
    ok(label is not None, 'the import summary counts the two bad files (%s)'
       % (label.name if label else 'none'))
    names = candidate_ids(args)
    ok(all(n in names for n in ('John Doe', 'Harvey Dent', 'Bruce Wayne')),
       'the imported resumes are candidates in the store')
    try:
        wait_for(lambda: app.label('Harvey Dent'), 30, 'Harvey Dent in the list')
        listed = True
    except TimeoutError as e:
        log(str(e))
        listed = False
    ok(listed, 'imported candidates appear in the Candidates list')
    screenshot(args, 'import-summary-light')

    do_action(wait_for(lambda: find_button(app.node, 'Show Problems'), 20, 'Show Problems'))
    dialog = None
    try:
        dialog = wait_for(lambda: app.window('Import Problems'), 20, 'the problems dialog')
        wait_for(lambda: find(dialog, 'label', 'corrupt.pdf'), 20, 'corrupt.pdf in the dialog')
    except TimeoutError as e:
        log(str(e))
    listed = dialog is not None and find(dialog, 'label', 'empty.pdf') is not None and \
        find(dialog, 'label', 'corrupt.pdf') is not None
    ok(listed, 'Show Problems lists the empty and the corrupt file')
    if dialog is not None:
        messages = [n.name for n in find_all(dialog, 'label') if '(empty)' in n.name or
                    '(corrupt)' in n.name]
        ok(len(messages) == 2, 'each bad file has its own error message (%s)' % messages)
        screenshot(args, 'import-problems-light')
        press(app, 0xff1b)  # Escape
        wait_for(lambda: app.window('Import Problems') is None, 20, 'the dialog to close')
    dismiss = find_button(app.node, 'Dismiss')
    if dismiss is not None:
        do_action(dismiss)


def app_variant_strv(paths):
    from gi.repository import GLib
    return GLib.Variant('as', paths)


def open_candidate(args, app, name, suffix):
    cell = wait_for(lambda: app.label(name), 20, name)
    double_click(app, cell)
    try:
        wait_for(lambda: find_button(app.node, 'Erase Candidate'), 20, 'the candidate page')
        wait_for(lambda: find(app.node, 'label', 'Experience'), 20, 'the Experience group')
        opened = True
    except TimeoutError as e:
        log(str(e))
        opened = False
    ok(opened, 'activating a candidate opens their page (%s)' % suffix)
    if opened:
        try:
            wait_for(lambda: any(n.name.startswith('Page 1 of') for n in
                                 find_all(app.node, 'label')) or
                     find(app.node, 'image', 'Page 1 of the original resume'), 30,
                     'the original document')
            document = True
        except TimeoutError as e:
            log(str(e))
            document = False
        ok(document, 'the page shows the original PDF (%s)' % suffix)
        screenshot(args, 'candidate-page-%s' % suffix)
    return opened


def check_corrections(args, app):
    ids = candidate_ids(args)
    entry = wait_for(lambda: find(app.node, 'text', 'Headline'), 20, 'the Headline entry')
    type_text(app, entry, 'Staff Machine Learning Engineer')
    save = wait_for(lambda: find_button(app.node, 'Save Corrections'), 20, 'Save Corrections')
    wait_for(lambda: has_state(save, app.pyatspi.STATE_SENSITIVE), 20, 'Save to be enabled')
    do_action(save)

    def corrected():
        shown = cli(args, 'candidate', 'show', str(ids['Harvey Dent']))[0]
        return shown.get('headline') == 'Staff Machine Learning Engineer' or None
    try:
        wait_for(corrected, 20, 'the corrected headline in the store')
        saved = True
    except TimeoutError as e:
        log(str(e))
        saved = False
    ok(saved, 'a corrected headline is saved to the store')
    with sqlite3.connect(args.db) as db:
        row = db.execute('SELECT corrections FROM candidates WHERE id = ?',
                         (ids['Harvey Dent'],)).fetchone()
    ok(row is not None and row[0] is not None and
       json.loads(row[0]).get('headline') == 'Staff Machine Learning Engineer',
       'the correction is kept in the candidate’s corrections')


def find_outside_lists(root, role, name, depth=0):
    """find() that skips tables and lists: quick enough to catch a toast
    before it times out while a long table is on screen."""
    try:
        node_role = root.getRoleName()
        if node_role == role and root.name == name:
            return root
        if depth > 0 and ('table' in node_role or node_role == 'list'):
            return None
        for i in range(root.childCount):
            found = find_outside_lists(root.getChildAtIndex(i), role, name, depth + 1)
            if found is not None:
                return found
    except Exception:
        pass
    return None


def undo_beside(toast_label):
    """The Undo button of the toast showing this label. The toast lasts a
    few seconds: look beside its label, not through the whole window."""
    return (find_outside_lists(toast_label.parent, 'push button', 'Undo') or
            find_button(toast_label.parent, 'Undo') or
            find_button(toast_label.parent.parent, 'Undo'))


def check_erase(args, app):
    """Delete on the page asks, hides the candidate with an Undo toast;
    Undo keeps them. After the dialog the driver looks only inside the main
    window: GTK 4.8's accessibility bridge logs a critical when a client
    lists the application's windows right after a dialog closed."""
    main = app.main
    press(app, 0xffff)  # Delete
    dialog = None
    try:
        dialog = wait_for(lambda: find_button(app.node, 'Erase'), 20, 'the confirmation')
    except TimeoutError as e:
        log(str(e))
    ok(dialog is not None, 'Delete on the candidate page asks for confirmation')
    if dialog is None:
        return
    screenshot(args, 'candidate-erase-light')
    do_action(dialog)
    toast = None
    try:
        toast = wait_for(lambda: find_outside_lists(main, 'label', '‘Bruce Wayne’ erased'), 20,
                         'the undo toast')
    except TimeoutError as e:
        log(str(e))
    ok(toast is not None, 'erasing shows an Undo toast and goes back to the list')
    if toast is None:
        return
    # The toast lasts a few seconds: look for Undo beside its label only,
    # not through the whole table.
    do_action(wait_for(lambda: undo_beside(toast), 20, 'Undo'))
    wait_for(lambda: find(main, 'label', 'Bruce Wayne'), 20, 'Bruce Wayne back in the list')
    ok('Bruce Wayne' in candidate_ids(args), 'Undo keeps the candidate in the store')

    # Delete on the selected row, and no Undo this time: when the toast
    # goes, the candidate and their original are erased.
    originals = os.path.join(os.path.dirname(args.db), 'originals')

    def count_originals():
        return sum(len(files) for _, _, files in os.walk(originals))
    before = count_originals()
    click(app, wait_for(lambda: find(main, 'label', 'Bruce Wayne'), 20, 'Bruce Wayne'))
    press(app, 0xffff)  # Delete
    do_action(wait_for(lambda: find_button(app.node, 'Erase'), 20, 'the confirmation'))
    toast = wait_for(lambda: find_outside_lists(main, 'label', '‘Bruce Wayne’ erased'), 20,
                     'the undo toast')
    # Close the toast rather than wait for it (its timeout may not run while
    # the window has no focus under a bare X server).
    close = wait_for(lambda: [b for b in find_all(toast.parent.parent, 'push button')
                              if 'Undo' not in b.name], 20, 'the toast’s close button')
    do_action(close[0])
    try:
        wait_for(lambda: 'Bruce Wayne' not in candidate_ids(args), 30, 'the erasure')
        erased = True
    except TimeoutError as e:
        log(str(e))
        erased = False
    ok(erased, 'Delete on a selected row erases the candidate when the toast is closed')
    ok(count_originals() == before - 1,
       'the erased candidate’s original file is deleted (%d → %d)' % (before, count_originals()))


def check_search(args, app, suffix):
    root = app.main
    press(app, 0x66, control=True)  # Ctrl+F
    entry = wait_for(lambda: find(root, 'entry', 'Search candidates'), 20, 'the search entry')
    type_text(app, entry, 'machine learning')
    try:
        wait_for(lambda: find_all(root, None, 'Score'), 20, 'the Score column')
        wait_for(lambda: any(n.name.endswith('matches') or n.name.endswith('match')
                             for n in find_all(root, 'label')), 30, 'the match count')
        searched = True
    except TimeoutError as e:
        log(str(e))
        searched = False
    ok(searched, 'typing a query shows ranked results with a Score column (%s)' % suffix)
    hits = cli(args, 'search', 'machine learning', '--top', '1')
    ok(hits and find(root, 'label', hits[0]['name']) is not None,
       'the best match is in the results (%s)' % (hits[0]['name'] if hits else 'none'))
    screenshot(args, 'search-%s' % suffix)
    type_text(app, entry, '')
    try:
        wait_for(lambda: not find_all(root, None, 'Score') or None, 20, 'the full list')
        cleared = True
    except TimeoutError as e:
        log(str(e))
        cleared = False
    ok(cleared, 'an empty search shows the full list again (%s)' % suffix)


def import_run(args):
    good, many = make_import_folders(args)
    db = args.db + '.import'
    args_import = argparse.Namespace(**vars(args))
    args_import.db = db
    app = App(args_import, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light', 'SHORTLIST_DB': db})
    app.main = wait_for(lambda: app.window('Shortlist'), 20, 'the main window')
    try:
        try:
            check_import(args_import, app, good, many)
            if open_candidate(args_import, app, 'Harvey Dent', 'light'):
                check_corrections(args_import, app)
                press(app, 0xff1b)  # Escape: back to the list
                wait_for(lambda: find(app.node, 'entry', 'Search candidates'), 20, 'the list')
            if open_candidate(args_import, app, 'Bruce Wayne', 'second'):
                check_erase(args_import, app)
            check_search(args_import, app, 'light')
        except TimeoutError:
            screenshot(args, 'failure-import')
            app.dump(6, app.main)
            raise
    finally:
        app.close()

    app = App(args_import, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark', 'SHORTLIST_DB': db})
    app.main = wait_for(lambda: app.window('Shortlist'), 20, 'the main window')
    try:
        app.switch_to('Candidates')
        wait_for(lambda: app.label('Harvey Dent'), 30, 'the list in dark style')
        screenshot(args, 'candidates-dark')
        open_candidate(args_import, app, 'Harvey Dent', 'dark')
        press(app, 0xff1b)
        wait_for(lambda: find(app.node, 'entry', 'Search candidates'), 20, 'the list')
        check_search(args_import, app, 'dark')
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
        import_run(args)
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(started):
            stop(proc)

    print('1..%d' % len(results), flush=True)
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
