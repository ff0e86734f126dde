"""The payment transaction (the order made from a paid basket, in the webhook or the
card confirmation) in a known number of queries.

Each further garment costs what Oscar's order creator spends on a line (the line, its
price, its attributes) and the garment's own production unit, first event, spec
revision and routing message: the spec links, the payment event's line quantities, the
promised ship date, the day's count of garments paid and the analytics (one counter a
product, one for the customer) are written or estimated once per order.

The analytics and then the fabric come last, the fabric by one conditional UPDATE per
fabric and no row lock read before it: a customer of the same product or fabric waits
only for the commit that follows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import Fabric, GarmentSpec
from shop.payments.models import CheckoutPayment
from shop.payments.services import CheckoutError, payment_succeeded_apply
from tests.services import measured_report, service_required
from tests.shop.factories import fabric
from tests.shop.payments.factories import (
    basket_total,
    basket_with_shirt,
    card_confirm,
    customer,
    payment_start,
)

pytestmark = pytest.mark.django_db


def _apply_queries(garments: int) -> list[str]:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"), garments=garments)
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    with CaptureQueriesContext(connection) as queries:
        payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    payment.refresh_from_db()
    assert payment.status == CheckoutPayment.Status.PAID
    return [q["sql"] for q in queries.captured_queries]


def test_the_order_is_made_in_a_fixed_number_of_queries_plus_a_few_per_garment(
    localstripe_url: str, request: pytest.FixtureRequest
) -> None:
    if connection.vendor != "postgresql":  # the statements counted are PostgreSQL's
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")
    one = _apply_queries(1)
    three = _apply_queries(3)
    measured_report(
        request, f"payment transaction: {len(one)} queries for 1 garment, {len(three)} for 3"
    )
    assert (len(one), len(three)) == (54, 59)
    # The fabric: never locked by a read, taken by the last statement of the transaction
    # (the test's own transaction makes the payment's a savepoint).
    assert not [q for q in three if q.startswith('SELECT "shop_fabric"')]
    taken = [i for i, q in enumerate(three) if q.startswith('UPDATE "shop_fabric"')]
    assert taken == [len(three) - 2]
    assert three[-1].startswith("RELEASE SAVEPOINT")
    # Before it the analytics, once per order: the first order of a product and of a
    # customer adds their rows (an INSERT that does nothing when a racing order did).
    assert [" ".join(q.split()[:3]) for q in three[-8:-2]] == [
        'UPDATE "analytics_productrecord" SET',
        'INSERT INTO "analytics_productrecord"',
        'UPDATE "analytics_productrecord" SET',
        'UPDATE "analytics_userrecord" SET',
        'INSERT INTO "analytics_userrecord"',
        'UPDATE "analytics_userrecord" SET',
    ]
    assert "ON CONFLICT DO NOTHING" in three[-7]
    # Before them the day's count of garments paid, one row every payment of the day
    # adds to: one statement for the three garments, after everything else the order
    # wrote, so the row is locked only for these last statements.
    counted = [i for i, q in enumerate(three) if 'INTO "orders_uniteventday"' in q]
    assert counted == [len(three) - 9]
    assert "'paid', 0, 0, 'shirt', '', false, 3, 0)" in three[counted[0]]
    # Each keyed outbox message (three routings, the confirmation) by one INSERT that
    # does nothing when the key is taken: no read before it, no savepoint around it.
    outbox = [q for q in three if '"orders_outboxmessage"' in q]
    assert len(outbox) == 4
    assert all(q.startswith('INSERT INTO "orders_outboxmessage"') for q in outbox)
    assert sum(q.startswith("SAVEPOINT") for q in three) == 2  # the test's, Oscar's order
    assert 'WHERE ("shop_fabric"."metres_in_stock" >= ' in three[taken[0]]
    # Once per order, whatever the garments: the spec links and the line quantities.
    assert sum('UPDATE "shop_garmentspec"' in q for q in three) == 1
    assert sum('INSERT INTO "order_paymenteventquantity"' in q for q in three) == 1


def _two_shirts() -> tuple[object, Fabric, object]:
    user = customer()
    cloth = fabric(stock="50")
    return user, cloth, basket_with_shirt(user=user, fabric=cloth, garments=2)


def test_starting_a_payment_reads_the_specs_once_with_their_fabrics_stock(
    localstripe_url: str,
) -> None:
    user, _, basket = _two_shirts()
    basket_total(basket)  # priced first, as the preview page does

    with CaptureQueriesContext(connection) as queries:
        payment = payment_start(basket=basket, user=user)
    sql = [q["sql"] for q in queries.captured_queries]

    assert payment.status == CheckoutPayment.Status.PENDING
    assert sum(q.startswith('SELECT "shop_garmentspec"') for q in sql) == 1
    assert not [q for q in sql if q.startswith('SELECT "shop_fabric"')]


def test_a_payment_is_refused_for_garments_that_together_need_more_than_is_left(
    localstripe_url: str,
) -> None:
    user, cloth, basket = _two_shirts()
    needed = sum(spec.fabric_metres for spec in GarmentSpec.objects.filter(fabric=cloth))
    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock=needed - Decimal("0.01"))

    with pytest.raises(CheckoutError):
        payment_start(basket=basket, user=user)

    assert CheckoutPayment.objects.count() == 0
