#!/usr/bin/env bash
# Installs everything Shortlist needs to build, run and test on Debian 12.
# Safe to run again: apt and npm skip what is already there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # build
  build-essential pkg-config meson ninja-build gettext itstool clang
  libgtk-4-dev libadwaita-1-dev libsqlite3-dev sqlite3 libjson-glib-dev libsoup-3.0-dev
  libpoppler-glib-dev libarchive-dev libsecret-1-dev libopenblas-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  libpocketsphinx-dev pocketsphinx pocketsphinx-en-us libespeak-ng-dev espeak-ng flite1-dev flite
  # run
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-libav gstreamer1.0-pipewire gstreamer1.0-pocketsphinx libgtk-4-media-gstreamer
  gnome-keyring libsecret-tools yelp
  # test
  xvfb xauth dbus-x11 at-spi2-core python3-pyatspi python3-gi gir1.2-atspi-2.0 imagemagick
  gstreamer1.0-plugins-base-apps sox poppler-utils desktop-file-utils appstream yelp-tools
  flatpak flatpak-builder curl time libclang-rt-14-dev
  # benchmarks and evaluation references
  python3-sklearn libfaiss-dev sctk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${#missing[@]} Debian packages…"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -q \
    --no-install-recommends "${missing[@]}"
fi

# Test servers from the npm registry (S3-compatible server, SigV4 checker).
# Node.js comes with the machine; never install Debian's npm or nodejs.
if [ -f "$top/tests/fakes/package.json" ] && command -v npm >/dev/null; then
  if [ ! -d "$top/tests/fakes/node_modules" ]; then
    echo "Installing test servers from npm…"
    (cd "$top/tests/fakes" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
