"""The demo scenario: customers pay, factories make and ship, parcels arrive, through
the platform's own services; the same seed gives the same KPIs."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from factory.floor.models import FloorEvent
from factory.models import WorkOrder
from orders.models import ProductionUnit, UnitEvent
from shop.payments.models import CheckoutPayment, StripeEvent

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARGS = ("--customers", "8", "--days", "9", "--seed", "3", "--start", "2026-11-16", "--json")


def _run() -> dict:
    out = io.StringIO()
    call_command("demo_scenario", *ARGS, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_a_small_scenario_twice_gives_the_same_kpis() -> None:
    first = _run()
    # Every garment went through payment, routing and the floor as in production.
    assert StripeEvent.objects.filter(type="payment_intent.succeeded").count() == 8
    assert CheckoutPayment.objects.filter(status="paid").count() == 8
    assert first["paid"] == ProductionUnit.objects.filter(remake_of__isnull=True).count()
    assert first["shipped"] >= 1 and first["delivered"] >= 1
    assert UnitEvent.objects.filter(to_state="planned").exists()
    assert UnitEvent.objects.filter(to_state="released").exists()
    assert first["promised_date_kept_pct"] == 100.0
    # The factories' managers accepted every work order but those released the last evening.
    accepted = FloorEvent.objects.filter(kind=FloorEvent.Kind.ACCEPT)
    assert accepted.exists()
    assert {event.actor.username for event in accepted} == {"demo-manager-hz-01"}
    waiting = WorkOrder.objects.exclude(floor_events__kind=FloorEvent.Kind.ACCEPT)
    assert {timezone.localtime(w.released_at).date() for w in waiting} <= {date(2026, 11, 24)}

    call_command("flush", "--noinput")
    second = _run()

    assert second == first


def test_refuses_nonsense_sizes() -> None:
    with pytest.raises(SystemExit):
        call_command("demo_scenario", "--customers", "0", stderr=io.StringIO())
