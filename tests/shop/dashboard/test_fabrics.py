"""Staff list, create, edit and withdraw fabrics from the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse, reverse_lazy

from shop.models import Fabric
from tests.shop.dashboard.conftest import fabric_values

LIST = reverse_lazy("garment-dashboard:fabric-list")
CREATE = reverse_lazy("garment-dashboard:fabric-create")


def update_url(fabric: Fabric) -> str:
    return reverse("garment-dashboard:fabric-update", kwargs={"pk": fabric.pk})


def post_data(**overrides: Any) -> dict[str, str]:
    """Form data as a browser sends it: unticked boxes are left out."""
    values = fabric_values(**overrides)
    return {
        name: str(value)
        for name, value in values.items()
        if value is not False and value is not None
    } | ({"is_active": "on"} if values.get("is_active", True) else {})


def test_list_shows_swatch_width_price_and_stock(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    make_fabric(code="F100", colour="#1a2b3c", width_cm=Decimal("148.5"))
    make_fabric(code="F200", name_en="Navy twill", price_per_metre=Decimal("120.00"))

    response = staff_client.get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    assert [fabric.code for fabric in response.context["fabrics"]] == ["F100", "F200"]
    assert "background-color: #1a2b3c;" in body
    assert "148.5" in body
    assert "¥120.00" in body
    assert "120.50" in body
    assert "Navy twill" in body


def test_list_searches_code_and_both_names(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    make_fabric(code="OX-01", name_en="Oxford blue", name_zh="牛津纺蓝")
    make_fabric(code="TW-02", name_en="Navy twill", name_zh="藏青斜纹")

    by_code = staff_client.get(LIST, {"q": "tw-"}).context["fabrics"]
    by_english = staff_client.get(LIST, {"q": "oxford"}).context["fabrics"]
    by_chinese = staff_client.get(LIST, {"q": "斜纹"}).context["fabrics"]

    assert [fabric.code for fabric in by_code] == ["TW-02"]
    assert [fabric.code for fabric in by_english] == ["OX-01"]
    assert [fabric.code for fabric in by_chinese] == ["TW-02"]


def test_list_is_paginated_by_25(staff_client: Client, make_fabric: Callable[..., Fabric]) -> None:
    for number in range(27):
        make_fabric(code=f"F{number:03d}")

    first = staff_client.get(LIST)
    second = staff_client.get(LIST, {"page": 2})

    assert len(first.context["fabrics"]) == 25
    assert [fabric.code for fabric in second.context["fabrics"]] == ["F025", "F026"]
    assert "Page 1 of 2" in " ".join(first.content.decode().split())


def test_empty_list_and_empty_search_say_so(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    assert "There are no fabrics yet." in staff_client.get(LIST).content.decode()
    make_fabric()
    missed = staff_client.get(LIST, {"q": "silk"}).content.decode()
    assert "No fabric matches your search." in missed


def test_staff_creates_a_fabric(staff_client: Client) -> None:
    response = staff_client.post(
        CREATE, post_data(code="LN-07", colour="#AABBCC", for_jackets=True)
    )

    assert response.status_code == 302
    assert response["Location"] == str(LIST)
    fabric = Fabric.objects.get()
    assert fabric.code == "LN-07"
    assert fabric.colour == "#aabbcc"
    assert fabric.width_cm == Decimal("150.0")
    assert fabric.price_per_metre == Decimal("88.00")
    assert fabric.metres_in_stock == Decimal("120.50")
    assert (fabric.for_shirts, fabric.for_trousers, fabric.for_jackets) == (True, False, True)
    assert fabric.is_active is True


def test_create_form_has_a_visible_label_for_every_input(staff_client: Client) -> None:
    response = staff_client.get(CREATE)

    body = response.content.decode()
    assert response.status_code == 200
    for field in response.context["form"]:
        assert f'for="{field.auto_id}"' in body, field.name


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"colour": "blue"}, "colour", "Enter a colour like #1a2b3c."),
        ({"colour": "#12345"}, "colour", "Enter a colour like #1a2b3c."),
        ({"width_cm": "30"}, "width_cm", "greater than or equal to 50"),
        ({"width_cm": "400"}, "width_cm", "less than or equal to 330"),
        ({"price_per_metre": "-1"}, "price_per_metre", "greater than or equal to 0"),
        ({"metres_in_stock": "-0.5"}, "metres_in_stock", "greater than or equal to 0"),
        ({"weight_gsm": "20"}, "weight_gsm", "greater than or equal to 50"),
        ({"code": ""}, "code", "This field is required."),
    ],
)
def test_invalid_fabric_is_shown_again_with_the_field_error_and_not_saved(
    staff_client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = staff_client.post(CREATE, post_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Fabric.objects.count() == 0


def test_duplicate_code_is_a_field_error(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    make_fabric(code="F100", name_en="First")

    response = staff_client.post(CREATE, post_data(code="F100", name_en="Second"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert list(Fabric.objects.values_list("name_en", flat=True)) == ["First"]


def test_staff_edits_a_fabric_and_sets_the_stock(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    fabric = make_fabric(code="F100")

    response = staff_client.post(
        update_url(fabric),
        post_data(code="F100", price_per_metre="95.50", metres_in_stock="42.25", name_zh="新名"),
    )

    assert response.status_code == 302
    fabric.refresh_from_db()
    assert fabric.price_per_metre == Decimal("95.50")
    assert fabric.metres_in_stock == Decimal("42.25")
    assert fabric.name_zh == "新名"


def test_edit_page_shows_current_values(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    fabric = make_fabric(code="F100", composition="80% wool, 20% silk")

    response = staff_client.get(update_url(fabric))

    assert response.status_code == 200
    assert 'value="80% wool, 20% silk"' in response.content.decode()


def test_invalid_edit_changes_nothing(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    fabric = make_fabric(code="F100")
    make_fabric(code="F200")

    bad_width = staff_client.post(update_url(fabric), post_data(code="F100", width_cm="20"))
    taken_code = staff_client.post(update_url(fabric), post_data(code="F200", width_cm="160"))

    assert bad_width.status_code == 200
    assert list(bad_width.context["form"].errors) == ["width_cm"]
    assert taken_code.status_code == 200
    assert list(taken_code.context["form"].errors) == ["code"]
    assert "Edit fabric F100" in taken_code.content.decode()
    fabric.refresh_from_db()
    assert (fabric.code, fabric.width_cm) == ("F100", Decimal("150.0"))


def test_unknown_fabric_is_404(staff_client: Client) -> None:
    url = reverse("garment-dashboard:fabric-update", kwargs={"pk": 999})
    assert staff_client.get(url).status_code == 404


def test_staff_stops_offering_a_fabric_which_is_kept(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    fabric = make_fabric(code="F100")
    url = reverse("garment-dashboard:fabric-deactivate", kwargs={"pk": fabric.pk})

    confirm = staff_client.get(url)
    response = staff_client.post(url)

    assert confirm.status_code == 200
    assert "Stop offering fabric F100" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == str(LIST)
    fabric.refresh_from_db()
    assert fabric.is_active is False
    assert Fabric.objects.count() == 1
    listed = staff_client.get(LIST).content.decode()
    assert "is no longer offered" in listed


def test_edit_can_offer_a_withdrawn_fabric_again(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    fabric = make_fabric(code="F100", is_active=False)

    staff_client.post(update_url(fabric), post_data(code="F100", is_active=True))

    fabric.refresh_from_db()
    assert fabric.is_active is True


def test_swatch_image_is_uploaded_and_kept_on_a_later_edit(
    staff_client: Client, settings: Any, tmp_path: Any
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#1a2b3c").save(buffer, format="PNG")
    swatch = SimpleUploadedFile("navy.png", buffer.getvalue(), content_type="image/png")

    staff_client.post(CREATE, {**post_data(code="F100"), "swatch": swatch})
    fabric = Fabric.objects.get()
    staff_client.post(update_url(fabric), post_data(code="F100", metres_in_stock="3"))

    fabric.refresh_from_db()
    assert fabric.swatch.name.startswith("fabrics/navy")
    assert fabric.metres_in_stock == Decimal("3.00")
    assert (tmp_path / fabric.swatch.name).exists()
