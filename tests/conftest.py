from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.celery import app as celery_app
from tests.browser import (  # noqa: F401  (fixtures for every test module)
    browser_page,
    browser_page_without_javascript,
)
from tests.clock import CLOCK_FILE_ENV, SuiteClock, instant, suite_now
from tests.services import MEASURED, celery_worker_process
from tests.stripe_server import localstripe_url  # noqa: F401  (a fixture for every test module)

# Child processes (workers, localstripe) read the suite's clock from here; set at
# import, before any session fixture starts one.
CLOCK_FILE = Path(tempfile.gettempdir()) / f"c2m-test-clock-{os.getpid()}.txt"
os.environ[CLOCK_FILE_ENV] = str(CLOCK_FILE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--dates",
        default="",
        help="run each test marked `dates` once per instant in this space-separated list "
        "(ISO 8601 with an offset), in one session",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    dates = metafunc.config.getoption("--dates").split()
    if dates and metafunc.definition.get_closest_marker("dates") is not None:
        metafunc.parametrize("clock", dates, indirect=True, ids=[d[:16] for d in dates])


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[SuiteClock]:
    """Every test runs at a pinned instant (see tests/clock.py); time ticks on from it.

    ``@pytest.mark.clock("2026-12-04T18:05:00+08:00")`` pins a test to its own instant.
    """
    import time_machine

    marker = request.node.get_closest_marker("clock")
    if hasattr(request, "param"):  # --dates: one run of the test per date
        when = instant(request.param)
    else:
        when = instant(marker.args[0]) if marker else suite_now()
    with time_machine.travel(when, tick=True) as traveller:
        yield SuiteClock(traveller, CLOCK_FILE, when)


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


_measured_lines: list[str] = []


def _distributed(config: pytest.Config) -> bool:
    """Whether this process is pytest-xdist's controller of a run spread over workers."""
    dist = config.getoption("dist", default="no")
    return getattr(config, "workerinput", None) is None and dist not in (None, "no")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _measured_lines.extend(v for k, v in report.user_properties if k == MEASURED)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    """Figures measured by tests on xdist workers (whose output is not shown)."""
    if _measured_lines and _distributed(config):
        terminalreporter.section("measured")
        for line in _measured_lines:
            terminalreporter.write_line(f"[measured] {line}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.HAYSTACK_CONNECTIONS["default"]["PATH"], ignore_errors=True)
    CLOCK_FILE.unlink(missing_ok=True)


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
