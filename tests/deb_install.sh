#!/usr/bin/env bash
# Installs a Waymark .deb on this machine the way a person would (apt resolves its
# dependencies), checks what it put in place, starts the installed app under Xvfb on a
# fresh home folder and waits for its window. Needs root; `make bundle` runs it.
set -euo pipefail

deb=${1:?usage: deb_install.sh path/to/waymark.deb}
[ "$(id -u)" = 0 ] || { echo "Installing a .deb needs root (sudo make bundle)"; exit 1; }

fail() { echo "deb install test: $*" >&2; exit 1; }

echo "Package: $(dpkg-deb --field "$deb" Package) $(dpkg-deb --field "$deb" Version)," \
     "$(du -h "$deb" | cut -f1) compressed, $(dpkg-deb --field "$deb" Installed-Size) KiB installed"
echo "Depends: $(dpkg-deb --field "$deb" Depends)"
echo "Recommends: $(dpkg-deb --field "$deb" Recommends)"

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null

binary=/usr/bin/waymark-app
desktop=/usr/share/applications/Waymark.desktop
[ -x "$binary" ] || fail "$binary is missing"
[ -f "$desktop" ] || fail "$desktop is missing"
grep -q '^Exec=waymark-app' "$desktop" || fail "the desktop entry does not start waymark-app"
grep -q '^Exec=waymark-app %f$' "$desktop" || fail "the desktop entry does not pass the file opened with it"
grep -q '^MimeType=application/x-waymark-plan' "$desktop" || fail "the desktop entry does not open shared plans"
[ -f /usr/share/mime/packages/waymark-plan.xml ] || fail "the shared plan file type is not registered"
icon=$(sed -n 's/^Icon=//p' "$desktop")
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null 2>&1 || fail "no icon named $icon"
echo "Installed: $binary, $desktop, icons for $icon"

home=$(mktemp -d)
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
    [ -z "$app" ] || kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$home"
}
trap cleanup EXIT
sleep 1

# The command a desktop launcher runs, on an empty data folder.
HOME=$home XDG_DATA_HOME=$home/.local/share DISPLAY=$display "$binary" >"$home/app.log" 2>&1 &
app=$!
if ! DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Waymark$' >/dev/null; then
    cat "$home/app.log" >&2
    fail "the installed app showed no window within 60 s"
fi
kill -0 "$app" || fail "the installed app exited"
# The window is made before the data file opens, so wait for the first screen (which shows
# the file's contents) rather than for the window alone.
for _ in $(seq 300); do
    grep -q 'first screen shown' "$home/app.log" && break
    sleep 0.1
done
grep -q 'first screen shown' "$home/app.log" || { cat "$home/app.log" >&2; fail "the installed app painted no first screen within 30 s"; }
data=$home/.local/share/app.waymark.desktop/waymark.sqlite3
[ -f "$data" ] || fail "no data file at $data"
echo "The installed app opened its window, created $data and painted its first screen."
