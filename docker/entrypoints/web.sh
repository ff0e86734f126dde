#!/bin/sh
# Web: apply migrations, then serve with gunicorn on gevent workers (config/gunicorn.py;
# idle or slow clients cannot take the workers). Static files by whitenoise.
set -e
python manage.py migrate --noinput
exec gunicorn config.wsgi:application --config config/gunicorn.py
