#!/usr/bin/env bash
# bench/tls.sh: what does TLS cost on GET /Users/{id}? Runs one scimd with
# TLS on one port and plain HTTP on another (--plain-listen), and times N
# sequential requests (bench/tls.mjs) four ways: plain and TLS, each with a
# keep-alive connection and with a new connection per request. The
# certificate (ECDSA P-256, signed by a throwaway CA) is made with openssl.
#
# usage: bench/tls.sh [N]           (N requests per variant, default 2000)
# env:   SCIMD_BENCH_DATABASE_URL   a PostgreSQL server URL whose user may
#                                   CREATE DATABASE (required); the
#                                   database bench_tls_<pid> is created
#                                   there and dropped at the end
#        SCIMD_BIN                  scimd binary (default build/scim/scimd)
# Not part of scripts/test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
N="${1:-2000}"
URL="${SCIMD_BENCH_DATABASE_URL:?set SCIMD_BENCH_DATABASE_URL to a PostgreSQL server URL}"
BIN="${SCIMD_BIN:-$ROOT/build/scim/scimd}"
PSQL="${PSQL:-$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)}"
DB="bench_tls_$$"
DB_URL="${URL%/*}/$DB"
TMP=$(mktemp -d)
SERVER=""

cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	"$PSQL" -X -q "$URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

(
	cd "$TMP"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout ca.key -out ca.crt -days 1 -subj /CN=bench-ca
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout srv.key -out srv.csr -subj /CN=localhost
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext
	openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
		-days 1 -extfile ext -out srv.crt
) >/dev/null 2>&1 || die "openssl could not make the certificates"

"$PSQL" -X -q -v ON_ERROR_STOP=1 "$URL" -c "CREATE DATABASE $DB"
export SCIMD_DATABASE_URL="$DB_URL"
"$BIN" migrate >/dev/null 2>&1
ORG=$("$BIN" org create --name bench --domain bench.test | tr -d '[:space:]')
TOKEN=$("$BIN" token create --org "$ORG" --label bench | tr -d '[:space:]')

TLS_PORT=$(random_port)
PLAIN_PORT=$(random_port)
"$BIN" serve --listen "127.0.0.1:$TLS_PORT" --plain-listen "127.0.0.1:$PLAIN_PORT" \
	--tls-cert "$TMP/srv.crt" --tls-key "$TMP/srv.key" --log-level warn \
	>"$TMP/scimd.log" 2>&1 &
SERVER=$!
for ((i = 0; i < 100; i++)); do
	curl -sf -o /dev/null "http://127.0.0.1:$PLAIN_PORT/readyz" && break
	sleep 0.1
done
ID=$(curl -sf "http://127.0.0.1:$PLAIN_PORT/scim/v2/Users" -H "Authorization: Bearer $TOKEN" \
	-H 'Content-Type: application/scim+json' \
	--data '{"userName":"bench@bench.test","name":{"givenName":"B","familyName":"T"}}' |
	sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$ID" ] || die "could not create the user"
echo "# GET /Users/{id}, $N sequential requests per variant ($(nproc) cores)"
node "$ROOT/bench/tls.mjs" "http://127.0.0.1:$PLAIN_PORT" "https://127.0.0.1:$TLS_PORT" \
	"$TMP/ca.crt" "$TOKEN" "$ID" "$N"
