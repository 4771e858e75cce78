#!/usr/bin/env bash
# Run the scimd conformance suite against any SCIM 2.0 server.
#
#   SCIM_BASE_URL=http://127.0.0.1:8080/scim/v2 \
#   SCIM_TOKEN=<org A token> SCIM_TOKEN_B=<org B token> \
#   conformance/run-local.sh [extra node --test options, e.g. --test-reporter=tap]
#
# Needs Node 18.19+ (no npm packages). Org A must have the verified domain
# x.test (override with SCIM_DOMAIN); SCIM_TOKEN_B is a token of another org,
# for the tenant isolation tests.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
[[ -n "${SCIM_BASE_URL:-}" ]] || missing+=(SCIM_BASE_URL)
[[ -n "${SCIM_TOKEN:-}" ]] || missing+=(SCIM_TOKEN)
[[ -n "${SCIM_TOKEN_B:-}" ]] || missing+=(SCIM_TOKEN_B)
if ((${#missing[@]})); then
	echo "run-local.sh: set ${missing[*]} (see conformance/README.md)" >&2
	exit 2
fi
command -v node >/dev/null || { echo "run-local.sh: node not found (Node 18.19+ needed)" >&2; exit 2; }

root="${SCIM_BASE_URL%/}"
root="${root%/scim/v2}"
if command -v curl >/dev/null && ! curl -fsS -o /dev/null --max-time 5 "$root/healthz"; then
	echo "run-local.sh: warning: $root/healthz does not answer 200; running anyway" >&2
fi

export SCIM_BASE_URL SCIM_TOKEN SCIM_TOKEN_B
cd "$here/.."
exec node --test "$@" conformance/
