#!/usr/bin/env bash
# Checks that po/POTFILES.in lists every file with translatable strings,
# and nothing else that is missing. Modelled on libadwaita's
# .gitlab-ci/check-potfiles.sh.
#
#  - a C source or header under src/ or resources/ that marks strings with
#    _( N_( C_( NC_( or calls ngettext/g_dngettext (comments are ignored),
#  - a GtkBuilder .ui file with translatable="yes",
#  - a Blueprint .blp file with _( or C_(,
#  - a data/ file that gettext extracts (.desktop.in, .metainfo.xml.in,
#    .gschema.xml),
# must each be listed; and every listed file must exist.
#
# Usage: build-aux/check-potfiles.sh [SOURCE_ROOT]
# Exit status: 0 when the list is complete, 1 otherwise.

set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
potfiles="$root/po/POTFILES.in"
status=0

if [ ! -f "$potfiles" ]; then
  echo "check-potfiles: $potfiles does not exist" >&2
  exit 1
fi

cd "$root"

# The list, without comments and blank lines.
listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u)

is_listed () {
  grep -qxF -- "$1" <<<"$listed"
}

# C code: drop comments first, so that a comment mentioning N_() does not count.
c_has_strings () {
  perl -0777 -ne '
    s{/\*.*?\*/}{}gs;
    s{(?<![:"\\])//[^\n]*}{}g;
    exit((/(?<![A-Za-z0-9_])(?:N?C?_|NC_)\s*\(/ || /\b(?:g_d?n?gettext|ngettext|g_dpgettext2?|dngettext)\s*\(/) ? 0 : 1);
  ' "$1"
}

candidates=()
for dir in src resources; do
  [ -d "$dir" ] || continue
  while IFS= read -r -d '' file; do
    case "$file" in
      *.c|*.h)
        c_has_strings "$file" && candidates+=("$file") ;;
      *.ui)
        grep -q 'translatable="yes"' "$file" && candidates+=("$file") ;;
      *.blp)
        grep -qE '(^|[^A-Za-z0-9_])C?_\(' "$file" && candidates+=("$file") ;;
    esac
  done < <(find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.blp' \) -print0 | sort -z)
done

if [ -d data ]; then
  while IFS= read -r -d '' file; do
    candidates+=("$file")
  done < <(find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) -print0 | sort -z)
fi

for file in "${candidates[@]}"; do
  file=${file#./}
  if ! is_listed "$file"; then
    echo "check-potfiles: $file has translatable strings but is not listed in po/POTFILES.in" >&2
    status=1
  fi
done

while IFS= read -r file; do
  [ -n "$file" ] || continue
  if [ ! -f "$file" ]; then
    echo "check-potfiles: po/POTFILES.in lists $file, which does not exist" >&2
    status=1
  fi
done <<<"$listed"

if [ $status -eq 0 ]; then
  echo "check-potfiles: po/POTFILES.in lists all ${#candidates[@]} files with translatable strings"
fi
exit $status
