#!/usr/bin/env bash
# Serve motcua with gunicorn and run the workers beside it (notifications, indicator rollups,
# background tasks); Ctrl-C stops them all.
set -u
PY=${PY:-.venv/bin/python}
"$PY" -m django send_notifications --loop >>var/worker.log 2>&1 &
worker=$!
"$PY" -m django update_rollups --loop >>var/worker.log 2>&1 &
rollups=$!
"$PY" -m django db_worker >>var/worker.log 2>&1 &
tasks=$!
trap 'kill $worker $rollups $tasks 2>/dev/null; wait $worker $rollups $tasks 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn motcua.wsgi:application --bind "${HOST:-127.0.0.1}:${PORT:-8000}" \
  --workers "${WORKERS:-2}" --access-logfile - --error-logfile - --log-level warning
