"""`make run` (config.devrun) serves the platform on embedded defaults.

Started as a real process with no DATABASE_URL or REDIS_URL: SQLite, in-process
tasks and its own localstripe. The storefront must answer in both languages
within 300 s (a week of the demo scenario is simulated first) and the staff dashboard
must open with the printed staff login.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from shop.demo import DEMO_LOGINS
from tests.services import ROOT, free_port, wait_for

pytestmark = pytest.mark.slow


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def _listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP port is listened on (from /proc/net/tcp and tcp6)."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/net/{name}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if width == 8:
                    found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add("::" if set(address) == {"0"} else address)
    return found


def test_make_run_serves_storefront_and_dashboard(tmp_path: Path) -> None:
    port, stripe_port = free_port(), free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "STRIPE_API_BASE")
    }
    env.update(
        PORT=str(port),
        LOCALSTRIPE_PORT=str(stripe_port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SEARCH_INDEX_PATH=str(tmp_path / "search_index"),
    )
    log_path = tmp_path / "run.log"
    started = time.monotonic()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "config.devrun"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener()
    try:
        wait_for(
            lambda: _get(opener, f"{base}/en/catalogue/")[0] == 200 or proc.poll() is not None,
            timeout=300,
            interval=0.5,
            what="the storefront to answer",
        )
        elapsed = time.monotonic() - started
        assert proc.poll() is None, log_path.read_text()
        print(f"storefront answered 200 after {elapsed:.1f} s")

        en_status, en_body = _get(opener, f"{base}/en/catalogue/")
        zh_status, zh_body = _get(opener, f"{base}/zh-hans/catalogue/")
        assert (en_status, zh_status) == (200, 200)
        assert "All products" in en_body
        assert "所有商品" in zh_body
        assert _get(opener, f"http://127.0.0.1:{stripe_port}/v1/customers")[0] in (200, 401)
        assert _listening_addresses(stripe_port) == {"127.0.0.1"}

        staff = next(login for login in DEMO_LOGINS if login.role == "staff")
        wait_for(
            lambda: "running on" in log_path.read_text() or proc.poll() is not None,
            timeout=180,
            what="the demo orders to reach the factory and the logins to be printed",
        )
        output = log_path.read_text()
        for login in DEMO_LOGINS:
            assert re.search(rf"{login.role}\s+{re.escape(login.email)}\s+{login.password}", output)

        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        _, login_page = _get(browser, f"{base}/en/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        assert token, "login page has no CSRF token"
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "login-username": staff.email,
                "login-password": staff.password,
                "login_submit": "Log In",
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/en/accounts/login/", data=form, headers={"Referer": f"{base}/"}
        )
        browser.open(request, timeout=10).read()
        status, dashboard = _get(browser, f"{base}/en/dashboard/")
        assert status == 200
        assert "Dashboard" in dashboard

        # The factory login lands on its portal, in Chinese, with the released work orders.
        factory = next(login for login in DEMO_LOGINS if login.role == "factory")
        assert "Factory portal: /zh-hans/factory/" in output
        floor = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        _, login_page = _get(floor, f"{base}/en/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        assert token, "login page has no CSRF token"
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "login-username": factory.email,
                "login-password": factory.password,
                "login_submit": "Log In",
            }
        ).encode()
        with floor.open(
            urllib.request.Request(
                f"{base}/en/accounts/login/", data=form, headers={"Referer": f"{base}/"}
            ),
            timeout=10,
        ) as landed:
            portal_url, portal = landed.url, landed.read().decode()
        work_orders = re.findall(r'<tr data-work-order="(WO-HZ-01-[^"]+)">', portal)
        print(f"the factory login landed on {portal_url} with work orders {work_orders}")
        assert portal_url == f"{base}/zh-hans/factory/"
        assert "工单" in portal
        assert len(work_orders) >= 1
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Ctrl-C stopped everything it started: nothing listens on its ports any more.
    for p in (port, stripe_port):
        assert _get(opener, f"http://127.0.0.1:{p}/")[0] == 0
