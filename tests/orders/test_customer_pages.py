"""A customer follows each garment; nobody sees or touches another customer's orders."""

from __future__ import annotations

import pytest
from django.test import Client

from orders.models import ProductionUnit
from orders.services import unit_route, unit_transition
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db


def test_my_order_shows_each_garments_timeline_factory_city_and_promise(client: Client) -> None:
    cloth = fabric(stock="100")
    plant(code="HZ", fabrics=(cloth,))
    user = customer()
    order = paid_order(user=user, fabric=cloth)
    unit = unit_route(unit_id=ProductionUnit.objects.get().pk)
    for step in ("planned", "released", "cutting"):
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    client.force_login(user)

    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()

    panel = page.split(f'data-unit="{unit.code}"', 1)[1].split("</ol>", 1)[0]
    assert 'data-state="cutting"' in page
    assert "<span data-current-stage>Cutting</span>" in panel
    assert f"made in {unit.factory.city_en}" in panel
    assert "ships by" in panel
    assert panel.count("✓") == 5  # paid, routed, planned, released, cutting
    assert 'aria-current="step"' in panel
    assert "Cancel this garment" not in page  # released: too late to cancel


def test_tracking_number_shows_once_shipped(client: Client) -> None:
    cloth = fabric(stock="100")
    plant(fabrics=(cloth,))
    user = customer()
    order = paid_order(user=user, fabric=cloth)
    unit = unit_route(unit_id=ProductionUnit.objects.get().pk)
    for step in ("planned", "released", "cutting", "sewing", "finishing", "qc", "packed"):
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    unit_transition(
        unit_id=unit.pk,
        to_state="shipped",
        changes={"carrier": "sf", "tracking_number": "SF1234567890"},
    )
    client.force_login(user)

    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    zh_page = client.get(f"/zh-hans/accounts/orders/{order.number}/").content.decode()

    assert "Shipped with SF Express · Tracking number: " in page
    assert (
        '<a href="https://www.sf-express.com/chn/en/waybill/list?waybillNo=SF1234567890" '
        'rel="noopener noreferrer" target="_blank" data-tracking-number>SF1234567890</a>'
    ) in page
    assert "顺丰速运" in zh_page


def test_another_customers_order_is_not_found_on_every_customer_url(client: Client) -> None:
    cloth = fabric(stock="100")
    owner = customer()
    order = paid_order(user=owner, fabric=cloth)
    line = order.lines.get()
    unit = ProductionUnit.objects.get()
    client.force_login(customer())

    urls = [
        ("get", f"/en/accounts/orders/{order.number}/"),
        ("get", f"/en/accounts/orders/{order.number}/{line.pk}/"),
        ("post", f"/en/accounts/orders/{order.number}/{line.pk}/"),
        ("post", f"/en/accounts/orders/{order.number}/garments/{line.pk}/cancel/"),
        ("get", f"/en/checkout/payment/{order.checkout_payment.payment_intent_id}/"),
        ("post", f"/en/checkout/payment/{order.checkout_payment.payment_intent_id}/confirm/"),
    ]
    statuses = [getattr(client, method)(url).status_code for method, url in urls]

    assert statuses == [404] * len(urls)
    unit.refresh_from_db()
    assert unit.state == "paid"
    assert order.checkout_payment.status == "paid"
    listing = client.get("/en/accounts/orders/").content.decode()
    assert str(order.number) not in listing


def test_customer_cancels_before_release_through_the_state_machine(
    client: Client, localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Cancelling moves the unit to cancelled (with its event) and refunds the garment."""
    from shop.payments.services import payment_succeeded_apply
    from tests.shop.payments.factories import basket_with_shirt, card_confirm, payment_start

    cloth = fabric(stock="100")
    user = customer()
    basket = basket_with_shirt(user=user, fabric=cloth)
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    order = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id).order
    line = order.lines.get()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):  # the refund, through the outbox
        client.post(f"/en/accounts/orders/{order.number}/garments/{line.pk}/cancel/")

    unit = ProductionUnit.objects.get()
    assert unit.state == "cancelled"
    assert unit.events.filter(to_state="cancelled").get().actor == user
    # The only garment: the delivery charge comes back too.
    assert order.sources.get().amount_refunded == order.total_incl_tax


def test_reorder_opens_the_configurator_with_the_garments_values(client: Client) -> None:
    cloth = fabric(stock="100")
    user = customer()
    order = paid_order(user=user, fabric=cloth)
    line = order.lines.get()
    client.force_login(user)

    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    form = client.get(f"{line.product.get_absolute_url()}?reorder={line.pk}").content.decode()
    client.force_login(customer())
    stranger = client.get(f"{line.product.get_absolute_url()}?reorder={line.pk}")

    assert f'href="{line.product.get_absolute_url()}?reorder={line.pk}"' in page
    assert 'name="m_neck" id="id_m_neck" value="40"' in form
    assert stranger.status_code == 404


def test_a_garment_added_without_its_configuration_cannot_be_bought(client: Client) -> None:
    from tests.shop.factories import garment_product

    product = garment_product()
    client.post(f"/en/basket/add/{product.pk}/", {"quantity": 1})

    basket = client.get("/en/basket/").content.decode()

    assert "Configure this garment (fabric and measurements) to buy it." in basket


def test_write_a_review_is_offered_once_the_garment_is_delivered_and_until_reviewed(
    client: Client,
) -> None:
    order = paid_order(fabric=fabric(stock="100"))
    line = order.lines.get()
    client.force_login(order.user)
    url = f"/en/accounts/orders/{order.number}/"
    review = f"/en/catalogue/{line.product.slug}_{line.product_id}/reviews/add/"

    paid = client.get(url).content.decode()
    ProductionUnit.objects.filter(order_line=line).update(state="delivered")
    delivered = client.get(url).content.decode()
    line.product.reviews.create(user=order.user, title="Fits", score=5, body="Fits well.")
    reviewed = client.get(url).content.decode()

    assert "Write a review" not in paid and review not in paid
    assert f'href="{review}#addreview">Write a review</a>' in delivered
    assert "Write a review" not in reviewed
