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
# WEB_WORKER_CLASS / WEB_THREADS let the benchmark compare gunicorn's other classes.
worker_class = os.environ.get("WEB_WORKER_CLASS", "gevent")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
# Concurrent connections per worker, idle ones included.
worker_connections = int(os.environ.get("WEB_WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
keepalive = 5
accesslog = "-"
# A greenlet is a "thread" to Django: a persistent database connection per greenlet
# would outlive it. The greenlets of a worker share a pool of connections instead
# (psycopg's pool, ``DB_POOL_MAX`` each; production settings): a request borrows one
# and gives it back, so no request pays for a new PostgreSQL connection, and a burst
# of requests waits for a connection rather than opening hundreds. Measured with
# ``make bench-web`` (README, "Serving"): the pool took the paid-order path from 0.8
# to 1.0 orders/s beside gevent without it, at a load average of 6-8.
os.environ.setdefault("DB_POOL_MAX", "8")
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
