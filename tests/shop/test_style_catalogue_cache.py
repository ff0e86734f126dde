"""The style catalogue is kept per product in the web process and loaded again when
anything it is made of changes: through the dashboard's services, our rows' saves and
Oscar's own saves of products and stock records. Fabric stock is always current."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.dashboard.services import (
    ChoiceInput,
    fabric_deactivate,
    fabric_update,
    garment_option_save,
    option_choice_delete,
)
from shop.models import Fabric, OptionChoice
from shop.selectors import option_choices_by_type, style_catalogue_get
from tests.shop.factories import fabric, garment_product, option

pytestmark = pytest.mark.django_db


def _get(product_id: int):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        catalogue = style_catalogue_get(product_id=product_id)
    return catalogue, len(queries.captured_queries)


def _style():  # type: ignore[no-untyped-def]
    product = garment_product()
    fabric(code="C-1", stock="40")
    fabric(code="C-2", stock="10")
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    return product


def test_a_second_use_reads_only_the_fabric_stock() -> None:
    product = _style()

    first, loading = _get(product.pk)
    again, cached = _get(product.pk)

    assert loading == 7
    assert cached == 1  # the fabrics' stock of now
    assert [f.code for f in again.fabrics] == [f.code for f in first.fabrics] == ["C-1", "C-2"]
    assert again.base_price == first.base_price == Decimal("300.00")


def test_stock_taken_by_an_order_shows_at_once_without_loading_the_catalogue() -> None:
    product = _style()
    style_catalogue_get(product_id=product.pk)

    Fabric.objects.filter(code="C-1").update(metres_in_stock=Decimal("37.5"))  # as a payment
    catalogue, queries = _get(product.pk)

    assert queries == 1
    assert catalogue.fabric("C-1").metres_in_stock == Decimal("37.5")


def test_each_use_gets_its_own_fabrics_so_the_cached_ones_never_change() -> None:
    product = _style()
    first = style_catalogue_get(product_id=product.pk)
    first.fabrics[0].metres_in_stock = Decimal("0")

    again = style_catalogue_get(product_id=product.pk)

    assert again.fabrics[0] is not first.fabrics[0]
    assert again.fabric("C-1").metres_in_stock == Decimal("40")


def test_a_fabric_changed_or_withdrawn_on_the_dashboard_shows_at_once() -> None:
    product = _style()
    style_catalogue_get(product_id=product.pk)

    fabric_update(fabric=Fabric.objects.get(code="C-1"), data={"name_en": "Renamed twill"})
    renamed, queries = _get(product.pk)
    fabric_deactivate(fabric=Fabric.objects.get(code="C-2"))
    withdrawn = style_catalogue_get(product_id=product.pk)

    assert queries == 7
    assert renamed.fabric("C-1").name_en == "Renamed twill"
    assert [f.code for f in withdrawn.fabrics] == ["C-1"]


def test_a_new_fabric_shows_at_once() -> None:
    product = _style()
    style_catalogue_get(product_id=product.pk)

    fabric(code="C-3")

    assert [f.code for f in style_catalogue_get(product_id=product.pk).fabrics] == [
        "C-1",
        "C-2",
        "C-3",
    ]


def test_option_choices_added_or_deleted_on_the_dashboard_show_at_once() -> None:
    product = _style()
    cuff = style_catalogue_get(product_id=product.pk).option("cuff")

    garment_option_save(
        option=cuff,
        data={},
        choices=[ChoiceInput(code="convertible", name_en="Convertible", name_zh="两用袖口")],
    )
    added = style_catalogue_get(product_id=product.pk).option("cuff")
    option_choice_delete(choice=OptionChoice.objects.get(option=cuff, code="french"))
    deleted = style_catalogue_get(product_id=product.pk).option("cuff")

    assert [c.code for c in added.active_choices] == ["barrel", "convertible", "french"]
    assert [c.code for c in deleted.active_choices] == ["barrel", "convertible"]


def test_a_price_changed_in_oscars_dashboard_shows_at_once() -> None:
    product = _style()
    style_catalogue_get(product_id=product.pk)

    record = product.stockrecords.get()
    record.price = Decimal("320.00")
    record.save()  # what Oscar's product form does

    assert style_catalogue_get(product_id=product.pk).base_price == Decimal("320.00")


def test_a_product_taken_off_sale_in_oscars_dashboard_has_no_catalogue() -> None:
    product = _style()
    style_catalogue_get(product_id=product.pk)

    product.is_public = False
    product.save()

    assert style_catalogue_get(product_id=product.pk) is None


def _choices(garment_type: str):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        choices = option_choices_by_type(garment_types={garment_type})[garment_type]
    return choices, len(queries.captured_queries)


def test_option_choices_are_read_once_and_again_after_a_change() -> None:
    product = _style()
    cuff = style_catalogue_get(product_id=product.pk).option("cuff")

    first, loading = _choices("shirt")
    again, kept = _choices("shirt")
    french = OptionChoice.objects.get(option=cuff, code="french")
    french.surcharge = Decimal("75")
    french.is_active = False
    french.save()
    changed, reloading = _choices("shirt")
    garment_option_save(
        option=cuff,
        data={},
        choices=[ChoiceInput(code="convertible", name_en="Convertible", name_zh="两用袖口")],
    )
    added, _ = _choices("shirt")

    assert (loading, kept, reloading) == (1, 0, 1)
    assert first["cuff"]["french"].surcharge == again["cuff"]["french"].surcharge == Decimal("60")
    assert (changed["cuff"]["french"].surcharge, changed["cuff"]["french"].is_active) == (
        Decimal("75"),
        False,
    )
    assert sorted(added["cuff"]) == ["barrel", "convertible", "french"]
    assert option_choices_by_type(garment_types={"trousers"})["trousers"] == {}
