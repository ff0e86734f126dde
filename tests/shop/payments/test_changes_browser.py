"""In a real browser, before the release cut-off a customer cancels one garment (refunded
through localstripe) and corrects another's sleeve (a new spec revision, the old one
kept, the price difference charged through localstripe); after the cut-off both are
refused, with the reason on the page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import stripe
from django.conf import settings
from django.test import Client
from django.utils import timezone

from orders.models import ProductionUnit, UnitSpecRevision
from scheduling.release import releases_due
from scheduling.services import network_replan
from shop.payments.models import CheckoutPayment, GarmentCorrection
from shop.payments.services import payment_succeeded_apply
from tests.clock import SuiteClock
from tests.orders.factories import plant
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _paid_two_shirts(user):  # type: ignore[no-untyped-def]
    cloth = fabric(stock="100")
    plant(code="HZ-C", fabrics=(cloth,))
    basket = basket_with_shirt(
        user=user, fabric=cloth, product=garment_product(price="300.00"), garments=2
    )
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    order = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id).order
    network_replan(seed=1)
    return order


def _logged_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _type_card(page) -> None:  # type: ignore[no-untyped-def]
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("72300")


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def test_cancel_and_correct_before_the_cut_off_and_refused_after(
    live_server,  # type: ignore[no-untyped-def]
    browser_page,
    localstripe_url: str,
    clock: SuiteClock,
) -> None:
    user = customer()
    order = _paid_two_shirts(user)
    first, second = order.lines.order_by("pk")
    kept_unit = ProductionUnit.objects.get(order_line=second)
    assert kept_unit.state == "planned" and kept_unit.changes_until is not None
    intent = CheckoutPayment.objects.get(order=order).payment_intent_id
    page = browser_page
    _logged_in(page, live_server, user)
    order_url = f"{live_server.url}/en/accounts/orders/{order.number}/"

    # Before the cut-off: the page says until when, and the customer cancels one garment.
    page.goto(order_url)
    until = timezone.localtime(kept_unit.changes_until)
    assert page.locator(f"[data-changes-until='{until.isoformat()}']").count() == 2
    assert "Changes possible until" in page.locator("[data-changes-until]").first.inner_text()
    page.locator(f"#cancel_line_{first.pk}").click()
    page.wait_for_load_state()
    price = first.line_price_incl_tax
    assert f"The garment is cancelled and ¥{price} is on its way back" in page.content()
    assert _refunded_fen(intent) == int(price * 100)

    # ... and lengthens the other one's sleeves by 8 cm: dearer, so it pays the difference.
    page.locator(f"#correct_line_{second.pk}").click()
    page.wait_for_url("**/measurements/")
    assert page.locator("#changes-until").count() == 1
    page.fill("#id_m_sleeve_length", "72")
    page.locator("#correction-submit").click()
    page.wait_for_url("**/pay/")
    correction = GarmentCorrection.objects.get()
    assert correction.difference > 0
    _type_card(page)
    page.locator("#pay-button").click()
    page.wait_for_url(f"**/accounts/orders/{order.number}/", timeout=30_000)

    correction.refresh_from_db()
    charged = stripe.PaymentIntent.retrieve(correction.payment_intent_id)
    assert (correction.status, charged["status"], charged["amount"]) == (
        "applied",
        "succeeded",
        int(correction.difference * 100),
    )
    revisions = list(UnitSpecRevision.objects.filter(unit=kept_unit).order_by("revision"))
    assert [(r.revision, r.snapshot["measurements_cm"]["sleeve_length"]) for r in revisions] == [
        (1, "64"),
        (2, "72"),
    ]
    kept_unit.refresh_from_db()
    assert (kept_unit.spec_revision, kept_unit.snapshot["price_paid"]) == (
        2,
        str(correction.new_price),
    )
    assert kept_unit.fabric_metres > Decimal(revisions[0].snapshot["fabric_metres"])
    assert page.locator(
        "[data-spec-revision='2'] [data-measurement='sleeve_length']"
    ).inner_text() == ("sleeve_length 72 cm")

    # A page left open from before the cut-off ...
    stale = page.context.new_page()
    stale.goto(order_url)
    # ... then the cut-off passes and the batch goes to the factory.
    clock.move_to(kept_unit.changes_until + timedelta(minutes=1))
    releases_due(at=timezone.now())
    assert ProductionUnit.objects.get(pk=kept_unit.pk).state == "released"

    stale.locator(f"#cancel_line_{second.pk}").click()
    stale.wait_for_load_state()
    reason = "has been released to the factory for production, so it can no longer be changed"
    assert reason in stale.locator(".alert-danger").inner_text()
    stale.goto(
        f"{live_server.url}/en/accounts/orders/{order.number}/garments/{second.pk}/measurements/"
    )
    assert reason in stale.locator(".alert-danger").inner_text()
    # Nothing changed: still released, still revision 2, nothing more refunded.
    assert ProductionUnit.objects.get(pk=kept_unit.pk).state == "released"
    assert UnitSpecRevision.objects.filter(unit=kept_unit).count() == 2
    assert _refunded_fen(intent) == int(price * 100)
    page.goto(order_url)
    assert page.locator(f"#cancel_line_{second.pk}").count() == 0
    assert page.locator("[data-changes-closed]").count() == 1
