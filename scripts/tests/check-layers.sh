#!/usr/bin/env bash
# Tests scripts/check-layers: it passes a tree that keeps the rules, and on a
# copy of this repository's sources with one violation of each rule planted
# it exits 1 and names each planted file:line with its rule (whatever else
# the copy already reports).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHECK="$ROOT/scripts/check-layers"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/check-layers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# put FILE LINES...: write a source file of the tree under test.
put() {
	local f="$1"
	shift
	mkdir -p "$(dirname "$f")"
	printf '%s\n' "$@" >"$f"
}

# 1. A small tree that keeps every rule passes.
clean="$TMP/clean"
put "$clean/domain/base/err.h" '#include <stdio.h>'
put "$clean/storage/db.h" '#include "domain/base/err.h"'
put "$clean/storage/conn_int.h" '#include "storage/db.h"'
put "$clean/storage/conn.c" '#include "storage/conn_int.h"' 'static const char *q = "SELECT 1 FROM t";'
put "$clean/domain/org.c" '#include "storage/db.h"' '/* "SELECT x FROM y" in a comment */'
put "$clean/scim/main.c" '#include "storage/conn_int.h"' '#include "domain/base/err.h"'
put "$clean/scim/http/server.c" '#include "domain/base/err.h"' 'static const char *s = "select a user";'
if ! out=$("$CHECK" "$clean" 2>&1); then
	fail "a clean tree is reported: $out"
fi

# 2. A copy of the real sources with one violation of each rule.
tree="$TMP/tree"
mkdir -p "$tree"
(cd "$ROOT" && cp -r domain scim storage "$tree/")
put "$tree/storage/zz_plant.c" '#include "storage/db.h"' '#include "scim/http/http.h"'
put "$tree/domain/zz_plant.c" '#include "scim/model/codec.h"'
put "$tree/domain/base/zz_plant.h" '#include "domain/org.h"'
put "$tree/domain/zz_plant_int.c" '#include "storage/conn_int.h"'
put "$tree/scim/http/zz_plant.c" '#include "storage/org.h"'
put "$tree/scim/resources/zz_plant.c" 'static const char *q =' '    "SELECT id "' '    "FROM members";'
put "$tree/domain/base/zz_a.h" '#include "domain/base/zz_b.h"'
put "$tree/domain/base/zz_b.h" '#include "domain/base/err.h"' '#include "domain/base/zz_a.h"'
rc=0
out=$("$CHECK" "$tree" 2>&1) || rc=$?
[ "$rc" -eq 1 ] || fail "exit status $rc with planted violations, expected 1"
for want in \
	"storage/zz_plant.c:2: storage-includes:" \
	"domain/zz_plant.c:1: domain-includes-scim:" \
	"domain/base/zz_plant.h:1: base-includes:" \
	"domain/zz_plant_int.c:1: storage-api:" \
	"scim/http/zz_plant.c:1: storage-api:" \
	"scim/resources/zz_plant.c:2: sql-outside-storage:" \
	"include-cycle: domain/base/zz_a.h -> domain/base/zz_b.h -> domain/base/zz_a.h"; do
	grep -qF -- "$want" <<<"$out" || fail "not reported: $want"
done
if [ "$failed" -ne 0 ]; then
	echo "check-layers said:"
	echo "$out"
	exit 1
fi
echo "check-layers: a clean tree passes; 7 planted violations reported"
