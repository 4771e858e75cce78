#!/usr/bin/env bash
# bench/lookup.sh: does a `userName eq` lookup cost the same with 10,000
# and with 1,000,000 members? Seeds a throwaway database with
# generate_series, runs scimd serve on it, times N lookups over HTTP
# (bench/lookup.mjs) and the SQL alone (EXPLAIN ANALYZE), at both sizes.
#
# usage: bench/lookup.sh [N]        (N lookups per size, default 2000)
# env:   SCIMD_BENCH_DATABASE_URL   a PostgreSQL server URL whose user may
#                                   CREATE DATABASE (required); the
#                                   database bench_lookup_<pid> is created
#                                   there and dropped at the end
#        SCIMD_BIN                  scimd binary (default build/scim/scimd)
# Not part of scripts/test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-2000}"
URL="${SCIMD_BENCH_DATABASE_URL:?set SCIMD_BENCH_DATABASE_URL to a PostgreSQL server URL}"
BIN="${SCIMD_BIN:-$ROOT/build/scim/scimd}"
PSQL="${PSQL:-$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)}"
DB="bench_lookup_$$"
DB_URL="${URL%/*}/$DB"
SERVER=""

cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	"$PSQL" -X -q "$URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -tA "$DB_URL" "$@"; }

"$PSQL" -X -q -v ON_ERROR_STOP=1 "$URL" -c "CREATE DATABASE $DB"
SCIMD_DATABASE_URL="$DB_URL" "$BIN" migrate >/dev/null 2>&1
ORG=$(SCIMD_DATABASE_URL="$DB_URL" "$BIN" org create --name bench --domain bench.test | tr -d '[:space:]')
TOKEN=$(SCIMD_DATABASE_URL="$DB_URL" "$BIN" token create --org "$ORG" --label bench | tr -d '[:space:]')

seed() { # FROM TO
	sql -c "INSERT INTO members (org_id, user_name, external_id, display_name,
	  emails, resource, created_at)
	SELECT '$ORG', 'user' || i || '@bench.test', 'ext-' || i, 'User ' || i,
	  ARRAY['user' || i || '@bench.test'],
	  jsonb_build_object('userName', 'user' || i || '@bench.test',
	    'displayName', 'User ' || i, 'emails', jsonb_build_array(
	    jsonb_build_object('value', 'user' || i || '@bench.test', 'type', 'work',
	    'primary', true))),
	  '2020-01-01'::timestamptz + i * interval '1 second'
	FROM generate_series($1, $2) AS i"
	sql -c "VACUUM ANALYZE members"
}

# The SQL of the list query for one lookup, without HTTP: median of 200
# EXPLAIN ANALYZE execution times (ms).
sql_time() { # MEMBERS
	local i k t times=()
	for ((i = 0; i < 200; i++)); do
		k=$((1 + (RANDOM * 32768 + RANDOM) % $1))
		t=$(sql -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT m.id, m.resource
		  FROM members m WHERE m.org_id = '$ORG' AND m.deleted_at IS NULL
		  AND (m.user_name IS NOT NULL AND lower(m.user_name) = lower('user$k@bench.test'))
		  ORDER BY m.created_at ASC, m.id ASC LIMIT 200" |
			node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0]["Execution Time"]))')
		times+=("$t")
	done
	printf '%s\n' "${times[@]}" | sort -g | sed -n "100p"
}

run() { # MEMBERS
	local port log out
	port=$((20000 + RANDOM % 30000))
	log=$(mktemp)
	SCIMD_DATABASE_URL="$DB_URL" "$BIN" serve --listen "127.0.0.1:$port" >"$log" 2>&1 &
	SERVER=$!
	for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
	node "$ROOT/bench/lookup.mjs" "http://127.0.0.1:$port/scim/v2" "$TOKEN" "$1" 200 >/dev/null # warm-up
	out=$(node "$ROOT/bench/lookup.mjs" "http://127.0.0.1:$port/scim/v2" "$TOKEN" "$1" "$N")
	kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
	rm -f "$log"
	echo "http $out"
	echo "sql  {\"members\":$1,\"explain_analyze_median_ms\":$(sql_time "$1")}"
}

echo "# $(date -u +%FT%TZ) N=$N, $(nproc) cores, $("$PSQL" --version)"
seed 1 10000
run 10000
seed 10001 1000000
run 1000000
