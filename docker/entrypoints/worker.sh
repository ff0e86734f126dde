#!/bin/sh
# Worker: Celery consuming the default queue through Redis.
set -e
exec celery -A config worker --loglevel=info --concurrency "${WORKER_CONCURRENCY:-2}"
