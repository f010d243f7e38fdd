#!/usr/bin/env bash
# Installs the waymark-server .deb on this machine and checks it as an administrator
# would meet it: the binary, the unit, the settings file kept as a conffile, the service
# user; then runs the service's command as that user with those settings, pairs a code
# and asks the health address. Needs root (dpkg).
set -euo pipefail
deb=$1
dpkg -i "$deb" >/dev/null
trap 'dpkg -r waymark-server >/dev/null || true' EXIT

test -x /usr/bin/waymark-server
test -f /lib/systemd/system/waymark-server.service
grep -q '^/etc/waymark-server/waymark-server.env$' /var/lib/dpkg/info/waymark-server.conffiles
getent passwd waymark-server >/dev/null
test "$(stat -c %G /etc/waymark-server/waymark-server.env)" = waymark-server
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/waymark-server.service
fi

test "$(stat -c '%a %U' /var/lib/waymark-server)" = "700 waymark-server"
# What systemd would do: the service's command as its user, with its settings.
set -a; . /etc/waymark-server/waymark-server.env; set +a
export WAYMARK_SERVER_LISTEN=127.0.0.1:0
log=$(mktemp)
runuser -u waymark-server -- env WAYMARK_SERVER_DATABASE="$WAYMARK_SERVER_DATABASE" \
    WAYMARK_SERVER_LISTEN="$WAYMARK_SERVER_LISTEN" /usr/bin/waymark-server serve >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; dpkg -r waymark-server >/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.1; done
address=$(sed -n 's/.*listening on http:\/\/\([^ ]*\).*/\1/p' "$log")
test -n "$address"
code=$(runuser -u waymark-server -- /usr/bin/waymark-server --database "$WAYMARK_SERVER_DATABASE" invite --name ana 2>/dev/null)
[[ $code =~ ^[0-9A-Z]{5}-[0-9A-Z]{5}$ ]]
test "$(bash -c "exec 3<>/dev/tcp/${address%:*}/${address#*:}; printf 'GET /v1/health HTTP/1.0\r\n\r\n' >&3; tail -n1 <&3")" = ok
test "$(stat -c %a "$WAYMARK_SERVER_DATABASE")" = 600
echo "waymark-server .deb: installed, its service user runs it, a code was issued, health answers ok"
