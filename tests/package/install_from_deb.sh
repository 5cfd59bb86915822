#!/usr/bin/env bash
# Builds the two Debian packages from a configured, built tree, unpacks them into an empty root
# (dpkg -x, as a fresh install lays the files) and runs what they ship from there, with no display.
# Usage: install_from_deb.sh BUILD_DIR
set -euo pipefail
build="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
app_deb=$(ls "$work"/out/headroom_*.deb 2>/dev/null) || fail "no headroom_*.deb"
sim_deb=$(ls "$work"/out/headroom-sim_*.deb 2>/dev/null) || fail "no headroom-sim_*.deb"

# shlibdeps must have declared the Qt libraries the binaries link.
dpkg-deb --field "$app_deb" Depends | grep -q libqt6widgets6 || fail "headroom: no libqt6widgets6 in Depends"
dpkg-deb --field "$sim_deb" Depends | grep -q libqt6httpserver6 || fail "headroom-sim: no libqt6httpserver6 in Depends"

root="$work/root"
dpkg -x "$app_deb" "$root"
dpkg -x "$sim_deb" "$root"
usr="$root/usr"

for f in bin/headroom bin/headroom-sim \
  share/applications/io.github.headroom.Headroom.desktop \
  share/metainfo/io.github.headroom.Headroom.metainfo.xml \
  share/icons/hicolor/scalable/apps/headroom.svg \
  share/icons/hicolor/48x48/apps/headroom.png \
  share/icons/hicolor/256x256/apps/headroom.png \
  share/man/man1/headroom.1 share/man/man1/headroom-sim.1 \
  share/bash-completion/completions/headroom share/bash-completion/completions/headroom-sim; do
  [ -s "$usr/$f" ] || fail "missing from the packages: /usr/$f"
done
# The simulator ships in its own package only.
dpkg-deb --contents "$app_deb" | grep -q 'bin/headroom-sim$' && fail "headroom ships headroom-sim"

# What a user runs first, from the unpacked root, with no display and no QT_QPA_PLATFORM.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$usr/bin/headroom" --version |
  grep -qx 'headroom [0-9.]*' || fail "headroom --version"
env -u DISPLAY -u QT_QPA_PLATFORM "$usr/bin/headroom" inspect --help | grep -q -- '--proxy' ||
  fail "headroom inspect --help"
env -u DISPLAY -u QT_QPA_PLATFORM "$usr/bin/headroom-sim" --help | grep -q -- '--scenario' ||
  fail "headroom-sim --help"

desktop-file-validate "$usr/share/applications/io.github.headroom.Headroom.desktop" ||
  fail "desktop-file-validate"
appstreamcli validate --no-net "$usr/share/metainfo/io.github.headroom.Headroom.metainfo.xml" ||
  fail "appstreamcli validate"
for page in headroom headroom-sim; do
  # groff (man-db's renderer) reports any roff it cannot read as a warning.
  out=$(groff -man -Tutf8 -ww -z "$usr/share/man/man1/$page.1" 2>&1) || fail "man page $page"
  [ -z "$out" ] || fail "man page $page: $out"
done
for c in headroom headroom-sim; do bash -n "$usr/share/bash-completion/completions/$c" || fail "completion $c"; done
echo "packages: $(basename "$app_deb") $(basename "$sim_deb"): installed and ran"
