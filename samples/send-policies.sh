#!/usr/bin/env bash
# Drops policy messages (spec section 5) on the local run's policy queue, as the backup service would.
#   samples/send-policies.sh                    every samples/feed/*.json, in name order
#   samples/send-policies.sh my-policy.json ... the files given
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(samples/feed/*.json)
QUEUE_URL="${QUEUE_URL:-http://127.0.0.1:9324/000000000000/backup-policies}" samples/send-events.sh "${files[@]}"
