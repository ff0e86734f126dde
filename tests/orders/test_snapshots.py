"""A sold garment's snapshot never changes when the catalogue, a fabric or a profile does."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.apps import apps

from orders.models import ProductionUnit
from orders.snapshots import snapshot_digest
from shop.models import GarmentSpec, MeasurementProfile, OptionChoice
from tests.orders.factories import paid_order
from tests.shop.factories import fabric, shirt_options
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db


def _bytes(unit: ProductionUnit) -> bytes:
    unit = ProductionUnit.objects.get(pk=unit.pk)
    return json.dumps(unit.snapshot, sort_keys=True, ensure_ascii=False).encode()


def test_edits_after_payment_leave_the_snapshot_byte_for_byte_unchanged() -> None:
    shirt_options()
    cloth = fabric(stock="100", price="100.00")
    user = customer()
    profile = MeasurementProfile.objects.create(
        owner=user, name="Me", sex="male", values={"neck": "40.0"}
    )
    order = paid_order(user=user, fabric=cloth)
    spec = GarmentSpec.objects.get()
    GarmentSpec.objects.filter(pk=spec.pk).update(profile=profile)
    unit = ProductionUnit.objects.get()
    before = _bytes(unit)
    digest = unit.snapshot_sha256

    product = apps.get_model("catalogue", "Product").objects.get(pk=spec.product_id)
    product.title = "Renamed shirt"
    product.save()
    product.stockrecords.update(price=Decimal("999.00"))
    OptionChoice.objects.update(name_en="Renamed", surcharge=Decimal("77.00"))
    cloth.name_en, cloth.price_per_metre, cloth.width_cm = "Renamed cloth", Decimal("1.00"), 90
    cloth.colour = "#000000"
    cloth.save()
    profile.values = {"neck": "45.0"}
    profile.save()
    GarmentSpec.objects.filter(pk=spec.pk).update(measurements={"neck": "50.0"})

    after = _bytes(unit)
    assert after == before
    assert snapshot_digest(ProductionUnit.objects.get(pk=unit.pk).snapshot) == digest
    snapshot = json.loads(after)
    assert snapshot["fabric"]["price_per_metre"] == "100.00"
    assert snapshot["measurements_cm"]["neck"] == "40"
    assert snapshot["product"]["title"] != "Renamed shirt"
    assert snapshot["order_number"] == str(order.number)
