#!/usr/bin/python3
# Drives the Reviews and Models views of the real `shortlist` through AT-SPI.
# Started by run-ui-test.sh inside its own session bus and X server; prints TAP.
#
# Prepares a database with shortlist-cli (fixture resumes, a job, a
# screening of every candidate), reviews results with the keyboard, undoes
# one, trains through the Train Now button and with the CLI, and looks at
# both views in the light and the dark style.

import argparse
import importlib.util
import os
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
spec = importlib.util.spec_from_file_location('ui_driver', os.path.join(HERE, 'ui-driver.py'))
ui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ui)

ok, log, wait_for, find, find_button, do_action = (ui.ok, ui.log, ui.wait_for, ui.find,
                                                   ui.find_button, ui.do_action)
KEY_S, KEY_R, KEY_Z, KEY_K = 0x73, 0x72, 0x7a, 0x6b


def cli_status(args):
    return ui.cli(args, 'training-status')[0]


def prepare(args):
    data = os.path.join(SOURCE, 'tests', 'data')
    resumes = os.path.join(data, 'resumes')
    files = sorted(os.path.join(resumes, name) for name in os.listdir(resumes)
                   if name.endswith('.pdf'))
    ui.cli(args, 'import', *files)
    job = ui.cli(args, 'job', 'add', '--title', 'Backend Engineer', '--file',
                 os.path.join(data, 'jobs', 'backend-eng.txt'))[0]['job_id']
    screened = ui.cli(args, 'screen', str(job), '--all')
    log('screened %d candidates for job %d' % (len(screened), job))
    return len(screened)


def counts_label(app, reviewed, remaining):
    return app.label('%d reviewed · %d remaining' % (reviewed, remaining))


def review_with_keyboard(args, app, total):
    app.switch_to('Reviews')
    try:
        wait_for(lambda: counts_label(app, 0, total), 30, 'the review counts')
        shown = True
    except TimeoutError as e:
        log(str(e))
        shown = False
    ok(shown, 'Reviews shows 0 reviewed · %d remaining' % total)
    ok(app.label('Result under review') is not None or find(app.node, None, 'Result under review')
       is not None, 'a result is shown for review')
    ui.screenshot(args, 'reviews-queue-light')

    steps = ((KEY_S, False, 1, total - 1, 'S shortlists'),
             (KEY_R, False, 2, total - 2, 'R rejects'),
             (KEY_Z, True, 1, total - 1, 'Ctrl+Z undoes the last review'))
    for key, control, reviewed, remaining, what in steps:
        ui.press(app, key, control=control)
        try:
            wait_for(lambda: counts_label(app, reviewed, remaining), 30,
                     '%d reviewed · %d remaining' % (reviewed, remaining))
            done = True
        except TimeoutError as e:
            log(str(e))
            done = False
        ok(done, '%s (%d reviewed · %d remaining)' % (what, reviewed, remaining))

    status = cli_status(args)
    ok(status['total_samples'] == 1 and status['positive_samples'] == 1,
       'training-status counts the one review left after undo (%r)' % status)

    ui.press(app, KEY_K)
    ok(counts_label(app, 1, total - 1) is not None, 'K skips without reviewing')
    ui.press(app, KEY_R)
    wait_for(lambda: counts_label(app, 2, total - 2), 30, 'the second review')
    # N opens the note; Enter keeps it for the next decision.
    ui.press(app, 0x6e)  # n
    entry = wait_for(lambda: find(app.node, 'text', 'Note for this decision'), 20,
                     'the note entry')
    ui.type_text(app, entry, 'Strong backend experience')
    ui.press(app, 0xff0d)  # Return
    try:
        wait_for(lambda: app.label('Note: Strong backend experience'), 20, 'the note')
        noted = True
    except TimeoutError as e:
        log(str(e))
        noted = False
    ok(noted, 'N adds a note to the decision')
    ui.screenshot(args, 'reviews-note-light')
    # Training needs two samples of each class.
    ui.press(app, KEY_S)
    wait_for(lambda: counts_label(app, 3, total - 3), 30, 'the third review')
    ui.press(app, KEY_R)
    wait_for(lambda: counts_label(app, 4, total - 4), 30, 'the fourth review')
    status = cli_status(args)
    ok(status['total_samples'] == 4 and status['negative_samples'] == 2,
       'two shortlists and two rejects are stored (%r)' % status)
    wait_for(lambda: app.label('4 samples · 2 shortlisted · 2 rejected'), 30,
             'the training status in the view')
    ok(True, 'the Reviews view shows the training status')
    ui.screenshot(args, 'reviews-light')
    check_blind(args, app)


def check_blind(args, app):
    blind = wait_for(lambda: app.label('Blind review'), 20, 'Blind review')
    ui.click(app, blind)
    try:
        wait_for(lambda: app.label('Name and contact details hidden for blind review'), 20,
                 'the blind review note')
        hidden = True
    except TimeoutError as e:
        log(str(e))
        hidden = False
    resume = find(app.node, 'text', 'Resume')
    text = ''
    if resume is not None:
        content = resume.queryText()
        text = content.getText(0, content.characterCount)
    ok(hidden and '@' not in text and '[hidden]' in text,
       'blind review hides the name and contact details, also in the resume')
    ui.screenshot(args, 'reviews-blind-light')
    ui.click(app, blind)
    wait_for(lambda: app.label('Name and contact details hidden for blind review') is None, 20,
             'blind review to end')


def train_with_button(args, app):
    app.switch_to('Models')
    wait_for(lambda: app.label('No Trained Models Yet'), 30, 'the empty Models view')
    train = wait_for(lambda: find_button(app.node, 'Train Now'), 20, 'the Train Now button')
    do_action(train)
    try:
        toast = wait_for(lambda: app.label('Version 1 is active: ROC AUC') or
                         next((n for n in ui.find_all(app.node, 'label')
                               if n.name.startswith('Version 1 is active')), None),
                         120, 'the training toast')
        log('toast: ' + toast.name)
        trained = True
    except TimeoutError as e:
        log(str(e))
        trained = False
    ok(trained, 'Train Now trains version 1 and says so in a toast')
    models = ui.cli(args, 'models', 'list')
    ok(len(models) >= 1, 'the version is in the store (%d listed)' % len(models))
    try:
        wait_for(lambda: app.label('Evaluated') or next(
            (n for n in ui.find_all(app.node, 'label') if 'evaluated on' in n.name), None),
            20, 'the details of the selected version')
        shown = True
    except TimeoutError as e:
        log(str(e))
        shown = False
    ok(shown, 'the Models view shows the selected version’s metrics')
    ui.screenshot(args, 'models-light')


def light_run(args, total):
    app = ui.App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light'})
    try:
        review_with_keyboard(args, app, total)
        train_with_button(args, app)
    except TimeoutError:
        app.dump(6)
        raise
    finally:
        app.close()


def active_version(args):
    return [m['version'] for m in ui.cli(args, 'models', 'list') if m['active']]


def confirm(args, app, button, heading, response, name):
    do_action(wait_for(lambda: find_button(app.node, button), 20, button))
    dialog = wait_for(lambda: ui.top_level_with(app, 'label', heading), 20, heading)
    ui.screenshot(args, name)
    do_action(wait_for(lambda: find_button(dialog, response), 20, response))


def open_job_models(args):
    """The model versions behind the current results of the open jobs."""
    with sqlite3.connect(args.db) as db:
        return {row[0] for row in db.execute(
            "SELECT DISTINCT coalesce (s.model_id, 0) FROM screenings s"
            " JOIN jobs j ON j.id = s.job_id WHERE s.current = 1 AND j.status = 'open'"
            " AND s.id >= coalesce ((SELECT first_id FROM screening_runs r"
            "                        WHERE r.job_id = s.job_id), 0)")}


def rescreened_with(args, version, name):
    try:
        wait_for(lambda: open_job_models(args) == {version}, 60,
                 'the open jobs re-screened with version %d' % version)
        done = True
    except TimeoutError as e:
        log('%s: %s' % (e, open_job_models(args)))
        done = False
    ok(done, name)


def activate_and_roll_back(args, app):
    """Version 2 (selected, newest) is activated after a confirmation, then
    Roll Back returns to version 1; shadow mode needs no confirmation."""
    confirm(args, app, 'Activate', 'Activate Version 2?', 'Activate', 'models-activate-dark')
    try:
        wait_for(lambda: active_version(args) == [2], 20, 'version 2 to be active')
        done = True
    except TimeoutError as e:
        log(str(e))
        done = False
    ok(done, 'Activate, once confirmed, makes the selected version active')
    rescreened_with(args, 2, 'activation re-screens the open jobs in the background')
    ui.screenshot(args, 'models-rescreened-dark')
    confirm(args, app, 'Roll Back', 'Roll Back the Model?', 'Roll Back', 'models-rollback-dark')
    try:
        wait_for(lambda: active_version(args) == [1], 20, 'version 1 to be active again')
        done = True
    except TimeoutError as e:
        log(str(e))
        done = False
    ok(done, 'Roll Back, once confirmed, returns to the version active before')
    rescreened_with(args, 1, 'a rollback re-screens the open jobs with the earlier version')
    wait_for(lambda: find_button(app.node, 'Run in Shadow'), 20, 'Run in Shadow')
    do_action(find_button(app.node, 'Run in Shadow'))
    try:
        wait_for(lambda: [m['version'] for m in ui.cli(args, 'models', 'list') if m['shadow']]
                 == [2], 20, 'version 2 in shadow')
        wait_for(lambda: find_button(app.node, 'Stop Shadow'), 20, 'Stop Shadow')
        done = True
    except TimeoutError as e:
        log(str(e))
        done = False
    ok(done, 'Run in Shadow puts the selected version in shadow mode')
    ui.screenshot(args, 'models-shadow-dark')


def set_training_threshold(app, value):
    ui.open_menu_item(app, 'Preferences')
    window = wait_for(lambda: app.window('Preferences'), 20, 'the preferences window')
    def training_spin():
        # The decision threshold goes to 100, the training threshold far beyond.
        for node in ui.find_all(window, 'spin button'):
            if node.queryValue().maximumValue > 1000:
                return node
        return None
    spin = wait_for(training_spin, 20, 'the training threshold')
    spin.queryValue().currentValue = value
    wait_for(lambda: spin.queryValue().currentValue == value, 20, 'the new threshold')
    ui.press(app, 0xff1b)  # Escape closes the preferences
    wait_for(lambda: app.window('Preferences') is None, 20, 'the preferences to close')


def auto_train(args, app, remaining):
    """With the threshold at 10, ten new reviews make the app train by itself."""
    set_training_threshold(app, 10)
    app.switch_to('Reviews')
    wait_for(lambda: counts_label(app, 0, remaining), 30, 'the review counts')
    for i in range(10):
        ui.press(app, KEY_S if i % 2 == 0 else KEY_R)
        wait_for(lambda: counts_label(app, i + 1, remaining - i - 1), 30,
                 'review %d' % (i + 1))
    ok(True, 'ten more results reviewed with the keyboard')
    try:
        toast = wait_for(lambda: next((n for n in ui.find_all(app.node, 'label')
                                       if n.name.startswith('Trained by itself')), None),
                         120, 'the auto-training toast')
        log('toast: ' + toast.name)
        trained = True
    except TimeoutError as e:
        log(str(e))
        trained = False
    ok(trained, 'the app trains by itself once the threshold is reached')
    ui.screenshot(args, 'reviews-auto-train-dark')
    ok(len(ui.cli(args, 'models', 'list')) == 3, 'the automatic version is stored')


def dark_run(args, total):
    data = os.path.join(SOURCE, 'tests', 'data', 'jobs')
    extra = 0
    for name in ('frontend-eng.txt', 'ml-eng.txt', 'product-manager.txt'):
        job = ui.cli(args, 'job', 'add', '--title', name[:-4], '--file',
                     os.path.join(data, name))[0]['job_id']
        extra += len(ui.cli(args, 'screen', str(job), '--all'))
    out = subprocess.run([args.cli, '--db', args.db, '--json', 'train', '--force',
                          '--min-samples', '2'], capture_output=True, text=True, timeout=120)
    log('train: %s %s' % (out.stdout.strip(), out.stderr.strip()))
    ok(out.returncode == 0, 'shortlist-cli train --force --min-samples 2 trains a version')

    app = ui.App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark'})
    try:
        app.switch_to('Reviews')
        wait_for(lambda: counts_label(app, 0, total - 4 + extra), 30, 'the review counts')
        ok(True, 'the queue holds %d results' % (total - 4 + extra))
        ui.screenshot(args, 'reviews-dark')
        app.switch_to('Models')
        try:
            wait_for(lambda: app.label('Version 2'), 30, 'version 2 in the list')
            listed = True
        except TimeoutError as e:
            log(str(e))
            listed = False
        ok(listed, 'the version trained by the CLI appears in the Models view')
        ok(app.label('Version 1') is not None, 'the earlier version is still listed')
        ui.screenshot(args, 'models-dark')
        activate_and_roll_back(args, app)
        auto_train(args, app, total - 4 + extra)
        app.switch_to('Models')
        wait_for(lambda: app.label('Version 3'), 30, 'version 3 in the list')
        ui.screenshot(args, 'models-auto-dark')
        # Scroll the details down to the trend across versions.
        details = wait_for(lambda: find(app.node, 'label', 'Log loss'), 20, 'the metrics')
        for _ in range(8):
            ui.click(app, details, 'b5c')
        ui.screenshot(args, 'models-trend-dark')
    except TimeoutError:
        app.dump(6)
        raise
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
        total = prepare(args)
        ok(total >= 3, 'the CLI screened the fixture resumes (%d results)' % total)
        light_run(args, total)
        dark_run(args, total)
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
