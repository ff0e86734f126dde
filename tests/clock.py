"""The suite's clock: every test runs at a pinned instant, never at the real date.

The autouse ``clock`` fixture (``tests/conftest.py``) travels with time-machine to
``suite_now()`` before each test and lets time tick from there, so a test sees the
same date and time of day on any machine on any day. ``C2M_TEST_NOW`` (ISO 8601
with an offset, e.g. ``2026-12-04T17:55:00+08:00``) moves that instant; CI runs the
tests marked ``dates`` under several such instants. A test that cares about the day
says so with ``@pytest.mark.clock("2026-12-04T18:05:00+08:00")`` or moves the clock
with ``clock.move_to(...)``.

Child processes follow the same clock: the fixture writes the offset between the
suite's time and the real time to a file named by ``C2M_TEST_CLOCK_FILE``; a Celery
worker started through ``python -m tests.clocked`` travels to it when it starts, and
localstripe reads it at every ``time.time()`` (so the webhooks it signs are not
stale for the web server that checks them).
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

#: Monday 2026-11-30, 09:00 in Beijing: the default instant of the whole suite.
DEFAULT_NOW = "2026-11-30T09:00:00+08:00"
CLOCK_FILE_ENV = "C2M_TEST_CLOCK_FILE"


def instant(value: str) -> datetime:
    """An aware datetime from ISO 8601; an instant without an offset is refused."""
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; write it like {DEFAULT_NOW}")
    return when


def suite_now() -> datetime:
    return instant(os.environ.get("C2M_TEST_NOW") or DEFAULT_NOW)


def offset_read(path: str | Path) -> float:
    """Seconds to add to the real time to get the suite's time (0 when not written)."""
    try:
        return float(Path(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0.0


class SuiteClock:
    """The running test's clock: where it is, and moving it (children told too)."""

    def __init__(self, traveller, path: Path, when: datetime) -> None:  # type: ignore[no-untyped-def]
        self._traveller = traveller
        self._path = path
        self._publish(when)

    def _publish(self, when: datetime) -> None:
        real = _real_time()
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(repr(when.timestamp() - real))
        tmp.replace(self._path)

    def move_to(self, when: datetime | str) -> None:
        target = instant(when) if isinstance(when, str) else when
        self._traveller.move_to(target)
        self._publish(target)

    def now(self) -> datetime:
        from django.utils import timezone

        return timezone.now()


_REAL_ANCHOR = (time.time(), time.monotonic())


def _real_time() -> float:
    """The real wall-clock time, from an anchor taken before any travel (the monotonic
    clock is never moved by time-machine)."""
    wall, mono = _REAL_ANCHOR
    return wall + (time.monotonic() - mono)
