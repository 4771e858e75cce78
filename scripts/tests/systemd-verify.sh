#!/usr/bin/env bash
# systemd-verify.sh SYSTEMD_ANALYZE UNIT SCIMD: checks docs/scimd.service
# with `systemd-analyze verify`, which exits 0 on many mistakes (an unknown
# key, a bad value) and only says so on stderr: any word it prints fails the
# check. ExecStart points at the built scimd (verify wants an executable).
# A copy with an unknown key planted must fail, so the check can fail.
set -euo pipefail

ANALYZE="$1"
UNIT="$2"
SCIMD="$3"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/systemd-verify.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# verify FILE: prints what systemd-analyze said; 0 only if it said nothing.
verify() {
	local out rc=0
	out=$("$ANALYZE" verify "$1" 2>&1) || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	[ "$rc" -eq 0 ] && [ -z "$out" ]
}

mkdir -p "$TMP/good" "$TMP/planted"
grep -q '^ExecStart=/usr/local/bin/scimd ' "$UNIT" ||
	{ echo "FAIL: $UNIT: no ExecStart=/usr/local/bin/scimd"; exit 1; }
sed "s|^ExecStart=/usr/local/bin/scimd |ExecStart=$SCIMD |" "$UNIT" >"$TMP/good/scimd.service"
sed 's|^PrivateTmp=yes|PrivateTemp=yes|' "$TMP/good/scimd.service" >"$TMP/planted/scimd.service"

if ! verify "$TMP/good/scimd.service"; then
	echo "FAIL: systemd-analyze verify $UNIT"
	exit 1
fi
if verify "$TMP/planted/scimd.service" >/dev/null; then
	echo "FAIL: an unknown key planted in $UNIT was not reported"
	exit 1
fi
for key in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
    NoNewPrivileges=yes 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
    CapabilityBoundingSet= SystemCallFilter=@system-service \
    EnvironmentFile=-/etc/scimd/env; do
	grep -qxF "$key" "$UNIT" || { echo "FAIL: $UNIT lacks $key"; exit 1; }
done
echo "ok: $UNIT verified by $ANALYZE"
