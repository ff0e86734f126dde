#!/bin/sh
# Beat: the periodic schedule defined in config/celery.py.
set -e
exec celery -A config beat --loglevel=info --schedule /tmp/celerybeat-schedule
