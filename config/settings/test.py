"""Settings for the test suite: the base settings with fast hashing and quiet mail."""

import os

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test runner replaces EMAIL_BACKEND with locmem in its own process; child processes
# (workers, gunicorn) keep the outbox's backend and deliver through this one.
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
# Fault tests point a worker's mail at files (the file-based backend) to count what it sent.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))  # noqa: F405
# Set to 1 in CI: a test that needs a missing service fails instead of skipping.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

# Tasks run eagerly unless a test starts a real worker (see tests/services.py);
# each test run gets a queue of its own so runs never take each other's tasks.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default=f"c2m-test-{os.getpid()}")

# A search index of this run's own, emptied after each test (tests/conftest.py).
HAYSTACK_CONNECTIONS["default"]["PATH"] = str(VAR_DIR / f"search_index_test_{os.getpid()}")  # noqa: F405

# Tests replan explicitly (tests/scheduling test the debounced replan on arrival).
SCHEDULING_REPLAN_ON_ARRIVAL = False

# Small networks in tests: a short search keeps each replan quick (and reproducible).
SCHEDULING_TIME_LIMIT = 2.0
SCHEDULING_MAX_ITERATIONS = 2000
# Rate-limit and lockout counters of this process only, emptied before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The browser tests' live server answers from threads of its own. On SQLite each thread
# needs its own connection, which an in-memory database cannot give: Django then shares one
# connection between the threads, and a drawing fetched beside its page breaks the page's
# transaction. So the test database is a file (xdist adds each worker's suffix to the name).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA synchronous=OFF;",
    }
