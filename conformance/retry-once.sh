#!/bin/sh
# Runs a test command, and once more if it fails, saying so.
#
# Used only for the webhook delivery files: their deliveries sometimes
# stall for longer than the tests wait under load (a known, undiagnosed
# bug of the delivery thread, see the README's Webhooks section). A
# second failure fails the test.
"$@" && exit 0
echo "retry-once: the first run failed; running it once more" >&2
exec "$@"
