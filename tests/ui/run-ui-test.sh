#!/usr/bin/env bash
# Runs the real `shortlist` under Xvfb with its own session and
# accessibility buses, drives it through AT-SPI and saves screenshots.
#
# usage: run-ui-test.sh SHORTLIST SHORTLIST_CLI DRIVER SCREENSHOT_DIR
set -euo pipefail

shortlist=$1
cli=$2
driver=$3
screenshots=$4

for tool in Xvfb dbus-run-session import /usr/libexec/at-spi-bus-launcher; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is not installed"
    exit 77
  fi
done
if ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
  echo "1..0 # SKIP python3-pyatspi is not installed"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shortlist-ui-test.XXXXXX")
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A display number of our own, far from the usual ones: with -displayfd,
# servers started at the same moment by other programs can race for :0.
display=""
for attempt in $(seq 20); do
  candidate=$(( (RANDOM % 800) + 100 ))
  [ -e "/tmp/.X11-unix/X$candidate" ] && continue
  Xvfb ":$candidate" -screen 0 1280x800x24 -nolisten tcp 2>"$tmp/xvfb.log" &
  xvfb_pid=$!
  # Ready means accepting connections.
  for _ in $(seq 200); do
    if /usr/bin/python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect("/tmp/.X11-unix/X" + sys.argv[1])' "$candidate" 2>/dev/null; then
      display=$candidate
      break
    fi
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$display" ] && break
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
if [ -z "$display" ]; then
  cat "$tmp/xvfb.log" >&2
  echo "Xvfb did not start" >&2
  exit 1
fi

export DISPLAY=":$display"
export GTK_A11Y=atspi
export GSETTINGS_BACKEND=memory
export SHORTLIST_DB="$tmp/shortlist.db"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# The test environment turns the accessibility bridge off for other tests.
unset NO_AT_BRIDGE
# Warnings stay fatal in the application, not in the AT-SPI client library
# the driver uses.
export SHORTLIST_APP_G_DEBUG="${G_DEBUG:-}"
unset G_DEBUG
mkdir -p "$screenshots"

dbus-run-session -- /usr/bin/python3 "$driver" \
  --shortlist "$shortlist" --cli "$cli" --db "$SHORTLIST_DB" --screenshots "$screenshots"
