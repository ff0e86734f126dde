"""Run the whole platform on one machine with embedded defaults (``make run``).

Migrates the database, loads the demo data, starts localstripe (the fake Stripe
server) and the web server, prints the demo logins, and stops everything it
started on Ctrl-C. Ports come from ``PORT`` (default 8000) and
``LOCALSTRIPE_PORT`` (default 8420).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for_port(port: int, *, timeout: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        if process.poll() is not None:
            raise SystemExit(f"process {process.args!r} exited with code {process.returncode}")
        time.sleep(0.2)
    raise SystemExit(f"nothing listened on port {port} after {timeout:.0f} s")


def _stripe_webhook_point(*, stripe_port: int, port: int, env: dict[str, str]) -> None:
    """Have localstripe send its signed webhooks to this web server."""
    body = json.dumps(
        {
            "url": f"http://127.0.0.1:{port}/stripe/webhook/",
            "secret": env.get("STRIPE_WEBHOOK_SECRET", "whsec_c2m_local"),
        }
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{stripe_port}/_config/webhooks/c2m-dev",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    stripe_port = int(os.environ.get("LOCALSTRIPE_PORT", "8420"))
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    env.setdefault("STRIPE_API_BASE", f"http://127.0.0.1:{stripe_port}")

    # a new database is built from the models (about 1 s), one with tables migrated
    subprocess.run([sys.executable, "-m", "config.database"], cwd=ROOT, env=env, check=True)
    # The demo orders for the factory floor are paid, planned and released once the
    # web server answers (they take a little while): see below.
    _manage("demo_load", "--no-floor", env=env)

    started: list[subprocess.Popen[bytes]] = []

    def stop_all(*_: object) -> None:
        for proc in reversed(started):
            if proc.poll() is None:
                proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(0)))
    try:
        if _port_open(stripe_port):
            print(f"localstripe: already listening on 127.0.0.1:{stripe_port}, reusing it")
        else:
            stripe = subprocess.Popen(
                [sys.executable, "-m", "config.stripe_fake", "--port", str(stripe_port)],
                cwd=ROOT,
            )
            started.append(stripe)
            _wait_for_port(stripe_port, timeout=30, process=stripe)
        _stripe_webhook_point(stripe_port=stripe_port, port=port, env=env)
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
        )
        started.append(web)
        _wait_for_port(port, timeout=60, process=web)
        # A week of orders, production and deliveries, so every board has data (first
        # start only), then the demo factory's own released work orders.
        _manage(
            "demo_scenario",
            "--customers",
            "30",
            "--days",
            "7",
            "--seed",
            "1",
            "--unless-orders",
            "--no-cut-plans",
            env=env,
        )
        _manage("demo_floor_load", env=env)
        _manage("demo_logins", env=env)
        print(f"\nThe platform is running on http://127.0.0.1:{port}/  (Ctrl-C stops it)\n")
        web.wait()
        return web.returncode or 0
    except KeyboardInterrupt:
        print("\nStopping…")
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    raise SystemExit(main())
