"""Reaching the real services the tests need, and starting the processes they use.

A test that needs a service calls ``service_required``: when the service is
missing it is skipped on a developer machine and fails under
``REQUIRE_SERVICES=1`` (CI), so a missing service is never a silent pass.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from config.queues import worker_queues

ROOT = Path(__file__).resolve().parent.parent


def service_required(name: str, reason: str) -> None:
    message = f"{name} is needed by this test and is not available: {reason}"
    if settings.REQUIRE_SERVICES:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it returns a truthy value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def redis_client():  # type: ignore[no-untyped-def]
    import redis

    if not settings.REDIS_URL:
        service_required("Redis", "REDIS_URL is not set")
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_required("Redis", f"{settings.REDIS_URL} does not answer ({exc})")
    return client


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that points a child process at the test database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def subprocess_env(*, redis_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment for a child process of the platform on the test database."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "REDIS_URL": redis_url or settings.REDIS_URL,
            "DATABASE_URL": database_url_for_subprocess(),
            "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **extra,
        }
    )
    return env


@contextmanager
def celery_worker_process(
    *, concurrency: int = 1, redis_url: str | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Start a real ``celery worker`` on the test queue and stop it afterwards."""
    if redis_url is None:
        redis_client()
    env = subprocess_env(redis_url=redis_url, **(extra_env or {}))
    log_path = ROOT / "var" / f"worker-{os.getpid()}-{time.monotonic_ns()}.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.clocked",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=info",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            ",".join(worker_queues(settings.CELERY_TASK_DEFAULT_QUEUE)),
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    proc.log_path = log_path  # type: ignore[attr-defined]
    try:
        wait_for(
            lambda: "ready." in log_path.read_text() or proc.poll() is not None,
            timeout=60,
            what="the Celery worker to be ready",
        )
        if proc.poll() is not None:
            raise AssertionError(f"Celery worker exited early:\n{log_path.read_text()}")
        yield proc
    finally:
        process_stop(proc)
        log.close()


MEASURED = "measured"


def process_stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Stop a child started in its own session: terminate, then kill its group."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def measured_report(request: pytest.FixtureRequest, line: str) -> None:
    """Print a measured figure into the test run's output, past pytest's capture.

    The figure travels with the test's report (``user_properties``), so a run spread
    over several processes (pytest-xdist) prints it too, in the summary at the end
    (``tests/conftest.py``); a run in one process also prints it at once.
    """
    request.node.user_properties.append((MEASURED, line))
    if getattr(request.config, "workerinput", None) is None:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\n[measured] {line}")


def http_answers(url: str, *, timeout: float = 1.0) -> bool:
    """Whether anything answers HTTP at ``url`` (any status)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@contextmanager
def gunicorn_process(
    *,
    settings_module: str = "config.settings.test",
    args: tuple[str, ...] = ("--workers", "1"),
    extra_env: dict[str, str] | None = None,
    clocked: bool = False,
    port: int | None = None,
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start the production web server (gunicorn) on the test database and ``port`` (a
    free one by default); with ``clocked``, on the suite's clock (``tests.clocked``).

    Yields the master process and the base URL once ``/healthz`` answers; stops it after.
    """
    port = port or free_port()
    env = subprocess_env(**(extra_env or {}))
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    log_path = ROOT / "var" / f"gunicorn-{os.getpid()}-{time.monotonic_ns()}.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *(("tests.clocked",) if clocked else ()),
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    proc.log_path = log_path  # type: ignore[attr-defined]
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            lambda: proc.poll() is not None or http_answers(f"{base_url}/healthz"),
            timeout=60,
            what="gunicorn to answer",
        )
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{log_path.read_text()}")
        yield proc, base_url
    finally:
        process_stop(proc)
        log.close()


def child_pids(pid: int) -> list[int]:
    """The direct children of a process (Linux), e.g. a gunicorn master's workers."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@contextmanager
def redis_server_process(*, port: int, workdir: str) -> Iterator[subprocess.Popen[bytes]]:
    """A private ``redis-server`` on ``port`` that keeps nothing on disk: stopping and
    starting it again is a Redis restart that lost every queued message."""
    import shutil

    import redis

    if not shutil.which("redis-server"):
        service_required("redis-server", "the redis-server program is not installed")
    proc = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    wait_for(lambda: _redis_pings(client), timeout=20, what="the private Redis")
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _redis_pings(client) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool(client.ping())
    except Exception:
        return False


@contextmanager
def clocked_process(
    module: str, *, redis_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m module`` of the platform on the suite's clock and the test database."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.clocked", module],
        cwd=ROOT,
        env=subprocess_env(redis_url=redis_url, **(extra_env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        process_stop(proc)
