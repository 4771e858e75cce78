#!/bin/sh
# Runs a test command, and once more if it fails, saying so.
#
# Used only for the files that cover a known, not yet fixed, intermittent
# bug (README, "Limits"): webhook deliveries that stall under load. A
# second failure fails the test.
"$@" && exit 0
echo "retry-once: the first run failed; running it once more" >&2
exec "$@"
