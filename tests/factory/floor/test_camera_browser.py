"""The scan station reads a ticket's QR code with the camera: Chromium's fake camera
films a ticket's QR code (a Y4M video made here with segno), and the garment moves to
cutting."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import segno
from django.conf import settings
from django.test import Client

from orders.models import ProductionUnit
from tests.browser import CHROMIUM, CHROMIUM_ARGS, csp_violations_recorded
from tests.factory.floor.builders import floor_with_work_order
from tests.services import service_required, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 240


def qr_video(text: str, path: Path, frames: int = 10) -> None:
    """A Y4M (YUV 4:2:0) video of ``text`` as a black-on-white QR code."""
    qr = segno.make(text, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    modules = len(matrix) + 8
    scale = min(WIDTH, HEIGHT) // modules
    left = (WIDTH - modules * scale) // 2 + 4 * scale
    top = (HEIGHT - modules * scale) // 2 + 4 * scale
    luma = bytearray([235]) * (WIDTH * HEIGHT)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                for y in range(top + r * scale, top + (r + 1) * scale):
                    start = y * WIDTH + left + c * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def test_the_camera_reads_a_ticket_and_the_garment_moves_on(live_server: Any) -> None:
    if not os.path.exists(CHROMIUM):
        service_required("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    client = Client()
    client.force_login(floor.operator)
    folder = Path(tempfile.mkdtemp(prefix="c2m-camera-"))
    video = folder / "ticket.y4m"
    qr_video(unit.code, video)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    *CHROMIUM_ARGS,
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
            context = browser.new_context(locale="en-GB", permissions=["camera"])
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
            page = context.new_page()
            page.set_default_timeout(20_000)
            refused = csp_violations_recorded(page)
            centre = floor.centre("cutting").pk
            page.goto(f"{live_server.url}/en/factory/scan/?centre={centre}")
            page.click("#camera-start")
            page.wait_for_selector("#scan-result[data-result=ok]")
            text = page.locator("#scan-result").text_content()
            context.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        shutil.rmtree(folder, ignore_errors=True)

    assert text == f"Garment {unit.code} is now at Cutting."
    wait_for(
        lambda: ProductionUnit.objects.get(pk=unit.pk).state == "cutting",
        timeout=5,
        what="the garment to be at cutting",
    )
    # The film keeps showing the same ticket: it is read once, not again and again.
    assert unit.events.filter(to_state="cutting").count() == 1
    assert refused == []
