"""Factories for storefront tests: garment styles, fabrics, options, baskets."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.apps import apps

from shop.models import Fabric, GarmentOption, GarmentStyle, OptionChoice

_seq = itertools.count(1)

SHIRT_BODY = {
    "height": "178",
    "neck": "40",
    "chest": "100",
    "waist": "86",
    "hip": "98",
    "shoulder_width": "46",
    "sleeve_length": "64",
    "shirt_length": "76",
    "bicep": "33",
    "wrist": "17.5",
}


def garment_product(
    *, garment_type: str = "shirt", price: str = "300.00", title: str | None = None
) -> Any:
    product_class_model = apps.get_model("catalogue", "ProductClass")
    product_model = apps.get_model("catalogue", "Product")
    partner_model = apps.get_model("partner", "Partner")
    stock_record_model = apps.get_model("partner", "StockRecord")
    n = next(_seq)
    product_class, _ = product_class_model.objects.get_or_create(
        name=f"{garment_type} class", defaults={"track_stock": False}
    )
    GarmentStyle.objects.get_or_create(
        product_class=product_class, defaults={"garment_type": garment_type}
    )
    product = product_model.objects.create(
        title=title or f"Test {garment_type} {n}",
        product_class=product_class,
        structure="standalone",
        is_public=True,
        upc=f"T-{n}",
    )
    partner, _ = partner_model.objects.get_or_create(code="test", defaults={"name": "Test"})
    stock_record_model.objects.create(
        product=product,
        partner=partner,
        partner_sku=f"T-{n}",
        price_currency="CNY",
        price=Decimal(price),
    )
    return product


def fabric(
    *,
    code: str | None = None,
    price: str = "100.00",
    stock: str = "100",
    width: str = "150",
    colour: str = "#3366cc",
    pattern: str = "solid",
    garment_types: tuple[str, ...] = ("shirt", "trousers", "jacket"),
) -> Fabric:
    n = next(_seq)
    return Fabric.objects.create(
        code=code or f"F-{n}",
        name_en=f"Fabric {n}",
        name_zh=f"面料 {n}",
        composition="100% cotton",
        weight_gsm=130,
        colour=colour,
        pattern=pattern,
        width_cm=Decimal(width),
        price_per_metre=Decimal(price),
        metres_in_stock=Decimal(stock),
        for_shirts="shirt" in garment_types,
        for_trousers="trousers" in garment_types,
        for_jackets="jacket" in garment_types,
    )


def option(
    *,
    garment_type: str = "shirt",
    code: str,
    choices: list[tuple[str, str]],
    default: str = "",
    depends_on: GarmentOption | None = None,
    switches_off: tuple[str, ...] = (),
) -> GarmentOption:
    """``choices``: (code, surcharge) pairs; the first is the default unless named.
    ``switches_off``: the codes of the choices that switch off the options depending on it."""
    opt = GarmentOption.objects.create(
        garment_type=garment_type,
        code=code,
        name_en=code.title(),
        name_zh=f"{code}（中）",
        depends_on=depends_on,
    )
    for position, (choice_code, surcharge) in enumerate(choices):
        OptionChoice.objects.create(
            option=opt,
            code=choice_code,
            name_en=choice_code.title(),
            name_zh=f"{choice_code}（中）",
            surcharge=Decimal(surcharge),
            is_default=(choice_code == default) if default else position == 0,
            position=position,
            switches_off_dependents=choice_code in switches_off,
        )
    return opt


def shirt_options() -> None:
    option(
        code="fit", choices=[("slim", "0"), ("regular", "0"), ("relaxed", "0")], default="regular"
    )
    option(code="collar", choices=[("spread", "0"), ("mandarin", "20")])
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    position = option(
        code="monogram_position", choices=[("none", "0"), ("cuff", "50")], switches_off=("none",)
    )
    option(
        code="monogram_colour",
        choices=[("navy", "0"), ("gold", "10")],
        default="gold",
        depends_on=position,
    )


def configurator_post(
    *, fabric_code: str, body: dict[str, str] | None = None, **extra: str
) -> dict[str, str]:
    data = {"fabric": fabric_code, "sex": "male", "action": "add"}
    data.update({f"m_{code}": value for code, value in (body or SHIRT_BODY).items()})
    data.update(extra)
    return data
