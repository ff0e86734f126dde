"""The configurator's radio buttons are written without the form renderer, in exactly
the HTML the renderer writes."""

import pytest

from shop.forms import GarmentConfiguratorForm, option_field_name
from shop.selectors import style_catalogue_get
from shop.templatetags.garment_tags import radio_input
from tests.shop.factories import fabric, garment_product, option

pytestmark = pytest.mark.django_db


def test_each_radio_is_the_html_the_form_renderer_writes() -> None:
    product = garment_product()
    fabric(code="R-1")
    fabric(code="R-2")
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    catalogue = style_catalogue_get(product_id=product.pk)
    form = GarmentConfiguratorForm(
        catalogue=catalogue,
        profiles=[],
        data={"fabric": "R-2", "sex": "male", option_field_name("cuff"): "french"},
    )
    form.is_valid()

    radios = [*form["fabric"], *form["sex"], *form[option_field_name("cuff")]]

    assert len(radios) == 6
    assert [radio_input(r) for r in radios] == [str(r.tag()) for r in radios]
    assert sum(" checked" in radio_input(r) for r in radios) == 3
