"""Run a program on the suite's clock: ``python -m tests.clocked celery -A config worker``.

Reads the offset the ``clock`` fixture wrote (``C2M_TEST_CLOCK_FILE``), travels there
with time-machine (time goes on ticking) and runs the named module as ``python -m``
would. Forked children (Celery's prefork pool) keep the clock.

Fault tests ask for a broken planning engine in the child through the environment:
``C2M_TEST_ENGINE_RAISES=text`` makes ``engine.solve`` raise ``RuntimeError(text)``;
``C2M_TEST_ENGINE_HOLD=seconds`` makes it wait that long first (a replan to kill);
``C2M_TEST_ENGINE_RAISES_AT=code`` makes it raise only for the part of that one factory
(a network planned factory by factory).
"""

from __future__ import annotations

import os
import runpy
import sys
import time

import time_machine

from tests.clock import CLOCK_FILE_ENV, offset_read


def _engine_faults() -> None:
    raises = os.environ.get("C2M_TEST_ENGINE_RAISES", "")
    hold = float(os.environ.get("C2M_TEST_ENGINE_HOLD", "0") or 0)
    raises_at = os.environ.get("C2M_TEST_ENGINE_RAISES_AT", "")
    if not raises and not hold and not raises_at:
        return
    from scheduling import engine

    solve = engine.solve

    def broken_solve(*args, **kwargs):  # type: ignore[no-untyped-def]
        if hold:
            time.sleep(hold)
        if raises:
            raise RuntimeError(raises)
        factories = [f.id for f in args[0].factories]
        if raises_at and factories == [raises_at]:
            raise RuntimeError(f"no feasible sequence at {raises_at}")
        return solve(*args, **kwargs)

    engine.solve = broken_solve


def main() -> None:
    module, *args = sys.argv[1:]
    _engine_faults()
    path = os.environ.get(CLOCK_FILE_ENV)
    if path:
        time_machine.travel(time.time() + offset_read(path), tick=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
