#!/usr/bin/python3
# Checks flatpak/io.github.shortlist.Shortlist.json without building it (the
# GNOME runtime cannot be downloaded here):
#
#  - it is valid JSON without duplicate keys, and flatpak-builder reads it
#    without warnings (flatpak-builder --show-manifest, when installed);
#  - the id, runtime, sdk and command are right, and finish-args are exactly
#    the minimal set Shortlist needs (the camera goes through the portal);
#  - every source is a pinned https archive or file with a sha256, or a
#    local directory that exists;
#  - the last module builds Shortlist itself with meson and -Dtests=false;
#  - every dependency('…') and find_library('…') named in the meson.build
#    files is either in the GNOME runtime or built by a module.
#
# Usage: check-flatpak-manifest.py SOURCE_ROOT [MANIFEST]
#        check-flatpak-manifest.py --selftest SOURCE_ROOT [MANIFEST]
# Exit status 0 when every check passes. Output is TAP.

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.shortlist.Shortlist'

REQUIRED_FINISH_ARGS = {
    '--share=ipc',
    '--socket=fallback-x11',
    '--socket=wayland',
    '--device=dri',
    '--share=network',
    '--socket=pulseaudio',
    '--talk-name=org.freedesktop.secrets',
}

# What org.gnome.Platform/Sdk (on top of the freedesktop SDK) already ships,
# as pkg-config or library names. Checked against gnome-build-meta's
# elements/sdk-platform.bst and freedesktop-sdk's components. Poppler is
# deliberately absent: the GNOME runtime does not ship it.
RUNTIME_PROVIDES = {
    # GLib, GTK, libadwaita and friends (gnome-build-meta sdk/)
    'glib-2.0', 'gio-2.0', 'gio-unix-2.0', 'gobject-2.0', 'gmodule-2.0',
    'gthread-2.0', 'gtk4', 'libadwaita-1', 'json-glib-1.0', 'libsoup-3.0',
    'libsecret-1', 'gdk-pixbuf-2.0', 'graphene-gobject-1.0', 'pango',
    'pangocairo', 'librsvg-2.0', 'libportal', 'libportal-gtk4',
    # GStreamer core, base and good plugins
    'gstreamer-1.0', 'gstreamer-base-1.0', 'gstreamer-app-1.0',
    'gstreamer-audio-1.0', 'gstreamer-video-1.0', 'gstreamer-pbutils-1.0',
    'gstreamer-plugins-base-1.0', 'gstreamer-allocators-1.0',
    'gstreamer-tag-1.0', 'gstreamer-check-1.0',
    # freedesktop SDK components
    'sqlite3', 'libarchive', 'libxml-2.0', 'cairo', 'cairo-pdf', 'cairo-gobject',
    'fontconfig', 'freetype2', 'harfbuzz', 'zlib', 'libcurl', 'openssl',
    'libcrypto', 'gnutls', 'libpng', 'libjpeg', 'libtiff-4', 'libwebp',
    'libopenjp2', 'lcms2', 'vpx', 'opus', 'ogg', 'vorbis', 'sndfile',
    'libpulse', 'libpulse-simple', 'alsa', 'fftw3', 'fftw3f', 'icu-uc',
    'libffi', 'uuid', 'libsystemd',
    # the C library and compiler runtime; meson's own 'threads'
    'm', 'dl', 'rt', 'pthread', 'threads',
}

# What each module of the manifest provides.
MODULE_PROVIDES = {
    'openblas': {'openblas', 'cblas', 'blas', 'lapack', 'lapacke'},
    'poppler': {'poppler', 'poppler-glib', 'poppler-cairo'},
    'espeak-ng': {'espeak-ng'},
    'flite': {'flite', 'flite_cmu_us_kal', 'flite_cmu_us_slt', 'flite_cmu_us_awb',
              'flite_cmu_us_rms', 'flite_cmu_us_kal16', 'flite_usenglish',
              'flite_cmulex', 'flite_cmu_grapheme_lang', 'flite_cmu_grapheme_lex'},
    'pocketsphinx': {'pocketsphinx', 'sphinxbase'},
}

HEX64 = re.compile(r'^[0-9a-f]{64}$')
DEPENDENCY = re.compile(r"""\b(dependency|find_library)\s*\(\s*['"]([^'"]+)['"]""")


def load_manifest(path):
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise ValueError(f'duplicate keys {sorted(dupes)}')
        return dict(pairs)

    with open(path, encoding='utf-8') as f:
        return json.load(f, object_pairs_hook=no_duplicates)


def meson_dependencies(root):
    """Every dependency('x') and find_library('x') in the meson.build files."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        top = rel.split(os.sep)[0]
        # The Flatpak builds with -Dtests=false: test-only dependencies (FAISS
        # for a benchmark, say) are never needed there.
        if rel != '.' and top.startswith(('build', '_build', '.', 'subprojects', 'tests')) or 'node_modules' in dirpath:
            dirnames[:] = []
            continue
        if 'meson.build' in filenames:
            path = os.path.join(dirpath, 'meson.build')
            with open(path, encoding='utf-8') as f:
                text = f.read()
            text = re.sub(r'#[^\n]*', '', text)
            for kind, name in DEPENDENCY.findall(text):
                found.setdefault(name, os.path.relpath(path, root))
    return found


def check_sources(module, manifest_dir, errors):
    name = module.get('name', '?')
    sources = module.get('sources')
    if not sources:
        errors.append(f'module {name} has no sources')
        return
    for source in sources:
        kind = source.get('type')
        if kind in ('archive', 'file'):
            url = source.get('url', '')
            if not url.startswith('https://'):
                errors.append(f'module {name}: source url "{url}" is not https')
            if not HEX64.match(source.get('sha256', '')):
                errors.append(f'module {name}: source {url or "?"} has no sha256 of 64 hex digits')
        elif kind in ('dir', 'patch'):
            path = os.path.join(manifest_dir, source.get('path', ''))
            if not source.get('path') or not os.path.exists(path):
                errors.append(f'module {name}: local {kind} {source.get("path")} does not exist')
        else:
            errors.append(f'module {name}: source type {kind} is neither a pinned archive nor a local dir')


def check(manifest, manifest_dir, root, deps=None):
    """Returns a list of (check name, [errors])."""
    results = []
    if deps is None:
        deps = meson_dependencies(root)

    errors = []
    for key, want in (('id', APP_ID), ('runtime', 'org.gnome.Platform'),
                      ('sdk', 'org.gnome.Sdk'), ('command', 'shortlist')):
        if manifest.get(key) != want:
            errors.append(f'{key} is {manifest.get(key)!r}, expected {want!r}')
    version = str(manifest.get('runtime-version', ''))
    # GNOME 47 was September 2024; anything older is out of support.
    if not version.isdigit() or int(version) < 47:
        errors.append(f'runtime-version {version!r} is not a supported GNOME release')
    if not isinstance(manifest.get('modules'), list) or not manifest['modules']:
        errors.append('there are no modules')
    results.append(('required keys', errors))

    errors = []
    finish_args = manifest.get('finish-args', [])
    for arg in sorted(REQUIRED_FINISH_ARGS - set(finish_args)):
        errors.append(f'finish-args lacks {arg}')
    for arg in finish_args:
        if arg not in REQUIRED_FINISH_ARGS:
            errors.append(f'finish-args has {arg}, which Shortlist does not need')
    results.append(('minimal finish-args', errors))

    errors = []
    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    for module in modules:
        if not module.get('name'):
            errors.append('a module has no name')
        check_sources(module, manifest_dir, errors)
    results.append(('pinned sources', errors))

    errors = []
    app = modules[-1] if modules else {}
    if app.get('name') != 'shortlist' or app.get('buildsystem') != 'meson':
        errors.append('the last module is not shortlist built with meson')
    if '-Dtests=false' not in app.get('config-opts', []):
        errors.append('the shortlist module does not pass -Dtests=false')
    dirs = [s for s in app.get('sources', []) if s.get('type') == 'dir']
    if not dirs or os.path.realpath(os.path.join(manifest_dir, dirs[0].get('path', ''))) != os.path.realpath(root):
        errors.append('the shortlist module does not build the source tree this manifest is in')
    results.append(('application module', errors))

    errors = []
    built = set()
    for module in modules:
        built |= MODULE_PROVIDES.get(module.get('name'), set())
    for name, where in sorted(deps.items()):
        if name not in RUNTIME_PROVIDES and name not in built:
            errors.append(f"{where} needs '{name}', which neither the runtime nor a module provides")
    results.append(('every meson dependency is provided', errors))

    return results


def flatpak_builder_check(manifest_path):
    builder = shutil.which('flatpak-builder')
    if builder is None:
        return None
    # flatpak-builder leaves a .flatpak-builder state directory in its
    # working directory: give it a temporary one.
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([builder, '--show-manifest', os.path.abspath(manifest_path)],
                              capture_output=True, text=True, timeout=120, cwd=tmp)
    errors = []
    if proc.returncode != 0:
        errors.append(f'flatpak-builder --show-manifest failed: {proc.stderr.strip()}')
    elif 'WARNING' in proc.stderr or 'Unknown property' in proc.stderr:
        errors.append(f'flatpak-builder warns: {proc.stderr.strip()}')
    return errors


def report(results):
    print(f'1..{len(results)}')
    failed = 0
    for i, (name, errors) in enumerate(results, 1):
        if name is None:
            continue
        if errors is None:
            print(f'ok {i} - {name} # SKIP flatpak-builder is not installed')
        elif errors:
            failed += 1
            print(f'not ok {i} - {name}')
            for error in errors:
                print(f'#   {error}')
        else:
            print(f'ok {i} - {name}')
    return 1 if failed else 0


def selftest(manifest, manifest_dir, root):
    """Each mutation must make exactly the expected check fail."""
    def mutated(change):
        m = copy.deepcopy(manifest)
        change(m)
        return m

    def drop_sha(m):
        del m['modules'][0]['sources'][0]['sha256']

    def short_sha(m):
        m['modules'][0]['sources'][0]['sha256'] = 'abc123'

    def add_device_all(m):
        m['finish-args'].append('--device=all')

    def drop_pulseaudio(m):
        m['finish-args'].remove('--socket=pulseaudio')

    def drop_openblas(m):
        m['modules'] = [x for x in m['modules'] if x['name'] != 'openblas']

    def tests_on(m):
        m['modules'][-1]['config-opts'] = ['-Dtests=true']

    def old_runtime(m):
        m['runtime-version'] = '3.38'

    def git_branch(m):
        m['modules'][0]['sources'] = [{'type': 'git', 'url': 'https://example.com/x.git', 'branch': 'main'}]

    real_deps = meson_dependencies(root)
    cases = [
        ('a source without sha256 fails', drop_sha, None, 'pinned sources'),
        ('a malformed sha256 fails', short_sha, None, 'pinned sources'),
        ('an unpinned git branch fails', git_branch, None, 'pinned sources'),
        ('--device=all fails', add_device_all, None, 'minimal finish-args'),
        ('a missing finish-arg fails', drop_pulseaudio, None, 'minimal finish-args'),
        ('an out-of-support runtime fails', old_runtime, None, 'required keys'),
        ('building the tests fails', tests_on, None, 'application module'),
        ('a dependency that no module builds fails', drop_openblas,
         dict(real_deps, openblas='src/core/meson.build'), 'every meson dependency is provided'),
        ('an unknown dependency fails', lambda m: None,
         dict(real_deps, **{'libunknown-9': 'src/meson.build'}), 'every meson dependency is provided'),
    ]

    print(f'1..{len(cases) + 2}')
    failures = 0
    baseline = [name for name, errors in check(manifest, manifest_dir, root) if errors]
    if baseline:
        failures += 1
        print(f'not ok 1 - the real manifest passes (fails: {baseline})')
    else:
        print('ok 1 - the real manifest passes')

    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'src'))
        with open(os.path.join(tmp, 'meson.build'), 'w') as f:
            f.write("blas = dependency('openblas')\n# dependency('commented-out')\n")
        with open(os.path.join(tmp, 'src', 'meson.build'), 'w') as f:
            f.write("flite = cc.find_library( 'flite', required: false)\npop = dependency(\n  'poppler-glib', version: '>= 22')\n")
        found = sorted(meson_dependencies(tmp))
    if found == ['flite', 'openblas', 'poppler-glib']:
        print('ok 2 - dependency() and find_library() are found, comments are not')
    else:
        failures += 1
        print(f'not ok 2 - dependency() and find_library() are found, comments are not (found {found})')

    for i, (description, change, deps, expected) in enumerate(cases, 3):
        failing = [name for name, errors in check(mutated(change), manifest_dir, root, deps) if errors]
        if failing == [expected]:
            print(f'ok {i} - {description}')
        else:
            failures += 1
            print(f'not ok {i} - {description} (failing checks: {failing}, expected [{expected!r}])')
    return 1 if failures else 0


def main(argv):
    selftest_mode = len(argv) > 1 and argv[1] == '--selftest'
    if selftest_mode:
        argv = argv[1:]
    if len(argv) < 2:
        print(__doc__ or 'usage: check-flatpak-manifest.py [--selftest] SOURCE_ROOT [MANIFEST]', file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    path = argv[2] if len(argv) > 2 else os.path.join(root, 'flatpak', f'{APP_ID}.json')
    manifest_dir = os.path.dirname(os.path.abspath(path))

    try:
        manifest = load_manifest(path)
    except (OSError, ValueError) as e:
        print('1..1')
        print(f'not ok 1 - the manifest parses\n#   {path}: {e}')
        return 1

    if selftest_mode:
        return selftest(manifest, manifest_dir, root)

    results = [('the manifest parses', [])]
    results += check(manifest, manifest_dir, root)
    results.append(('flatpak-builder reads it without warnings', flatpak_builder_check(path)))
    return report(results)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
