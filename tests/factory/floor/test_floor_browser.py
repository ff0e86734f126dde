"""In a real browser, a work order from release to the customer's door: the manager signs
in (landing on the portal in Chinese), switches to English and accepts the work order,
downloads the tickets (a PDF whose QR codes read back as the unit codes); the operator
scans every garment through cutting, sewing, finishing and QC (a wrong scan is refused
in red); one garment fails QC and is reworked, one is remade (the new garment is routed),
the rest are packed and shipped with a tracking number; the customer's order page shows
every step and the tracking number; the shipped email is sent once."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from factory.floor.models import FloorEvent, Shipment
from orders.models import CustomerNotice, ProductionUnit
from tests.factory.floor.builders import floor_plant, member, released_work_order
from tests.factory.floor.pdfs import pdf_qr_codes
from tests.services import wait_for
from tests.shop.factories import fabric
from tests.shop.payments.factories import customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=login-username]", email)
    page.fill("input[name=login-password]", password)
    page.click("button[name=login_submit]")


def _signed_in(page: Any, base: str, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def _scan(page: Any, code: str) -> str:
    """Type a code as a USB scanner does (the text, then Enter); the station's answer."""
    result = page.locator("#scan-result")
    before = result.text_content() if result.is_visible() else ""
    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    page.wait_for_function(
        "([before]) => { const r = document.getElementById('scan-result');"
        " return !r.hidden && r.textContent !== before"
        " && document.getElementById('scan-code').value === ''; }",
        arg=[before],
    )
    return str(result.get_attribute("data-result"))


def _station(page: Any, base: str, kind: str) -> None:
    page.goto(f"{base}/en/factory/scan/")
    page.click(f"[data-centre={kind}]")
    # The scanner's script is listening: a code typed before then posts the plain form.
    page.wait_for_selector("#scan-form[data-ready]")


def test_a_work_order_from_release_to_the_customer_s_door(
    live_server: Any, browser_page: Any
) -> None:
    base = live_server.url
    page = browser_page
    cloth = fabric(stock="500")
    factory = floor_plant("HZ-B", cloth)
    manager = member(factory, "manager")
    operator = member(factory, "operator")
    buyer = customer()
    buyer.set_password("buyer-pass")
    buyer.save()
    work_order = released_work_order(factory=factory, garments=4, cloth=cloth, user=buyer)
    units = list(work_order.units.order_by("pk"))
    codes = [u.code for u in units]
    reworked, remade, *rest = codes
    mail.outbox.clear()

    # The manager signs in and lands on the portal, in Chinese; switches to English.
    _sign_in(page, base, manager.email, "floor-pass")
    page.wait_for_url(f"{base}/zh-hans/factory/")
    assert page.locator(f"[data-work-order='{work_order.code}']").count() == 1
    page.click("button[name=language][value=en]")
    page.wait_for_url(f"{base}/en/factory/")
    page.click(f"text={work_order.code}")
    page.click("[data-accept]")
    page.wait_for_selector("[data-state=accepted]")
    assert FloorEvent.objects.filter(kind="accept", work_order=work_order).count() == 1

    # The tickets: one PDF, one QR code per garment, each the unit code.
    tickets_url = page.get_attribute("[data-tickets]", "href")
    response = page.context.request.get(f"{base}{tickets_url}")
    assert response.headers["content-type"] == "application/pdf"
    assert pdf_qr_codes(response.body()) == [[code] for code in codes]

    # The operator scans every garment through its stages.
    _signed_in(page, base, operator)
    for kind in ("cutting", "sewing", "finishing", "qc"):
        _station(page, base, kind)
        for code in codes:
            assert _scan(page, code) == "ok", page.locator("#scan-result").text_content()
        if kind == "sewing":
            # Scanning again is harmless; a garment at the wrong station is refused in red.
            assert _scan(page, codes[0]) == "repeated"
            _station(page, base, "qc")
            assert _scan(page, codes[0]) == "refused"
            assert "Wrong station" in page.locator("#scan-result").text_content()
            colour = page.eval_on_selector(
                "#scan-result", "e => getComputedStyle(e).backgroundColor"
            )
            assert colour == "rgb(176, 0, 32)"
            assert _scan(page, "U-NOPE-NOPE") == "refused"
    assert set(
        ProductionUnit.objects.filter(pk__in=[u.pk for u in units]).values_list("state", flat=True)
    ) == {"qc"}

    # QC: one rework, one remake, the rest pass.
    page.goto(f"{base}/en/factory/qc/")
    card = page.locator(f"[data-unit='{reworked}']")
    card.locator("summary").click()
    card.locator("input[name=reason][value=seam]").check()
    card.locator("input[name=decision][value=rework]").check()
    card.locator("[data-fail]").click()
    page.wait_for_selector(f"text=Garment {reworked} goes back to sewing for rework.")
    card = page.locator(f"[data-unit='{remade}']")
    card.locator("summary").click()
    card.locator("input[name=reason][value=fabric_flaw]").check()
    card.locator("input[name=decision][value=remake]").check()
    card.locator("[data-fail]").click()
    page.wait_for_selector(f"text=Garment {remade} will be made again as")
    for code in rest:
        page.locator(f"[data-unit='{code}'] [data-pass]").click()
        page.wait_for_selector(f"text=Garment {code} passed. Take it to packing.")
    new_unit = wait_for(
        lambda: ProductionUnit.objects.filter(remake_of__code=remade, state="routed").first(),
        timeout=15,
        what="the remade garment to be routed",
    )
    assert new_unit.factory_id == factory.pk
    assert ProductionUnit.objects.get(code=remade).state == "remade"

    # The reworked garment goes round again and passes its second check.
    for kind in ("finishing", "qc"):
        _station(page, base, kind)
        assert _scan(page, reworked) == "ok"
    page.goto(f"{base}/en/factory/qc/")
    page.locator(f"[data-unit='{reworked}'] [data-pass]").click()
    page.wait_for_selector(f"text=Garment {reworked} passed. Take it to packing.")

    # Packing, then one parcel with a tracking number.
    shipped = [reworked, *rest]
    _station(page, base, "packing")
    for code in shipped:
        assert _scan(page, code) == "ok"
    page.goto(f"{base}/en/factory/shipping/")
    parcel = page.locator("form[data-order]")
    assert sorted(
        parcel.locator("input[name=units]").evaluate_all("l => l.map(e => e.value)")
    ) == sorted(shipped)
    parcel.locator("select[name=carrier]").select_option("sf")
    parcel.locator("input[name=tracking_number]").fill("SF1400123456")
    parcel.locator("[data-ship]").click()
    page.wait_for_selector("[data-shipment=SF1400123456]")
    shipment = Shipment.objects.get()
    assert sorted(shipment.units.values_list("code", flat=True)) == sorted(shipped)

    # The customer sees every step, the extra care and the tracking number.
    _signed_in(page, base, buyer)
    order = units[0].order_line.order
    page.goto(f"{base}/en/accounts/orders/{order.number}/")
    panel = page.locator(f".unit-timeline[data-unit='{reworked}']")
    text = panel.text_content()
    for stage in ("Cutting", "Sewing", "Finishing", "Quality check", "Packed", "Shipped"):
        assert f"✓ {stage}" in " ".join(text.split())
    assert panel.locator("time").count() == 10  # paid … shipped, each with its time
    assert panel.locator("[data-extra-care]").count() == 1
    link = panel.locator("[data-tracking-number]")
    assert link.text_content() == "SF1400123456"
    assert "SF1400123456" in str(link.get_attribute("href"))
    assert page.locator(f".unit-timeline[data-unit='{remade}'] [data-remade]").count() == 1
    assert page.locator(f".unit-timeline[data-unit='{new_unit.code}']").count() == 1

    # One shipped email for the parcel, naming each garment in it.
    shipped_mail = [m for m in mail.outbox if "shipped" in m.subject]
    assert len(shipped_mail) == 1
    assert all(code in shipped_mail[0].body for code in shipped)
    assert CustomerNotice.objects.filter(kind="shipped").count() == len(shipped)
