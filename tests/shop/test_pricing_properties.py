"""The price of any garment of the catalogue, with any choices, is its base price, plus its
fabric, plus the surcharges of the choices that apply, and nothing else; a choice that
depends on another (the monogram's thread colour and font) applies only when that other is
chosen with a choice that does not switch it off ("No monogram")."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop.demo import demo_catalogue_load
from shop.forms import GarmentConfiguratorForm, measurement_field_name, option_field_name
from shop.models import GarmentSpec
from shop.selectors import style_catalogue_get
from shop.tailoring.choices import Sex
from shop.tailoring.estimate import estimate_measurements
from shop.views.configurator import _preview_quote

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


@pytest.fixture
def catalogues():  # type: ignore[no-untyped-def]
    demo_catalogue_load()
    from django.apps import apps

    products = apps.get_model("catalogue", "Product").objects.order_by("pk")
    return [style_catalogue_get(product_id=product.pk) for product in products]


def _body(garment_type: str, sex: str) -> dict[str, str]:
    height, weight = (Decimal(175), Decimal(70)) if sex == "male" else (Decimal(162), Decimal(56))
    values = estimate_measurements(sex=sex, height=height, weight=weight, garment_type=garment_type)
    return {measurement_field_name(code): str(value) for code, value in values.items()}


def _expected_surcharges(catalogue, posted: dict[str, str]) -> Decimal:  # type: ignore[no-untyped-def]
    """Sum of the surcharges of the posted choices that apply, worked out from the rows."""
    chosen = {}
    for option in catalogue.options:
        code = posted.get(option_field_name(option.code))
        chosen[option.pk] = next(c for c in option.active_choices if c.code == code)
    total = Decimal("0")
    for option in catalogue.options:
        parent = chosen.get(option.depends_on_id) if option.depends_on_id else None
        if option.depends_on_id and (parent is None or parent.switches_off_dependents):
            continue
        total += chosen[option.pk].surcharge
    return total


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_price_is_base_plus_fabric_plus_the_surcharges_that_apply(catalogues, data) -> None:  # type: ignore[no-untyped-def]
    catalogue = data.draw(st.sampled_from(catalogues), label="garment")
    fabric = data.draw(st.sampled_from(catalogue.fabrics), label="fabric")
    sex = data.draw(st.sampled_from(["male", "female"]), label="sex")
    posted = {"fabric": fabric.code, "sex": sex, **_body(catalogue.garment_type.value, sex)}
    for option in catalogue.options:
        choice = data.draw(st.sampled_from(option.active_choices), label=option.code)
        posted[option_field_name(option.code)] = choice.code
    position = next((o for o in catalogue.options if o.code == "monogram_position"), None)
    position_choice = position and next(
        c for c in position.active_choices if c.code == posted[option_field_name(position.code)]
    )
    if position_choice is not None and not position_choice.switches_off_dependents:
        posted["monogram_text"] = "JW"

    form = GarmentConfiguratorForm(data=posted, catalogue=catalogue)
    assert form.is_valid(), form.errors
    _, quote = _preview_quote(form)

    assert quote is not None and quote.estimated is False
    fabric_cost = (quote.fabric_metres * fabric.price_per_metre).quantize(CENT, ROUND_HALF_UP)
    expected = catalogue.base_price + fabric_cost + _expected_surcharges(catalogue, posted)
    assert quote.price.total == expected
    # Every line of the breakdown is one of those amounts, and they add up to the total.
    assert sum(line.amount for line in quote.price.lines) == quote.price.total
    assert Sex(sex) in Sex


def test_dependent_options_depend_on_the_monogram_in_the_demo_catalogue(catalogues) -> None:  # type: ignore[no-untyped-def]
    for catalogue in catalogues:
        by_code = {option.code: option for option in catalogue.options}
        if "monogram_position" not in by_code:
            continue
        for code in ("monogram_font", "monogram_colour"):
            assert by_code[code].depends_on_id == by_code["monogram_position"].pk
        offs = [
            c.code for c in by_code["monogram_position"].active_choices if c.switches_off_dependents
        ]
        assert offs == ["none"]


def test_default_jacket_is_not_charged_for_the_thread_colour(catalogues) -> None:  # type: ignore[no-untyped-def]
    jacket = next(c for c in catalogues if c.garment_type.value == "jacket")
    colour = next(o for o in jacket.options if o.code == "monogram_colour")
    gold = next(c for c in colour.active_choices if c.is_default)
    assert (gold.code, gold.surcharge) == ("gold", Decimal("10.00"))
    form = GarmentConfiguratorForm(
        data={"fabric": jacket.fabrics[0].code, "sex": "male", **_body("jacket", "male")},
        catalogue=jacket,
    )
    assert form.is_valid(), form.errors
    _, quote = _preview_quote(form)
    labels = [str(line.label) for line in quote.price.lines if line.code == "surcharge"]
    # Side vents (+80) is the only default with a surcharge; the gold thread is not charged.
    assert labels == ["Vents: Side vents"]
    assert "monogram_colour" not in form.chosen()


def test_thread_colour_without_monogram_is_dropped_from_the_saved_spec(
    client: Client, catalogues
) -> None:  # type: ignore[no-untyped-def]
    shirt = next(c for c in catalogues if c.garment_type.value == "shirt")
    data = {
        "fabric": shirt.fabrics[0].code,
        "sex": "male",
        "action": "add",
        option_field_name("monogram_position"): "none",
        option_field_name("monogram_colour"): "gold",
        option_field_name("monogram_font"): "script",
        **_body("shirt", "male"),
    }
    response = client.post(shirt.product.get_absolute_url(), data)

    assert response.status_code == 302
    spec = GarmentSpec.objects.get()
    assert "monogram_colour" not in spec.choices
    assert "monogram_font" not in spec.choices
    assert spec.choices["monogram_position"] == "none"
    with_monogram = {**data, option_field_name("monogram_position"): "chest", "monogram_text": "JW"}
    client.post(shirt.product.get_absolute_url(), with_monogram)
    latest = GarmentSpec.objects.latest("pk")
    assert (latest.choices["monogram_colour"], latest.choices["monogram_font"]) == (
        "gold",
        "script",
    )


def test_dependent_option_is_rendered_disabled_without_its_parent(
    client: Client, catalogues
) -> None:  # type: ignore[no-untyped-def]
    shirt = next(c for c in catalogues if c.garment_type.value == "shirt")
    page = client.get(shirt.product.get_absolute_url()).content.decode()
    assert (
        'id="group-opt_monogram_colour" data-depends-on="opt_monogram_position" '
        'data-off-values="none" disabled' in page
    )
    assert 'id="group-opt_collar" disabled' not in page
