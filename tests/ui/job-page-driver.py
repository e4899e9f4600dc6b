#!/usr/bin/python3
# Drives a job's page in the real `shortlist` through the accessibility tree:
# a job and resumes added with shortlist-cli, the page opened from the Jobs
# view, requirements edited, candidates screened and ranked. Started by
# run-ui-test.sh inside its own session bus and X server; prints TAP.

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), 'data')
JOB_TITLE = 'Senior Backend Engineer'
# Local files are all the test needs: no gvfs in this private session bus.
APP_ENV = {'GIO_USE_VFS': 'local', 'GIO_USE_VOLUME_MONITOR': 'unix'}
TOP_CANDIDATE = 'Priya Okonkwo'

spec = importlib.util.spec_from_file_location('ui_driver', os.path.join(HERE, 'ui-driver.py'))
ui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ui)
ok, log, wait_for, find, find_all, find_button = (ui.ok, ui.log, ui.wait_for, ui.find,
                                                  ui.find_all, ui.find_button)


def add_data(args):
    ui.cli(args, 'job', 'add', '--file', os.path.join(DATA, 'jobs', 'backend-eng.txt'))
    resumes = os.path.join(DATA, 'resumes')
    files = sorted(os.path.join(resumes, f) for f in os.listdir(resumes) if f.endswith('.pdf'))
    files += sorted(os.path.join(resumes, 'jsonresume', f)
                    for f in os.listdir(os.path.join(resumes, 'jsonresume'))
                    if f.endswith('.json'))
    imported = ui.cli(args, 'import', *files)
    log('imported %d resumes' % len(imported))
    return len(imported)


def parsed_requirements(args):
    with sqlite3.connect(args.db) as db:
        return json.loads(db.execute('SELECT parsed FROM jobs').fetchone()[0])


def ranking_names(app):
    """The candidate names of the ranking's rows, top first, as shown."""
    view = find(app.node, 'list', 'Ranking')
    if view is None:
        return None
    names = []
    for item in find_all(view, 'list item'):
        labels = [n.name for n in find_all(item, 'label')]
        # Rank, then name.
        if len(labels) >= 2:
            names.append((int(labels[0]) if labels[0].isdigit() else 0, labels[1]))
    return [name for _, name in sorted(names)] or None


def find_prefix(root, role, prefix):
    # GTK 4.8 leaves the mnemonic underscore in some names.
    for node in find_all(root, role):
        if node.name.replace('_', '').startswith(prefix):
            return node
    return None


def list_has_focus(app, name):
    """Widgets on a hidden stack page stay in the tree once shown, so the
    focus tells which page is up: going back focuses the jobs list."""
    view = find(app.node, 'list', name)
    if view is None:
        return False
    return any(node.getState().contains(app.pyatspi.STATE_FOCUSED) for node in ui.walk(view))


def all_switch(app):
    # GTK 4.8 shows a GtkSwitch as a check box named after its label twice.
    for node in find_all(app.node, 'check box') + find_all(app.node, 'switch'):
        if node.name.startswith('All candidates'):
            return node
    return None


def open_page(app):
    app.switch_to('Jobs')
    row = wait_for(lambda: find(app.node, 'list item'), 20, 'the job row')
    ui.double_click(app, row)
    return wait_for(lambda: find_button(app.node, 'Screen Candidates'), 20, 'the job page')


def screen(app, suffix, timeout=120):
    do = wait_for(lambda: find_button(app.node, 'Screen Candidates') or
                  find_button(app.node, 'Screen Again'), 20, 'the Screen button')
    ui.do_action(do)
    return wait_for(lambda: ranking_names(app), timeout, 'the ranking (%s)' % suffix)


def save_through_dialog(app, button, title, path):
    """Presses an export button and saves to path through GTK's own file
    chooser (there is no portal in the test session)."""
    ui.do_action(wait_for(lambda: find_prefix(app.node, 'push button', button), 20, button))
    dialog = wait_for(lambda: app.window(title), 20, 'the “%s” dialog' % title)
    entry = wait_for(lambda: find(dialog, 'text', None), 20, 'the file name entry')
    for node in find_all(dialog, 'text'):
        try:
            text = node.queryText()
            if text.getText(0, text.characterCount).endswith(('.csv', '.pdf')):
                entry = node
                break
        except Exception:
            continue
    ui.type_text(app, entry, path)
    ui.do_action(wait_for(lambda: find_button(dialog, 'Export'), 20, 'the Export button'))
    wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 30, path)


def export(args, app):
    folder = os.path.dirname(args.db)
    csv_path = os.path.join(folder, 'ranking.csv')
    pdf_path = os.path.join(folder, 'ranking-blind.pdf')
    try:
        save_through_dialog(app, 'Export CSV', 'Export CSV', csv_path)
        with open(csv_path, encoding='utf-8') as f:
            text = f.read()
        exported = TOP_CANDIDATE in text
    except TimeoutError as e:
        log(str(e))
        exported = False
    ok(exported, 'Export CSV writes the ranking with names')
    try:
        wait_for(lambda: app.label('Exported ‘ranking.csv’'), 20, 'the export toast')
        toasted = True
    except TimeoutError as e:
        log(str(e))
        toasted = False
    ok(toasted, 'a toast says the export is done')

    # GTK 4.8's check button offers no accessible action: click it.
    ui.click(app, wait_for(lambda: find_prefix(app.node, 'check box', 'Blind report'), 20,
                           'the Blind report check'))
    try:
        save_through_dialog(app, 'Export PDF', 'Export PDF Report', pdf_path)
        with open(pdf_path, 'rb') as f:
            blind = f.read(4) == b'%PDF'
        # The text is compressed: read it back when poppler's tools are here.
        if blind and shutil.which('pdftotext'):
            text = subprocess.run(['pdftotext', pdf_path, '-'], capture_output=True, text=True,
                                  check=True, timeout=60).stdout
            blind = 'Senior Backend Engineer' in text and TOP_CANDIDATE not in text
    except TimeoutError as e:
        log(str(e))
        blind = False
    ok(blind, 'Export PDF writes a blind report')


def light_run(args, n_imported):
    app = ui.App(args, dict(APP_ENV, ADW_DEBUG_COLOR_SCHEME='prefer-light'))
    try:
        open_page(app)
        ok(True, 'activating a job opens its page')
        shown = wait_for(lambda: app.label('Python') and app.label('FastAPI'), 20,
                         'the parsed skills as chips')
        ok(bool(shown), 'the page shows the parsed required and preferred skills')
        ok(app.label('Not Screened Yet') is not None, 'a new page says it is not screened yet')
        ui.screenshot(args, 'job-page-light')

        # Nobody applied: screening linked candidates says what to do.
        ui.do_action(find_button(app.node, 'Screen Candidates'))
        try:
            wait_for(lambda: app.label('No Candidates to Screen'), 60, 'the empty state')
            empty = True
        except TimeoutError as e:
            log(str(e))
            empty = False
        ok(empty, 'screening a job nobody applied to explains what to do')
        ui.screenshot(args, 'job-page-empty-light')

        # Every candidate.
        switch = wait_for(lambda: all_switch(app), 20, 'the All candidates switch')
        ui.do_action(switch)
        start = time.monotonic()
        names = screen(app, 'light')
        log('ranked in %.1f s: %s' % (time.monotonic() - start, ', '.join(names[:5])))
        ok(names[0] == TOP_CANDIDATE, 'the first row names %s (%s)' % (TOP_CANDIDATE, names[0]))
        ok(app.label('%d candidates ranked · ' % n_imported, ) is not None or
           any(n.name.startswith('%d candidates ranked' % n_imported)
               for n in find_all(app.node, 'label')),
           'the summary counts every candidate')
        ok(find(app.node, None, 'Score distribution') is not None,
           'the score distribution is shown')
        badges = [n.name for n in find_all(app.node, 'label') if n.name in ('Shortlist', 'Reject')]
        ok(len(badges) > 0, 'decisions are written out, not only coloured (%d badges)'
           % len(badges))

        # The first row's explanation.
        why = wait_for(lambda: find(find(app.node, 'list', 'Ranking'), None, 'Why'), 20,
                       'the first explanation')
        ui.click(app, why)
        try:
            wait_for(lambda: any(n.name.startswith('Matched skills:')
                                 for n in find_all(app.node, 'label')), 20, 'the explanation')
            explained = True
        except TimeoutError as e:
            log(str(e))
            explained = False
        ok(explained, 'a row expands to its explanation')
        ui.screenshot(args, 'job-page-ranking-light')

        # Edit the requirements: a skill removed is saved into the job.
        before = parsed_requirements(args)
        remove = wait_for(lambda: find_button(app.node, 'Remove ‘Redis’'), 20, 'Remove Redis')
        ui.do_action(remove)
        try:
            wait_for(lambda: 'Redis' not in parsed_requirements(args)['mandatory_skills'], 20,
                     'the edited requirements in the store')
            saved = True
        except TimeoutError as e:
            log(str(e))
            saved = False
        ok(saved and 'Redis' in before['mandatory_skills'],
           'removing a skill saves the job’s parsed requirements')
        move = wait_for(lambda: find_button(app.node, 'Make ‘FastAPI’ required'), 20,
                        'Make FastAPI required')
        ui.do_action(move)
        try:
            wait_for(lambda: 'FastAPI' in parsed_requirements(args)['mandatory_skills'], 20,
                     'FastAPI moved')
            moved = True
        except TimeoutError as e:
            log(str(e))
            moved = False
        ok(moved, 'a preferred skill can be made required')
        entry = wait_for(lambda: find(app.node, 'text', 'New skill'), 20, 'the skill entry')
        ui.type_text(app, entry, 'Rust')
        ui.do_action(wait_for(lambda: find_button(app.node, 'Preferred'), 20, 'Preferred'))
        try:
            wait_for(lambda: 'Rust' in parsed_requirements(args)['preferred_skills'], 20,
                     'Rust added')
            added = app.label('Rust') is not None
        except TimeoutError as e:
            log(str(e))
            added = False
        ok(added, 'a typed skill is added as a preferred skill')
        ok(wait_for(lambda: find_button(app.node, 'Screen Again'), 20, 'Screen Again')
           is not None, 'after an edit the page offers to screen again')
        names = screen(app, 'again')
        ok(names[0] == TOP_CANDIDATE, 'screening again still ranks %s first' % TOP_CANDIDATE)

        # Back to the list with Escape (before any file dialog: without a
        # window manager the keyboard does not come back to the main window).
        ui.press(app, 0xff1b)  # Escape
        try:
            wait_for(lambda: list_has_focus(app, 'Jobs'), 20, 'the focus in the jobs list')
            back = True
        except TimeoutError as e:
            log(str(e))
            back = False
            ui.screenshot(args, 'job-page-escape-failed')
            for node in ui.walk(app.node):
                try:
                    if node.getState().contains(app.pyatspi.STATE_FOCUSED):
                        log('focused: %s “%s”' % (node.getRoleName(), node.name))
                except Exception:
                    pass
        ok(back, 'Escape goes back to the jobs list')

        # The same job again keeps its ranking; export it.
        row = wait_for(lambda: find(find(app.node, 'list', 'Jobs'), 'list item'), 20, 'the row')
        ui.double_click(app, row)
        wait_for(lambda: find_button(app.node, 'Screen Again'), 20, 'the page again')
        ok(ranking_names(app)[0] == TOP_CANDIDATE, 'reopening the job keeps its ranking')
        export(args, app)
    except TimeoutError:
        app.dump(30)
        raise
    finally:
        app.close()


def reopened_page(app):
    app.switch_to('Jobs')
    row = wait_for(lambda: find(app.node, 'list item'), 20, 'the job row')
    ui.double_click(app, row)
    return wait_for(lambda: find_button(app.node, 'Screen Again'), 30, 'the page with its ranking')


def dark_run(args):
    app = ui.App(args, dict(APP_ENV, ADW_DEBUG_COLOR_SCHEME='prefer-dark'))
    try:
        # A new start reads the last ranking back from the store.
        try:
            reopened_page(app)
            names = wait_for(lambda: ranking_names(app), 30, 'the stored ranking')
        except TimeoutError as e:
            log(str(e))
            names = None
        ok(names is not None and names[0] == TOP_CANDIDATE,
           'after a restart the job page shows the earlier ranking (%s)' % (names or [None])[0])
        ok(any(' · screened ' in n.name and ' ago' in n.name or 'just now' in n.name
               for n in find_all(app.node, 'label')),
           'the summary says when the ranking was made')
        ok(not any(n.name.startswith('The requirements changed') and
                   n.getState().contains(app.pyatspi.STATE_SHOWING)
                   for n in find_all(app.node, 'label')),
           'a ranking made after the last edit is not marked stale')
        ui.screenshot(args, 'job-page-reloaded-dark')
        switch = wait_for(lambda: all_switch(app), 20, 'the All candidates switch')
        ui.do_action(switch)
        names = screen(app, 'dark')
        ok(names[0] == TOP_CANDIDATE, 'the dark run ranks %s first too' % TOP_CANDIDATE)
        ui.screenshot(args, 'job-page-ranking-dark')
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
        ui.start_a11y_bus()
        n_imported = add_data(args)
        light_run(args, n_imported)
        dark_run(args)
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
