"""Run a program on the suite's clock: ``python -m tests.clocked celery -A config worker``.

Reads the offset the ``clock`` fixture wrote (``C2M_TEST_CLOCK_FILE``), travels there
with time-machine (time goes on ticking) and runs the named module as ``python -m``
would. Forked children (Celery's prefork pool) keep the clock.
"""

from __future__ import annotations

import os
import runpy
import sys
import time

import time_machine

from tests.clock import CLOCK_FILE_ENV, offset_read


def main() -> None:
    module, *args = sys.argv[1:]
    path = os.environ.get(CLOCK_FILE_ENV)
    if path:
        time_machine.travel(time.time() + offset_read(path), tick=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
