"""A real localstripe process for the tests, and the helpers that configure it.

localstripe (a stateful fake Stripe server) runs as a child process on a free port
for the whole test session. The ``localstripe_url`` fixture starts it, empties its
store, points the ``stripe`` SDK and the Django settings at it, and stops it at the
end of the session; import it into a conftest to use it::

    from tests.stripe_server import localstripe_url  # noqa: F401

Why a bootstrap instead of the ``localstripe`` console script: localstripe 1.15
keeps its whole store in the hard-coded file ``/tmp/localstripe.pickle`` (it does
not depend on the working directory, HOME or TMPDIR), loads it at start unless
``--from-scratch`` is given and rewrites it after every write. Two runs on one
machine (or a test run beside ``make run``) would read and overwrite each other's
store, and a file left by another user makes every write fail. The bootstrap
starts the same server with the store redirected to a file in a private temporary
directory, so each session has a store of its own.

Limits worth knowing (localstripe 1.15): registered webhooks live in memory only,
``DELETE /_config/data`` does not remove them and there is no call to delete one
(re-register the same id with ``events=[]`` to silence it); each webhook is sent
once, about a second after its event, and never retried.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services import free_port, service_required, wait_for

# Runs in the child process: the stock localstripe server with its pickle file
# moved to argv[1] (argv[3] "0": kept in memory only); argv[2] is the port; its
# time.time() follows the suite's clock.
_BOOTSTRAP = """
import os
import pickle
import sys
import time

from localstripe import resources, server

store_path, port, persist = sys.argv[1], sys.argv[2], sys.argv[3] == "1"


def _load(self):
    try:
        with open(store_path, "rb") as f:
            old = pickle.load(f)
    except FileNotFoundError:
        return
    self.clear()
    self.update(old)


def _dump(self):
    if not persist:
        return
    with open(store_path, "wb") as f:
        pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)


assert hasattr(resources.Store, "try_load_from_disk")
assert hasattr(resources.Store, "dump_to_disk")
resources.Store.try_load_from_disk = _load
resources.Store.dump_to_disk = _dump

# The suite's clock (tests/clock.py): objects and signed webhooks carry its time.
_clock_file, _real_time = os.environ.get("C2M_TEST_CLOCK_FILE"), time.time


def _suite_time():
    try:
        with open(_clock_file) as f:
            return _real_time() + float(f.read().strip() or 0)
    except (OSError, TypeError, ValueError):
        return _real_time()


time.time = _suite_time
sys.argv = ["localstripe", "--port", port, "--from-scratch"]
server.start()
"""

DEFAULT_WEBHOOK_ID = "c2m-tests"


@dataclass(frozen=True)
class LocalstripeServer:
    base_url: str
    port: int
    pid: int
    store_path: Path
    log_path: Path


def localstripe_missing_reason() -> str | None:
    """Why localstripe cannot be started from this interpreter, or None when it can."""
    if importlib.util.find_spec("localstripe") is None:
        return f"the localstripe package is not installed for {sys.executable}"
    return None


def _request(method: str, url: str, *, body: bytes | None = None, timeout: float = 5) -> int:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _answers(base_url: str) -> bool:
    try:
        return _request("GET", f"{base_url}/js.stripe.com/v3/", timeout=1) == 200
    except OSError:
        return False


def localstripe_flush(base_url: str) -> None:
    """Empty localstripe's store (every object and event). Registered webhooks stay."""
    status = _request("DELETE", f"{base_url}/_config/data")
    if status != 200:
        raise AssertionError(f"localstripe at {base_url} refused to flush its data (HTTP {status})")


def localstripe_webhook_configure(
    *,
    base_url: str,
    webhook_url: str,
    secret: str,
    events: Sequence[str] | None = None,
    webhook_id: str = DEFAULT_WEBHOOK_ID,
) -> None:
    """Register (or replace, by ``webhook_id``) a webhook endpoint on localstripe.

    ``events=None`` delivers every event type; ``events=[]`` delivers none. Each
    delivery is a JSON POST signed with ``secret`` in the ``Stripe-Signature``
    header (``t=<event.created>,v1=<hex HMAC-SHA256 of "<t>.<body>">``).
    """
    payload: dict[str, object] = {"url": webhook_url, "secret": secret}
    if events is not None:
        payload["events"] = list(events)
    # JSON, not form fields: a form cannot carry an empty list, and a repeated
    # plain `events` field is read as a single string (HTTP 400).
    status = _request(
        "POST", f"{base_url}/_config/webhooks/{webhook_id}", body=json.dumps(payload).encode()
    )
    if status != 200:
        raise AssertionError(f"localstripe refused the webhook {webhook_url!r} (HTTP {status})")


def localstripe_webhook_disable(*, base_url: str, webhook_id: str = DEFAULT_WEBHOOK_ID) -> None:
    """Silence a registered webhook (localstripe has no call to delete one)."""
    localstripe_webhook_configure(
        base_url=base_url,
        webhook_url="http://127.0.0.1:9/disabled",
        secret="disabled",
        events=[],
        webhook_id=webhook_id,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def localstripe_process(
    *, port: int | None = None, persist: bool = True
) -> Iterator[LocalstripeServer]:
    """Start localstripe with a private store, wait until it answers, flush it, stop it after.

    ``persist=False`` keeps the store in memory only: the stock server pickles the whole
    store to disk after every write, O(objects) per write, which a benchmark of many
    payments would measure instead of the platform."""
    reason = localstripe_missing_reason()
    if reason:
        service_required("localstripe", reason)
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="c2m-localstripe-"))
    store_path = workdir / "store.pickle"
    log_path = workdir / "localstripe.log"
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONUNBUFFERED="1", TMPDIR=str(workdir))
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", _BOOTSTRAP, str(store_path), str(port), "1" if persist else "0"],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for(
                lambda: proc.poll() is not None or _answers(base_url),
                timeout=30,
                what=f"localstripe to answer on {base_url}",
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{log_path.read_text(errors='replace')}") from None
        if proc.poll() is not None:
            raise AssertionError(
                f"localstripe exited early ({proc.returncode}):\n"
                f"{log_path.read_text(errors='replace')}"
            )
        localstripe_flush(base_url)
        yield LocalstripeServer(
            base_url=base_url, port=port, pid=proc.pid, store_path=store_path, log_path=log_path
        )
    finally:
        _stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def stripe_pointed_at(base_url: str) -> Iterator[None]:
    """Point the ``stripe`` SDK, the Django settings and child processes at ``base_url``.

    Sets ``stripe.api_base``/``stripe.api_key`` (for module-level SDK calls),
    overrides ``settings.STRIPE_API_BASE`` (read by ``shop.payments.gateway`` at
    each call) and ``STRIPE_API_BASE`` in the environment; all restored after.
    """
    import stripe
    from django.conf import settings
    from django.test import override_settings

    saved_sdk = (stripe.api_base, stripe.api_key)
    saved_env = os.environ.get("STRIPE_API_BASE")
    override = override_settings(STRIPE_API_BASE=base_url)
    override.enable()
    stripe.api_base = base_url
    stripe.api_key = settings.STRIPE_SECRET_KEY
    os.environ["STRIPE_API_BASE"] = base_url
    try:
        yield
    finally:
        stripe.api_base, stripe.api_key = saved_sdk
        if saved_env is None:
            os.environ.pop("STRIPE_API_BASE", None)
        else:
            os.environ["STRIPE_API_BASE"] = saved_env
        override.disable()


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    """The base URL of this session's localstripe, with Stripe pointed at it."""
    with localstripe_process() as server, stripe_pointed_at(server.base_url):
        yield server.base_url
