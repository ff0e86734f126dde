"""Fixtures the planning tests with real processes share."""

from __future__ import annotations

import pytest
from django.db import connection

from config.celery import app as celery_app
from tests.services import redis_client, service_required


@pytest.fixture
def real_services() -> None:
    """PostgreSQL and Redis, or the test says which one it needs (a failure in CI)."""
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")
    redis_client()


@pytest.fixture
def broker():  # type: ignore[no-untyped-def]
    """Tasks sent from this process go through Redis instead of running eagerly."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True
