from __future__ import annotations

from collections.abc import Iterator

import pytest

from config.celery import app as celery_app
from tests.browser import browser_page  # noqa: F401  (a fixture for every test module)
from tests.services import celery_worker_process
from tests.stripe_server import localstripe_url  # noqa: F401  (a fixture for every test module)


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[None]:
    """A real Celery worker process consuming this run's queue through Redis.

    Tasks enqueued while it runs go through the broker instead of running eagerly.
    """
    with celery_worker_process():
        celery_app.conf.task_always_eager = False
        try:
            yield
        finally:
            celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _search_index_emptied_after_test() -> Iterator[None]:
    """Products saved by a test are indexed; the index outlives the test's rollback."""
    yield
    from pathlib import Path

    from django.conf import settings
    from haystack import connections

    if Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).exists():
        connections["default"].get_backend().clear()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.HAYSTACK_CONNECTIONS["default"]["PATH"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Each test starts in English: a request in another language leaves it active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _cache_emptied_before_test() -> None:
    """Rate-limit counters start at zero in every test."""
    from django.core.cache import cache

    cache.clear()
