"""The benchmark's CPU accounting by part of the stack (tests/cpu_use.py)."""

import os
import subprocess
import sys
import time

from tests import cpu_use


def test_spent_puts_each_process_in_its_part_and_the_rest_in_other() -> None:
    before = cpu_use.Snapshot(
        busy=10.0, by_pid={1: ("postgresql", 2.0), 2: ("web (gunicorn)", 5.0)}
    )
    after = cpu_use.Snapshot(
        busy=14.0,
        by_pid={1: ("postgresql", 2.5), 2: ("web (gunicorn)", 7.0), 3: ("localstripe", 0.25)},
    )
    assert cpu_use.spent(before, after) == {
        "postgresql": 0.5,
        "web (gunicorn)": 2.0,
        "localstripe": 0.25,  # started during the window: all of its time
        "other": 1.25,
        "all": 4.0,
    }


def test_a_busy_child_is_counted_in_its_part() -> None:
    # a process whose command line names localstripe: it starts, sleeps, then spins for
    # 0.3 s of CPU between the two snapshots
    program = (
        "import time  # localstripe\n"
        "time.sleep(1.0)\n"
        "t = time.process_time()\n"
        "while time.process_time() - t < 0.3:\n"
        "    pass\n"
        "time.sleep(30)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program])
    try:
        time.sleep(0.3)
        before = cpu_use.snapshot()
        time.sleep(3.5)
        after = cpu_use.snapshot()
    finally:
        child.kill()
        child.wait()
    parts = cpu_use.spent(before, after)
    assert before.by_pid[child.pid][0] == after.by_pid[child.pid][0] == "localstripe"
    assert 0.29 <= parts["localstripe"] <= 0.35
    assert parts["all"] >= parts["localstripe"]
    assert after.by_pid[os.getpid()][0] == "customers (this process)"
