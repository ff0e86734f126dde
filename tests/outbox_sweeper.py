"""Beat's stand-in in fault tests: the outbox sweeper every second until stopped (beat
runs it every minute; a test cannot wait minutes). ``python -m tests.clocked
tests.outbox_sweeper`` runs it on the suite's clock."""

from __future__ import annotations

import time

import django

django.setup()

from orders.outbox import outbox_sweep  # noqa: E402

while True:
    outbox_sweep()
    time.sleep(1)
