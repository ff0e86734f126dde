"""The demo catalogue is coherent: every style opens, and a garment of each can be bought."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from shop.demo import demo_catalogue_load
from shop.drawing import GARMENT_OPTIONS
from shop.models import Fabric, GarmentOption, GarmentSpec
from shop.selectors import style_catalogue_get
from shop.tailoring.estimate import estimate_measurements

pytestmark = pytest.mark.django_db


def test_demo_catalogue_has_three_styles_and_a_real_fabric_library() -> None:
    demo_catalogue_load()

    types = set(
        apps.get_model("catalogue", "Product").objects.values_list(
            "product_class__garment_style__garment_type", flat=True
        )
    )
    assert types == {"shirt", "trousers", "jacket"}
    assert Fabric.objects.count() >= 12
    assert Fabric.objects.filter(name_zh="").count() == 0
    for garment_type in types:
        codes = set(
            GarmentOption.objects.filter(garment_type=garment_type).values_list("code", flat=True)
        )
        assert "fit" in codes
        # Every option offered can be drawn.
        assert codes <= set(GARMENT_OPTIONS[garment_type]) | {"monogram_font", "monogram_colour"}


@pytest.mark.parametrize("upc", ["SHIRT-OXF", "SHIRT-POP", "TRS-SUIT", "JKT-SB"])
def test_each_demo_style_can_be_configured_and_added(client: Client, upc: str) -> None:
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc=upc)
    catalogue = style_catalogue_get(product_id=product.pk)
    body = estimate_measurements(
        sex="male", height=Decimal("176"), weight=Decimal("72"), garment_type=catalogue.garment_type
    )
    data = {"fabric": catalogue.fabrics[0].code, "sex": "male", "action": "add"}
    data.update({f"m_{code}": str(value) for code, value in body.items()})

    page = client.get(product.get_absolute_url())
    response = client.post(product.get_absolute_url(), data)

    assert page.status_code == 200
    assert response.status_code == 302
    assert GarmentSpec.objects.get().garment_type == catalogue.garment_type


def test_preview_without_javascript_redraws_and_saves_nothing(client: Client) -> None:
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="JKT-SB")

    response = client.post(
        product.get_absolute_url(),
        {"action": "preview", "fabric": "SU-203", "sex": "male", "opt_buttons": "one"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-part="buttons-one"' in body
    group = body.split('id="group-opt_buttons"', 1)[1].split("</fieldset>")[0]
    assert re.search(r'value="one"[^>]*checked', group)
    assert GarmentSpec.objects.count() == 0


def test_single_breasted_jacket_offers_no_double_breasted_front(client: Client) -> None:
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="JKT-SB")
    catalogue = style_catalogue_get(product_id=product.pk)
    body = estimate_measurements(
        sex="male", height=Decimal("176"), weight=Decimal("72"), garment_type="jacket"
    )
    data = {"fabric": "SU-201", "sex": "male", "action": "add", "opt_buttons": "double-breasted"}
    data.update({f"m_{code}": str(value) for code, value in body.items()})

    page = client.get(product.get_absolute_url()).content.decode()
    refused = client.post(product.get_absolute_url(), data)

    buttons = [c.code for c in catalogue.option("buttons").active_choices]
    assert buttons == ["one", "two"]
    assert "Double-breasted" not in page
    assert refused.status_code == 400
    assert "Choose one of the options shown." in refused.content.decode()
    assert GarmentSpec.objects.count() == 0


def test_the_two_shirts_offer_different_cloths_and_options() -> None:
    demo_catalogue_load()
    product_model = apps.get_model("catalogue", "Product")
    oxford, poplin = (
        style_catalogue_get(product_id=product_model.objects.get(upc=upc).pk)
        for upc in ("SHIRT-OXF", "SHIRT-POP")
    )

    assert [f.name_en for f in oxford.fabrics] == [
        "White Oxford",
        "Sky-blue Oxford",
        "Navy gingham",
    ]
    assert {f.code for f in oxford.fabrics}.isdisjoint({f.code for f in poplin.fabrics})
    collars = {
        name: [c.code for c in catalogue.option("collar").active_choices]
        for name, catalogue in (("oxford", oxford), ("poplin", poplin))
    }
    assert collars == {
        "oxford": ["spread", "button-down", "mandarin"],
        "poplin": ["spread", "cutaway", "mandarin", "wing"],
    }
    assert "french" not in [c.code for c in oxford.option("cuff").active_choices]


def test_decimal_comma_is_accepted(client: Client) -> None:
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    body = estimate_measurements(
        sex="male", height=Decimal("176"), weight=Decimal("72"), garment_type="shirt"
    )
    data = {"fabric": "SH-101", "sex": "male", "action": "add"}
    data.update({f"m_{code}": str(value) for code, value in body.items()})
    data["m_neck"] = "40,5"

    response = client.post(product.get_absolute_url(), data)

    assert response.status_code == 302
    assert GarmentSpec.objects.get().measurements["neck"] == "40.5"


def test_demo_factory_extras_name_real_options() -> None:
    from factory.demo import DEMO_OPTION_EXTRAS
    from shop.demo import DEMO_OPTIONS

    offered = {
        (garment_type, code, choice[0])
        for garment_type, code, _en, _zh, choices in DEMO_OPTIONS
        for choice in choices
    }
    for garment_type, option_code, choice_code, _kind, _minutes in DEMO_OPTION_EXTRAS:
        assert (garment_type, option_code, choice_code) in offered


def test_demo_ships_to_china_so_checkout_has_a_country() -> None:
    from shop.demo import demo_countries_load

    assert demo_countries_load() == 1
    assert demo_countries_load() == 1
    country = apps.get_model("address", "Country").objects.get(is_shipping_country=True)
    assert country.iso_3166_1_a2 == "CN"
