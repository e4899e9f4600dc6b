#!/bin/sh
# Runs a test inside its own D-Bus session with an unlocked, throwaway
# gnome-keyring, so the Secret Service code runs headless. Both end with
# the session.
set -eu

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon is not installed"
  exit 0
fi

if [ "${SHORTLIST_IN_KEYRING_SESSION:-}" != 1 ]; then
  SHORTLIST_IN_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
printf 'shortlist-test' | gnome-keyring-daemon --daemonize --login >/dev/null 2>&1
gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
"$@"
