"""gunicorn's settings for the web process (docker/entrypoints/web.sh, and the tests).

Workers are gevent's: each connection is a greenlet, so a client that opens a socket
and sends half a request (or nothing) holds one greenlet of ``worker_connections``,
not a whole worker. With gunicorn's default sync workers two such clients stalled the
health check for 34 s; ``tests/config/test_serving.py`` measures both worker classes
against the real server and prints the figures. psycopg, redis and the Stripe SDK all
yield to other greenlets while they wait (gevent patches the standard library).
"""

import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Concurrent connections per worker, idle ones included.
worker_connections = int(os.environ.get("WEB_WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
keepalive = 5
accesslog = "-"
# A greenlet is a "thread" to Django: a persistent database connection per greenlet
# would outlive it, so each request closes its own.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
