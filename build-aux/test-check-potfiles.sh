#!/usr/bin/env bash
# Proves that check-potfiles.sh fails, naming the file, for each kind of
# mistake, and passes on a complete list. Builds small source trees in a
# temporary directory.
#
# Usage: build-aux/test-check-potfiles.sh PATH/TO/check-potfiles.sh

set -uo pipefail

checker=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
n=0

tree () {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree/po" "$tmp/tree/src/core" "$tmp/tree/resources/ui" "$tmp/tree/data"
  printf 'msg = _("Hello");\n' >"$tmp/tree/src/core/a.c"
  printf '/* Marked with N_() elsewhere; not here. */\nint x;\n' >"$tmp/tree/src/core/b.h"
  printf 'const char *u = "https://example.com"; // not _(this)\n' >"$tmp/tree/src/core/c.c"
  printf '<object><property name="title" translatable="yes">Jobs</property></object>\n' >"$tmp/tree/resources/ui/w.ui"
  printf '[Desktop Entry]\nName=X\n' >"$tmp/tree/data/x.desktop.in"
  printf 'data/x.desktop.in\n# a comment\n\nresources/ui/w.ui\nsrc/core/a.c\n' >"$tmp/tree/po/POTFILES.in"
}

expect () {
  local want_status=$1 want_text=$2 description=$3 output status
  n=$((n + 1))
  output=$("$checker" "$tmp/tree" 2>&1)
  status=$?
  if [ "$status" -ne "$want_status" ] || ! grep -qF -- "$want_text" <<<"$output"; then
    echo "not ok $n - $description (status $status, output: $output)"
    failures=$((failures + 1))
  else
    echo "ok $n - $description"
  fi
}

echo "1..6"

tree
expect 0 "lists all 3 files" "a complete list passes; comments and URLs are not strings"

tree
printf 'msg = C_("context", "Open");\n' >"$tmp/tree/src/core/d.c"
expect 1 "src/core/d.c has translatable strings but is not listed" "an unlisted C file fails"

tree
printf 'n = ngettext ("%%d job", "%%d jobs", count);\n' >"$tmp/tree/src/core/e.c"
expect 1 "src/core/e.c has translatable strings" "ngettext counts as a translatable string"

tree
printf '<object><property name="label" translatable="yes">Add</property></object>\n' >"$tmp/tree/resources/ui/v.ui"
expect 1 "resources/ui/v.ui has translatable strings" "an unlisted .ui file fails"

tree
printf 'src/core/removed.c\n' >>"$tmp/tree/po/POTFILES.in"
expect 1 "lists src/core/removed.c, which does not exist" "a listed file that does not exist fails"

tree
printf '<schemalist/>\n' >"$tmp/tree/data/x.gschema.xml"
expect 1 "data/x.gschema.xml has translatable strings" "an unlisted schema fails"

[ "$failures" -eq 0 ]
