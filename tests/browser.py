"""A real Chromium, driven by Playwright, for browser tests.

Uses Debian's Chromium at /usr/bin/chromium (``make test`` installs it when it can).
Under REQUIRE_SERVICES=1 a missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from tests.services import service_required

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def browser_page(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser page; the live server runs the project on the test database.

    The test fails if the page reported any Content-Security-Policy refusal.
    """
    yield from _browser_page(java_script=True)


@pytest.fixture
def browser_page_without_javascript(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The same, in a browser context with JavaScript switched off."""
    yield from _browser_page(java_script=False)


def _browser_page(*, java_script: bool) -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        service_required("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - a broken install
        service_required("Playwright", str(exc))
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    profile = tempfile.mkdtemp(prefix="c2m-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 1000},
            locale="en-GB",
            java_script_enabled=java_script,
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        refused = csp_violations_recorded(page)
        page.csp_refused = refused  # a test that expects a refusal takes it out
        try:
            yield page
            # Every browser test is also a Content-Security-Policy test.
            assert refused == [], "\n".join(refused)
        finally:
            context.close()
            browser.close()
            shutil.rmtree(profile, ignore_errors=True)
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def csp_violations_recorded(page) -> list[str]:  # type: ignore[no-untyped-def]
    """A list that fills with every Content-Security-Policy refusal the page reports."""
    refused: list[str] = []

    def _console(message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", _console)
    return refused
