"""The write functions hold the rules themselves, whoever calls them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shop.dashboard import selectors, services
from shop.dashboard.services import ChoiceInput
from shop.models import Fabric, GarmentOption, OptionChoice
from tests.shop.dashboard.conftest import fabric_values

pytestmark = pytest.mark.django_db


def test_fabric_create_validates_before_saving() -> None:
    with pytest.raises(ValidationError) as caught:
        services.fabric_create(data=fabric_values(colour="red", width_cm=Decimal("10")))

    assert set(caught.value.message_dict) == {"colour", "width_cm"}
    assert Fabric.objects.count() == 0


def test_fabric_create_and_update(make_fabric: Callable[..., Fabric]) -> None:
    fabric = services.fabric_create(data=fabric_values(code="N1"))

    updated = services.fabric_update(fabric=fabric, data={"metres_in_stock": Decimal("7.5")})

    assert updated.metres_in_stock == Decimal("7.5")
    assert Fabric.objects.get(code="N1").metres_in_stock == Decimal("7.50")


def test_fabric_update_rejects_unknown_fields(make_fabric: Callable[..., Fabric]) -> None:
    fabric = make_fabric()

    with pytest.raises(TypeError):
        services.fabric_update(fabric=fabric, data={"id": 99})


def test_fabric_update_refuses_a_taken_code(make_fabric: Callable[..., Fabric]) -> None:
    fabric = make_fabric(code="F1")
    make_fabric(code="F2")

    with pytest.raises(ValidationError) as caught:
        services.fabric_update(fabric=fabric, data={"code": "F2"})

    assert list(caught.value.message_dict) == ["code"]
    assert Fabric.objects.filter(code="F1").exists()


def test_fabric_deactivate_keeps_the_row_and_is_repeatable(
    make_fabric: Callable[..., Fabric],
) -> None:
    fabric = make_fabric()

    services.fabric_deactivate(fabric=fabric)
    services.fabric_deactivate(fabric=fabric)

    assert list(Fabric.objects.values_list("is_active", flat=True)) == [False]


def test_garment_option_save_creates_with_choices() -> None:
    option = services.garment_option_save(
        data={"garment_type": "trousers", "code": "pleats", "name_en": "Pleats", "name_zh": "褶"},
        choices=[
            ChoiceInput(code="flat", name_en="Flat", name_zh="平", is_default=True),
            ChoiceInput(code="double", name_en="Double", name_zh="双", surcharge=Decimal("15")),
        ],
    )

    assert list(option.choices.order_by("code").values_list("code", "surcharge")) == [
        ("double", Decimal("15.00")),
        ("flat", Decimal("0.00")),
    ]


def test_garment_option_save_needs_exactly_one_default(
    make_option: Callable[..., GarmentOption],
) -> None:
    option = make_option()
    cutaway = OptionChoice.objects.get(option=option, code="cutaway")

    with pytest.raises(ValidationError, match="exactly one choice as the default"):
        services.garment_option_save(
            option=option,
            data={"name_en": "Renamed"},
            choices=[
                ChoiceInput(
                    pk=cutaway.pk, code="cutaway", name_en="C", name_zh="C", is_default=True
                )
            ],
        )

    option.refresh_from_db()
    assert option.name_en == "Collar"
    assert OptionChoice.objects.filter(option=option, is_default=True).count() == 1


def test_garment_option_save_refuses_negative_surcharge(
    make_option: Callable[..., GarmentOption],
) -> None:
    option = make_option()
    kent = OptionChoice.objects.get(option=option, code="kent")

    with pytest.raises(ValidationError):
        services.garment_option_save(
            option=option,
            data={},
            choices=[
                ChoiceInput(
                    pk=kent.pk,
                    code="kent",
                    name_en="K",
                    name_zh="K",
                    surcharge=Decimal("-1"),
                    is_default=True,
                )
            ],
        )

    kent.refresh_from_db()
    assert kent.surcharge == Decimal("0.00")


def test_garment_option_save_ignores_no_choice_of_another_option(
    make_option: Callable[..., GarmentOption],
) -> None:
    collar = make_option(code="collar")
    cuff = make_option(code="cuff", choices=(("barrel", "0", True),))
    barrel = OptionChoice.objects.get(option=cuff)

    with pytest.raises(ValidationError, match="do not belong"):
        services.garment_option_save(option=collar, data={}, delete_choice_ids=[barrel.pk])

    assert OptionChoice.objects.filter(pk=barrel.pk).exists()


def test_option_choice_delete_keeps_the_default_until_last(
    make_option: Callable[..., GarmentOption],
) -> None:
    option = make_option()
    kent, cutaway = selectors.option_choice_list(option=option)

    with pytest.raises(ValidationError):
        services.option_choice_delete(choice=kent)
    services.option_choice_delete(choice=cutaway)
    services.option_choice_delete(choice=kent)

    assert not OptionChoice.objects.filter(option=option).exists()


def test_selectors_search_and_annotate(
    make_fabric: Callable[..., Fabric], make_option: Callable[..., GarmentOption]
) -> None:
    make_fabric(code="OX1", name_en="Oxford")
    make_fabric(code="TW1", name_en="Twill")
    make_option(code="collar")

    assert [fabric.code for fabric in selectors.fabric_list(search=" oxf ")] == ["OX1"]
    assert [fabric.spec_count for fabric in selectors.fabric_list()] == [0, 0]
    (collar,) = selectors.garment_option_list(search="coll")
    assert (collar.choice_count, collar.offered_choice_count) == (2, 2)
    assert (collar.default_choice_en, collar.default_choice_zh) == ("Kent", "kent")


def test_staff_make_an_option_depend_on_another_and_a_choice_switch_it_off() -> None:
    position = services.garment_option_save(
        data={
            "garment_type": "shirt",
            "code": "monogram_position",
            "name_en": "M",
            "name_zh": "绣",
        },
        choices=[
            ChoiceInput(
                code="none",
                name_en="None",
                name_zh="无",
                is_default=True,
                switches_off_dependents=True,
            ),
            ChoiceInput(code="cuff", name_en="Cuff", name_zh="袖", surcharge=Decimal("50")),
        ],
    )
    colour = services.garment_option_save(
        data={
            "garment_type": "shirt",
            "code": "monogram_colour",
            "name_en": "Thread",
            "name_zh": "线",
            "depends_on": position,
        },
        choices=[ChoiceInput(code="gold", name_en="Gold", name_zh="金", is_default=True)],
    )

    assert GarmentOption.objects.get(pk=colour.pk).depends_on == position
    assert list(
        OptionChoice.objects.filter(option=position, switches_off_dependents=True).values_list(
            "code", flat=True
        )
    ) == ["none"]
