"""CPU time spent by each part of the stack over a window, read from ``/proc`` (Linux).

The paid-orders benchmark runs every part on the same machine: web workers, the task
worker and beat, localstripe, PostgreSQL, Redis and the simulated customers. What each
part spends per order says where the time goes and what a target of orders per second
asks of each: at ``k`` orders a second on ``c`` cores, everything together has
``1000 c / k`` ms of CPU per order.

A process is put in a part by its command line (none: a kernel thread). The machine's
busy time comes from ``/proc/stat``; what no live process accounts for (processes that
ended during the window, interrupts, other work on the machine) is shown as "other".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK")
PARTS = (
    ("web (gunicorn)", ("gunicorn",)),
    ("task worker", ("celery", "worker")),
    ("beat", ("celery", "beat")),
    ("localstripe", ("localstripe",)),
    ("postgresql", ("postgres",)),
    ("redis", ("redis-server",)),
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    busy: float  # seconds of CPU the whole machine has spent
    by_pid: dict[int, tuple[str, float]]  # pid -> (part, seconds of CPU)


def _part(pid: int, me: int) -> str | None:
    if pid == me:
        return "customers (this process)"
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None
    words = raw.replace(b"\0", b" ").decode(errors="replace")
    if not words:
        return "kernel threads"
    for name, needles in PARTS:
        if all(n in words for n in needles):
            return name
    return None


def _seconds(pid: int) -> float | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _busy() -> float:
    fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / TICK


def available() -> bool:
    return (PROC / "stat").exists()


def snapshot() -> Snapshot:
    me = os.getpid()
    by_pid: dict[int, tuple[str, float]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        part = _part(pid, me)
        if part is None:
            continue
        seconds = _seconds(pid)
        if seconds is not None:
            by_pid[pid] = (part, seconds)
    return Snapshot(busy=_busy(), by_pid=by_pid)


def spent(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """Seconds of CPU by part between two snapshots, with "other" and "all"."""
    parts: dict[str, float] = {}
    for pid, (part, seconds) in after.by_pid.items():
        was = before.by_pid.get(pid)
        start = was[1] if was is not None and was[0] == part else 0.0
        parts[part] = parts.get(part, 0.0) + max(0.0, seconds - start)
    total = max(0.0, after.busy - before.busy)
    parts["other"] = max(0.0, total - sum(parts.values()))
    parts["all"] = total
    return parts
