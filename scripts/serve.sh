#!/usr/bin/env bash
# Serve motcua with gunicorn and run the notification worker beside it; Ctrl-C stops both.
set -u
PY=${PY:-.venv/bin/python}
"$PY" -m django send_notifications --loop >>var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn motcua.wsgi:application --bind "${HOST:-127.0.0.1}:${PORT:-8000}" \
  --workers "${WORKERS:-2}" --access-logfile - --error-logfile - --log-level warning
