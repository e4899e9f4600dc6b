#!/usr/bin/python3
# Drives imports in the real `shortlist` and watches the Candidates list
# while they run: candidates must appear progressively (the list's count
# grows while the progress banner still shows), the list must end with every
# file, and the progress and Cancel button must go. Then a second batch is
# cancelled half-way: the batch stops, what was imported stays, and the
# summary says how many files were imported and how many skipped.
# Started by run-ui-test.sh; prints TAP.

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

spec = importlib.util.spec_from_file_location('ui_driver', os.path.join(HERE, 'ui-driver.py'))
ui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ui)
ok, log, wait_for = ui.ok, ui.log, ui.wait_for

# Enough plain-text resumes that an import takes well over ten seconds
# here, so the list is sampled many times while it runs; text
# keeps the files cheap to write, the extraction and parsing are the same
# path as for any other format.
BATCH = 6000

COUNT_RE = re.compile(r'^([\d,.\s\u00a0\u202f]+) candidates?$')
PROGRESS_RE = re.compile(r'^Importing (\d+) of (\d+)')


def write_batch(folder, first, n):
    os.makedirs(folder)
    for i in range(first, first + n):
        with open(os.path.join(folder, 'applicant-%05d.txt' % i), 'w') as f:
            f.write('Applicant Number %d\napplicant%d@example.com\n+44 7700 %06d\n\n'
                    'Bookkeeper\n\nEXPERIENCE\nAccounts clerk, Ledger Ltd, 2015 - 2020\n\n'
                    'SKILLS\nExcel, bookkeeping, payroll, ledger %d\n' % (i, i, i, i))


def store_count(args):
    return len(ui.cli(args, 'candidate', 'list'))


def find_named(root, name, depth=0):
    """The first node called name, without walking into tables and lists
    (the candidate table can hold hundreds of rows)."""
    try:
        if root.name == name:
            return root
        role = root.getRoleName()
        if depth > 0 and ('table' in role or role == 'list'):
            return None
        for i in range(root.childCount):
            found = find_named(root.getChildAtIndex(i), name, depth + 1)
            if found is not None:
                return found
    except Exception:
        pass
    return None


def labels_of(root, depth=0):
    """Every label's text under root, outside tables and lists."""
    found = []
    try:
        role = root.getRoleName()
        if role == 'label':
            found.append(root.name)
        if depth > 0 and ('table' in role or role == 'list'):
            return found
        for i in range(root.childCount):
            found += labels_of(root.getChildAtIndex(i), depth + 1)
    except Exception:
        pass
    return found


def table_rows(app):
    """How many candidate rows the table shows (GTK creates rows for what is
    on screen, so this is bounded by the window's height)."""
    table = ui.find(app.main, 'tree table', 'Candidates')
    if table is None:
        return 0
    body = ui.find(table, 'list')
    if body is None:
        return 0
    return sum(1 for i in range(body.childCount)
               if body.getChildAtIndex(i).getRoleName() == 'table row')


def table_row_names(app):
    """The names in the candidate rows the table shows, top first."""
    table = ui.find(app.main, 'tree table', 'Candidates')
    body = ui.find(table, 'list') if table is not None else None
    names = []
    for i in range(body.childCount if body is not None else 0):
        row = body.getChildAtIndex(i)
        label = ui.find(row, 'label') if row.getRoleName() == 'table row' else None
        if label is not None:
            names.append(label.name)
    return names


def text_of(node):
    """A label's text, asked of the application each time: the accessible
    name the client library caches may lag behind."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


class Watcher:
    """Reads the list's count label and the import banner's labels. The
    nodes are found once and then only read: while an import runs the
    application answers the accessibility bus between other work, and a
    walk through the window would take longer than the import."""

    def __init__(self, app):
        self.app = app
        self.banner = wait_for(lambda: find_named(app.main, 'SlImportBanner'), 20,
                               'the import banner')
        entry = wait_for(lambda: find_named(app.main, 'Search candidates'), 20,
                         'the candidate list')
        self.count_label = wait_for(lambda: self._count_label(entry.parent), 20,
                                    'the candidate count')
        self.progress_label = None

    @staticmethod
    def _count_label(box):
        for i in range(box.childCount):
            child = box.getChildAtIndex(i)
            if child.getRoleName() == 'label' and COUNT_RE.match(child.name or ''):
                return child
        return None

    def count(self):
        """The number of candidates the list says it holds, or None."""
        match = COUNT_RE.match(text_of(self.count_label))
        return int(re.sub(r'\D', '', match.group(1))) if match else None

    def banner_labels(self):
        return labels_of(self.banner)

    def summary(self, prefix):
        for text in self.banner_labels():
            if text.startswith(prefix):
                return text
        return None

    def find_progress_label(self):
        for node in ui.find_all(self.banner, 'label'):
            if PROGRESS_RE.match(node.name) or node.name == 'Looking for resumes…':
                self.progress_label = node
                return node
        return None

    def progress(self):
        """(done, total) from the progress label."""
        match = PROGRESS_RE.match(text_of(self.progress_label)) if self.progress_label else None
        return (int(match.group(1)), int(match.group(2))) if match else None

    def cancel_button(self):
        return ui.find_outside_lists(self.banner, 'push button', 'Cancel Import') or \
            ui.find_button(self.banner, 'Cancel Import')


def summary_number(summary, word):
    match = re.search(r'(\d+) %s' % word, summary)
    return int(match.group(1)) if match else None


def watch_import(watcher, finished_prefix, timeout):
    """Samples the list's count while the import runs: each sample reads the
    count first, then whether the summary is there yet, so a count read
    before the summary appeared was read while the import still ran.
    Returns the samples [(count, progress)] taken during the import, and
    the summary."""
    samples = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            count = watcher.count()
            progress = watcher.progress()
            summary = watcher.summary(finished_prefix)
        except Exception as e:  # a reply that took too long on a loaded machine
            log('no sample: %s' % e)
            count = progress = summary = None
        if summary is not None:
            return samples, summary
        if progress is not None and count is not None:
            samples.append((count, progress))
        if time.monotonic() > deadline:
            raise TimeoutError('timed out after %d s waiting for “%s”' % (timeout, finished_prefix))
        time.sleep(0.05)


def check_progressive(args, app, watcher, folder, before):
    ui.activate_window_action('import-paths', ui.app_variant_strv([folder]))
    try:
        wait_for(watcher.cancel_button, 20, 'the progress banner with Cancel')
        shown = True
    except TimeoutError as e:
        log(str(e))
        shown = False
    ok(shown, 'the import shows progress with a Cancel button')
    wait_for(watcher.find_progress_label, 20, 'the progress label')

    samples, summary = watch_import(watcher, 'Import finished', 300)
    during = [count for count, (done, total) in samples if done < total]
    log('%d samples during the import; counts seen: %s' %
        (len(samples), sorted(set(during))))
    growing = [c - before for c in during if before < c < before + BATCH]
    ok(len(growing) > 0,
       'candidates appear in the list while the import runs (%s of %d)'
       % (growing[0] if growing else 'none', BATCH))
    # How many reloads the poll sees depends on how fast the accessibility
    # bus answers; what must hold for every one is that the list never
    # shrinks or empties while the import adds to it.
    seen = [count for count, (done, total) in samples]
    ok(len(seen) > 0 and min(seen) >= before and
       all(a <= b for a, b in zip(seen, seen[1:])),
       'the list only grows during the import (%d samples, %s)'
       % (len(seen), sorted(set(seen))[:8]))
    ok(summary_number(summary, 'imported') == BATCH,
       'the summary counts every file (%s)' % summary)

    try:
        wait_for(lambda: watcher.count() == before + BATCH, 30, 'the full count')
        full = True
    except TimeoutError as e:
        log(str(e))
        full = False
    ok(full, 'the list reaches the full count (%s of %d)' % (watcher.count(), before + BATCH))
    ok(store_count(args) == before + BATCH, 'the store holds every candidate')
    ok(table_rows(app) > 0, 'the table shows candidate rows (%d on screen)' % table_rows(app))
    # Newest first, and the table stayed at the top while rows arrived
    # above the ones it showed.
    names = table_row_names(app)
    ok('applicant-%05d' % (BATCH - 1) in names,
       'the table shows the newest candidates at the top (%s)' % names[:3])
    ok(not any(PROGRESS_RE.match(t) for t in watcher.banner_labels()) and
       watcher.cancel_button() is None,
       'the progress and the Cancel button are gone when the import ends')
    ui.screenshot(args, 'import-progressive-done')


def check_cancel(args, app, watcher, folder, before):
    ui.activate_window_action('import-paths', ui.app_variant_strv([folder]))
    cancel = wait_for(watcher.cancel_button, 20, 'the Cancel button of the second import')
    wait_for(watcher.find_progress_label, 20, 'the progress label')

    # Cancel once some of the batch is stored, well before the end.
    def started():
        progress = watcher.progress()
        return progress is not None and 0 < progress[0] <= progress[1] * 4 // 5
    try:
        wait_for(started, 120, 'the first files of the second batch')
        running = True
    except TimeoutError as e:
        log(str(e))
        running = False
    ok(running, 'the second import is under way (%s)' % (watcher.progress(),))
    ui.do_action(cancel)

    summary = None
    try:
        summary = wait_for(lambda: watcher.summary('Import cancelled'), 60, 'the cancelled summary')
    except TimeoutError as e:
        log(str(e))
    # A dismissed banner is hidden from the accessibility tree as well as
    # from the screen, so finding the summary means it is on screen. The
    # first import's Dismiss was pressed just before this import started:
    # its late click must not put this import's banner away.
    ok(summary is not None, 'Cancel stops the import with a summary on screen (%s)' % summary)
    if summary is None:
        return
    ui.screenshot(args, 'import-cancelled')
    imported = summary_number(summary, 'imported')
    skipped = summary_number(summary, 'skipped')
    duplicates = summary_number(summary, 'duplicates?')
    problems = summary_number(summary, 'problems?')
    ok(imported is not None and skipped is not None and 0 < imported < BATCH and skipped > 0,
       'the summary says how many were imported and how many skipped (%s)' % summary)
    ok(imported is not None and skipped is not None and
       imported + skipped + (duplicates or 0) + (problems or 0) == BATCH,
       'imported and skipped files add up to the batch')
    ok(problems == 0 and watcher.cancel_button() is None and
       ui.find_outside_lists(watcher.banner, 'push button', 'Show Problems') is None,
       'skipped files are not reported as problems')
    # The import's task has completed when the summary shows: nothing more
    # can be written by it.
    stored = store_count(args)
    ok(imported is not None and stored == before + imported,
       'the candidates imported before Cancel stay in the store (%d = %d + %s)'
       % (stored, before, imported))
    try:
        wait_for(lambda: watcher.count() == stored, 30, 'the list to match the store')
        matched = True
    except TimeoutError as e:
        log(str(e))
        matched = False
    ok(matched, 'the list shows them (%s)' % watcher.count())

    dismiss = ui.find_outside_lists(watcher.banner, 'push button', 'Dismiss')
    if dismiss is not None:
        ui.do_action(dismiss)
    try:
        wait_for(lambda: not watcher.banner_labels(), 20, 'the banner to go')
        gone = True
    except TimeoutError as e:
        log(str(e))
        gone = False
    ok(dismiss is not None and gone, 'Dismiss puts the summary away')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shortlist', required=True)
    parser.add_argument('--cli', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--screenshots', required=True)
    args = parser.parse_args()

    base = os.path.join(os.path.dirname(args.db), 'import-batches')
    shutil.rmtree(base, ignore_errors=True)
    first = os.path.join(base, 'first')
    second = os.path.join(base, 'second')
    write_batch(first, 0, BATCH)
    write_batch(second, BATCH, BATCH)

    # One candidate to begin with, so the list (and its count) shows from
    # the start.
    seed = os.path.join(base, 'seed')
    write_batch(seed, 2 * BATCH, 1)
    ui.cli(args, 'import', seed)

    app = None
    try:
        ui.start_a11y_bus()
        app = ui.App(args, {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light'})
        app.main = wait_for(lambda: app.window('Shortlist'), 20, 'the main window')
        app.switch_to('Candidates')
        watcher = Watcher(app)
        ok(watcher.count() == 1, 'the list counts the one candidate at the start')
        try:
            check_progressive(args, app, watcher, first, 1)
            dismiss = ui.find_outside_lists(watcher.banner, 'push button', 'Dismiss') or \
                ui.find_button(watcher.banner, 'Dismiss')
            if dismiss is not None:
                ui.do_action(dismiss)
            check_cancel(args, app, watcher, second, store_count(args))
        except TimeoutError:
            ui.screenshot(args, 'failure-import-progress')
            app.dump(8, app.main)
            raise
    except Exception as e:
        ok(False, 'driver: %s: %s' % (type(e).__name__, e))
    finally:
        for proc in reversed(ui.started):
            ui.stop(proc)
        shutil.rmtree(base, ignore_errors=True)

    print('1..%d' % len(ui.results), flush=True)
    return 0 if all(ui.results) else 1


if __name__ == '__main__':
    sys.exit(main())
