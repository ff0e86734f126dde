#!/bin/sh
# Worker: Celery through Redis, consuming every queue unless WORKER_QUEUES names some
# (e.g. WORKER_QUEUES=c2m.planning for a machine that only plans; see config/queues.py).
set -e
exec celery -A config worker --loglevel=info --concurrency "${WORKER_CONCURRENCY:-2}" \
  -Q "${WORKER_QUEUES:-$(python -m config.queues)}"
