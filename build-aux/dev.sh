#!/usr/bin/env bash
# The ways in: "run" installs, builds and starts Shortlist; "test" installs,
# builds and runs the whole test suite (what CI runs); "cli ARGS…" installs,
# builds and runs shortlist-cli with ARGS (for machines without a display).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${BUILDDIR:-build}
action=${1:-run}
[ $# -gt 0 ] && shift

"$top/build-aux/install-deps.sh" >&2

setup_args=()
if [ "${CI:-}" = "true" ]; then
  setup_args+=(-Dwerror=true)
fi

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "${setup_args[@]}" >&2
fi
meson compile -C "$builddir" >&2

case "$action" in
  run)
    exec "$builddir/src/ui/shortlist" "$@"
    ;;
  cli)
    exec "$builddir/src/cli/shortlist-cli" "$@"
    ;;
  test)
    status=0
    meson test -C "$builddir" --no-suite bench --print-errorlogs || status=$?
    python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): passed += 1
    elif r == "SKIP": skipped += 1
    else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
    exit $status
    ;;
  *)
    echo "usage: build-aux/dev.sh run|test|cli [ARGS…]" >&2
    exit 2
    ;;
esac
