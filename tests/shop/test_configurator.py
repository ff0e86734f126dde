"""The product page configures, draws, prices and adds a garment; bad input changes nothing."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from shop.configurator import garment_quote
from shop.models import GarmentSpec
from shop.tailoring.choices import Fit, GarmentType, Sex
from shop.tailoring.consumption import fabric_consumption_m
from shop.tailoring.fit import finished_dimensions
from tests.shop.factories import (
    SHIRT_BODY,
    configurator_post,
    fabric,
    garment_product,
    shirt_options,
)

pytestmark = pytest.mark.django_db


def _lines() -> int:
    return apps.get_model("basket", "Line").objects.count()


@pytest.fixture
def shirt():  # type: ignore[no-untyped-def]
    shirt_options()
    return garment_product(garment_type="shirt", price="300.00", title="Test shirt")


def test_quote_is_base_plus_surcharges_plus_fabric(shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(price="100.00", width="150")
    from shop.selectors import style_catalogue_get

    catalogue = style_catalogue_get(product_id=shirt.pk)
    cuff = catalogue.option("cuff").active_choices[1]  # french, +60
    fit = catalogue.option("fit").active_choices[0]  # slim
    body = {code: Decimal(v) for code, v in SHIRT_BODY.items()}

    quote = garment_quote(
        garment_type=GarmentType.SHIRT,
        base_price=Decimal("300.00"),
        fabric=cloth,
        choices={"cuff": cuff, "fit": fit},
        sex=Sex.MALE,
        measurements=body,
    )

    finished = finished_dimensions(garment_type="shirt", fit=Fit.SLIM, body=body)
    metres = fabric_consumption_m(
        garment_type="shirt", finished=finished, fabric_width_cm=Decimal("150"), french_cuffs=True
    )
    assert quote.estimated is False
    assert quote.finished == finished
    assert quote.fabric_metres == metres
    assert quote.price.total == Decimal("300.00") + Decimal("60.00") + (metres * 100).quantize(
        Decimal("0.01")
    )
    assert [line.code for line in quote.price.lines] == ["base", "surcharge", "fabric"]


def test_product_page_shows_fabrics_options_labels_and_drawing(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(code="SH-9", colour="#123456")

    response = client.get(shirt.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "SH-9" in body
    assert 'for="id_m_neck"' in body
    assert "Neck (cm)" in body
    assert "<svg" in body and cloth.colour in body
    assert 'id="price-total"' in body
    assert "French (+¥60.00)" in body


def test_product_page_in_chinese(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    fabric()

    body = client.get(f"/zh-hans/catalogue/{shirt.slug}_{shirt.pk}/").content.decode()

    assert "面料" in body
    assert "领围" in body or "颈围" in body
    assert "加入购物车" in body


def test_valid_garment_goes_to_the_basket_priced_on_the_server(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(price="100.00")
    data = configurator_post(
        fabric_code=cloth.code,
        opt_fit="regular",
        opt_collar="mandarin",
        opt_cuff="french",
        opt_monogram_position="cuff",
        monogram_text="J.D.",
        price="1.00",
        total="1.00",
    )

    response = client.post(shirt.get_absolute_url(), data)

    assert response.status_code == 302
    assert response["Location"].endswith("/basket/")
    spec = GarmentSpec.objects.get()
    line = apps.get_model("basket", "Line").objects.get()
    assert spec.basket_line == line
    assert spec.choices == {
        "fit": "regular",
        "collar": "mandarin",
        "cuff": "french",
        "monogram_position": "cuff",
        "monogram_colour": "gold",
    }
    assert spec.monogram_text == "J.D."
    assert spec.measurements == {code: f"{Decimal(v):.1f}" for code, v in SHIRT_BODY.items()}
    fabric_cost = (spec.fabric_metres * 100).quantize(Decimal("0.01"))
    expected = Decimal("300") + 20 + 60 + 50 + 10 + fabric_cost
    assert line.price_incl_tax == expected
    basket = client.get("/en/basket/").content.decode()
    assert f"¥{expected:,.2f}" in basket


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("m_neck", "95", "between"),
        ("m_neck", "abc", "number"),
        ("m_neck", "nan", "number"),
        ("m_neck", "", "required"),
        ("m_wrist", "29", "bicep"),
        ("m_sleeve_length", "9" * 30, "characters"),
    ],
)
def test_bad_measurement_is_shown_next_to_its_field_and_nothing_is_saved(
    client: Client,
    shirt,
    field: str,
    value: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    cloth = fabric()
    data = configurator_post(fabric_code=cloth.code, **{field: value})
    if field == "m_wrist":
        data["m_bicep"] = "25"

    response = client.post(shirt.get_absolute_url(), data)

    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="error-{field}"' in body
    error_box = body.split(f'id="error-{field}"', 1)[1].split("</div>", 1)[0]
    assert message in error_box.lower()
    assert GarmentSpec.objects.count() == 0
    assert _lines() == 0


def test_error_is_shown_in_chinese_on_the_chinese_page(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()
    data = configurator_post(fabric_code=cloth.code, m_neck="95")

    response = client.post(f"/zh-hans/catalogue/{shirt.slug}_{shirt.pk}/", data)

    error_box = response.content.decode().split('id="error-m_neck"', 1)[1].split("</div>", 1)[0]
    assert response.status_code == 400
    assert "厘米" in error_box


def test_monogram_needs_text_and_text_needs_a_position(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()

    no_text = client.post(
        shirt.get_absolute_url(),
        configurator_post(fabric_code=cloth.code, opt_monogram_position="cuff"),
    )
    no_position = client.post(
        shirt.get_absolute_url(),
        configurator_post(fabric_code=cloth.code, monogram_text="AB"),
    )
    bad_text = client.post(
        shirt.get_absolute_url(),
        configurator_post(
            fabric_code=cloth.code, opt_monogram_position="cuff", monogram_text="<b>"
        ),
    )

    assert (no_text.status_code, no_position.status_code, bad_text.status_code) == (400, 400, 400)
    assert 'id="error-monogram_text"' in no_text.content.decode()
    assert 'id="error-opt_monogram_position"' in no_position.content.decode()
    assert 'id="error-monogram_text"' in bad_text.content.decode()
    assert GarmentSpec.objects.count() == 0


def test_unknown_fabric_or_choice_is_refused(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()
    other = fabric(garment_types=("jacket",))

    wrong_fabric = client.post(shirt.get_absolute_url(), configurator_post(fabric_code="NOPE"))
    jacket_fabric = client.post(shirt.get_absolute_url(), configurator_post(fabric_code=other.code))
    wrong_choice = client.post(
        shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code, opt_cuff="velcro")
    )

    assert {wrong_fabric.status_code, jacket_fabric.status_code, wrong_choice.status_code} == {400}
    assert _lines() == 0


def test_short_fabric_cannot_be_added(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(stock="1.00")

    response = client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Only 1.00 m of" in body.split('id="error-fabric"', 1)[1]
    assert GarmentSpec.objects.count() == 0
    assert _lines() == 0


def test_second_garment_is_refused_when_the_basket_already_needs_the_fabric(
    client: Client,
    shirt,  # type: ignore[no-untyped-def]
) -> None:
    cloth = fabric(stock="2.50")

    first = client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))
    second = client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))

    assert (first.status_code, second.status_code) == (302, 400)
    assert _lines() == 1


def test_two_identical_garments_are_two_lines(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()

    client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))
    client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))

    lines = apps.get_model("basket", "Line").objects.all()
    assert [line.quantity for line in lines] == [1, 1]
    assert GarmentSpec.objects.filter(basket_line__isnull=False).count() == 2


def test_editing_a_line_returns_to_the_configurator_with_its_values(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()
    client.post(
        shirt.get_absolute_url(),
        configurator_post(fabric_code=cloth.code, opt_cuff="french", m_neck="41.5"),
    )
    line = apps.get_model("basket", "Line").objects.get()

    page = client.get(f"{shirt.get_absolute_url()}?line={line.pk}").content.decode()
    update = client.post(
        shirt.get_absolute_url(),
        configurator_post(
            fabric_code=cloth.code,
            opt_cuff="barrel",
            m_neck="42",
            action="update",
            line=str(line.pk),
        ),
    )

    assert 'name="m_neck" id="id_m_neck" value="41.5"' in page
    assert 'value="french" class="" id="id_opt_cuff_1" checked' in page or (
        'id="id_opt_cuff_1" checked' in page
    )
    assert update.status_code == 302
    spec = GarmentSpec.objects.get()
    assert spec.choices["cuff"] == "barrel"
    assert spec.measurements["neck"] == "42.0"
    assert _lines() == 1


def test_someone_elses_basket_line_is_not_found(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()
    other = Client()
    other.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))
    theirs = apps.get_model("basket", "Line").objects.get()
    before = GarmentSpec.objects.get().measurements

    view = client.get(f"{shirt.get_absolute_url()}?line={theirs.pk}")
    update = client.post(
        shirt.get_absolute_url(),
        configurator_post(
            fabric_code=cloth.code, m_neck="44", action="update", line=str(theirs.pk)
        ),
    )
    malformed = client.get(f"{shirt.get_absolute_url()}?line=abc")

    assert (view.status_code, update.status_code, malformed.status_code) == (404, 404, 404)
    assert GarmentSpec.objects.get().measurements == before


def test_basket_shows_choices_and_measurements(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(code="SH-77")
    client.post(
        shirt.get_absolute_url(),
        configurator_post(
            fabric_code=cloth.code,
            opt_cuff="french",
            opt_monogram_position="cuff",
            monogram_text="AB",
        ),
    )

    body = client.get("/en/basket/").content.decode()

    assert "SH-77" in body
    assert 'data-choice="cuff">French</dd>' in body
    assert "data-monogram>AB</dd>" in body
    assert "Neck 40.0 cm" in body
    assert "Edit this garment" in body


def test_basket_price_follows_the_current_fabric_price(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(price="100.00")
    client.post(shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code))
    spec = GarmentSpec.objects.get()
    cloth.price_per_metre = Decimal("200.00")
    cloth.save()

    body = client.get("/en/basket/").content.decode()

    new_total = Decimal("300") + (spec.fabric_metres * 200).quantize(Decimal("0.01"))
    assert f"¥{new_total:,.2f}" in body


def test_preview_returns_drawing_price_and_errors_of_filled_fields(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(colour="#aa0000")

    response = client.post(
        f"/en/garments/{shirt.pk}/preview/",
        {"fabric": cloth.code, "sex": "male", "opt_cuff": "french", "m_neck": "95", "m_chest": ""},
    )

    payload = response.json()
    assert response.status_code == 200
    assert "#aa0000" in payload["preview"]
    assert 'data-price-line="surcharge"' in payload["preview"]
    assert list(payload["errors"]) == ["m_neck"]
    assert GarmentSpec.objects.count() == 0


def test_unknown_product_is_not_found(client: Client) -> None:
    assert client.get("/en/catalogue/nothing_999999/").status_code == 404
    assert client.post("/en/garments/999999/preview/", {}).status_code == 404


def test_update_without_javascript_redraws_and_reprices_without_validating(
    client: Client, shirt
) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric(colour="#aa0000", price="100.00")
    data = {
        "fabric": cloth.code,
        "sex": "male",
        "opt_cuff": "french",
        "m_neck": "500",
        "action": "preview",
    }

    response = client.post(shirt.get_absolute_url(), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "#aa0000" in page
    assert 'data-price-line="surcharge"' in page
    assert "This field is required" not in page
    assert "Please correct" not in page
    assert '"error-m_neck" role="alert"></div>' in page
    assert 'value="500"' in page  # what was typed stays in its field
    assert re.search(r'<input[^>]*name="opt_cuff" value="french"[^>]*checked', page)
    assert GarmentSpec.objects.count() == 0

    data["action"] = "add"
    added = client.post(shirt.get_absolute_url(), data)
    assert added.status_code == 400
    assert "This field is required" in added.content.decode()


def test_rare_measurements_warn_at_add_to_basket_until_confirmed(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    cloth = fabric()
    body = dict(SHIRT_BODY, chest="80", waist="120")

    warned = client.post(
        shirt.get_absolute_url(), configurator_post(fabric_code=cloth.code, body=body)
    )
    assert warned.status_code == 400
    assert 'id="error-m_waist" role="alert">A waist of 120.0 cm is 40.0 cm larger' in (
        warned.content.decode()
    )
    assert GarmentSpec.objects.count() == 0

    confirmed = client.post(
        shirt.get_absolute_url(),
        configurator_post(fabric_code=cloth.code, body=body, confirm_unusual="on"),
    )
    assert confirmed.status_code == 302
    assert GarmentSpec.objects.get().measurements["waist"] == "120.0"
