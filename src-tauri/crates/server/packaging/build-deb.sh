#!/usr/bin/env bash
# Packages a built waymark-server binary as a .deb with its systemd unit:
#   build-deb.sh BINARY VERSION OUT_DIR
set -euo pipefail
binary=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -D -m 0755 "$binary" "$root/usr/bin/waymark-server"
install -D -m 0644 "$here/waymark-server.service" "$root/lib/systemd/system/waymark-server.service"
install -D -m 0640 "$here/waymark-server.env" "$root/etc/waymark-server/waymark-server.env"
install -d -m 0755 "$root/DEBIAN"
echo /etc/waymark-server/waymark-server.env > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: waymark-server
Version: $version
Architecture: $arch
Maintainer: Waymark <waymark@localhost>
Depends: libc6, adduser
Recommends: systemd
Section: net
Priority: optional
Description: Waymark's self-hosted sync server
 Relays and keeps Waymark's plans so that a person's devices, and mentors
 and mentees, sync while the others are offline. SQLite or PostgreSQL.
CONTROL
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if ! getent passwd waymark-server >/dev/null; then
        adduser --system --group --home /nonexistent --no-create-home waymark-server >/dev/null
    fi
    # systemd makes it too (StateDirectory); here it is ready for the first `invite`.
    install -d -m 0700 -o waymark-server -g waymark-server /var/lib/waymark-server
    chgrp waymark-server /etc/waymark-server/waymark-server.env
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        systemctl enable waymark-server.service >/dev/null || true
        systemctl restart waymark-server.service >/dev/null || true
    fi
fi
POSTINST
cat > "$root/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
    systemctl disable --now waymark-server.service >/dev/null || true
fi
PRERM
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
mkdir -p "$out"
dpkg-deb --root-owner-group --build "$root" "$out/waymark-server_${version}_${arch}.deb" >/dev/null
echo "$out/waymark-server_${version}_${arch}.deb"
