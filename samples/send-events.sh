#!/usr/bin/env bash
# Drops lifecycle events on the local run's queue (ElasticMQ), as a backup system would.
#   samples/send-events.sh                      every samples/events/backup-*.json
#   samples/send-events.sh my-event.json ...    the files given
set -euo pipefail
queue="${QUEUE_URL:-http://127.0.0.1:9324/000000000000/backup-events}"
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(samples/events/backup-*.json)
for f in "${files[@]}"; do
  id=$(curl -sS --fail "$queue" -d Action=SendMessage --data-urlencode "MessageBody@$f" \
       | sed -n 's:.*<MessageId>\(.*\)</MessageId>.*:\1:p')
  echo "sent $f as message ${id:-?}"
done
