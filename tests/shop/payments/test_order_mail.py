"""The order confirmation mail shows each garment drawn as it was configured, as a PNG
attached to the HTML part (multipart/related, ``cid:``), with alt text in the customer's
language."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from PIL import Image, ImageChops

from shop.drawing import garment_svg
from shop.forks.partner.strategy import Selector
from shop.models import Fabric, OptionChoice
from shop.payments.services import payment_succeeded_apply
from shop.raster import svg_png
from shop.selectors import style_catalogue_get
from shop.services import GarmentConfiguration, garment_line_add
from shop.tailoring.choices import Sex
from tests.shop.factories import SHIRT_BODY, fabric, garment_product, shirt_options
from tests.shop.payments.factories import card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db


def _two_shirts_paid(*, language: str) -> tuple[Any, tuple[Fabric, Fabric]]:
    """An order of two shirts: one in plain blue, spread collar, no monogram; one in a red
    check, mandarin collar, monogrammed on the cuff."""
    shirt_options()
    product = garment_product(price="300.00")
    blue = fabric(colour="#3366cc", pattern="solid")
    red = fabric(colour="#aa2233", pattern="check")
    user = customer()
    basket = apps.get_model("basket", "Basket").objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    catalogue = style_catalogue_get(product_id=product.pk)
    choice = {(c.option.code, c.code): c for c in OptionChoice.objects.select_related("option")}
    body = {code: Decimal(value) for code, value in SHIRT_BODY.items()}
    for cloth, choices, monogram in (
        (blue, {"collar": "spread", "monogram_position": "none"}, ""),
        (red, {"collar": "mandarin", "monogram_position": "cuff"}, "LW"),
    ):
        garment_line_add(
            basket=basket,
            catalogue=catalogue,
            configuration=GarmentConfiguration(
                fabric=cloth,
                choices={code: choice[(code, value)] for code, value in choices.items()},
                monogram_text=monogram,
                sex=Sex.MALE,
                measurements=body,
            ),
        )
    payment = payment_start(basket=basket, user=user)
    payment.language = language
    payment.save(update_fields=["language"])
    card_confirm(payment)
    order = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id).order
    return order, (blue, red)


def _parsed(message: Any) -> EmailMessage:
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_order_mail_attaches_each_configured_garment_drawing_as_png(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order, fabrics = _two_shirts_paid(language="en")

    assert len(mail.outbox) == 1
    parsed = _parsed(mail.outbox[0])
    assert parsed.get_content_type() == "multipart/alternative"
    text, related = parsed.get_payload()
    assert text.get_content_type() == "text/plain"
    assert str(order.number) in text.get_content()
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    lines = list(order.lines.order_by("pk"))
    cids = [f"garment-{order.number}-{line.pk}@127.0.0.1" for line in lines]
    content = html.get_content()
    for cid in cids:
        assert f'<img src="cid:{cid}" width="100" height="120"' in content
    assert "drawing.svg" not in content
    assert [image.get_content_type() for image in images] == ["image/png", "image/png"]
    assert [image["Content-ID"] for image in images] == [f"<{cid}>" for cid in cids]
    assert [image.get_content_disposition() for image in images] == ["inline", "inline"]
    pictures = [Image.open(io.BytesIO(image.get_content())) for image in images]
    assert [(p.format, p.size) for p in pictures] == [("PNG", (200, 240)), ("PNG", (200, 240))]
    plain, checked = (p.convert("RGB") for p in pictures)
    assert ImageChops.difference(plain, checked).getbbox() is not None
    # The plain blue shirt is blue beside its placket, the checked one red.
    beside = (80, 170)
    assert plain.getpixel(beside) == (51, 102, 204)
    assert checked.getpixel(beside)[0] > 2 * checked.getpixel(beside)[2]
    alts = re.findall(r'alt="([^"]*)"', content)
    assert alts == [f"Drawing of your {lines[0].title} in {cloth.name_en}" for cloth in fabrics]


def test_chinese_order_mail_says_its_drawings_in_chinese(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order, fabrics = _two_shirts_paid(language="zh-hans")

    parsed = _parsed(mail.outbox[0])
    _text, related = parsed.get_payload()
    content = related.get_payload()[0].get_content()
    alts = re.findall(r'<img src="cid:[^"]+" width="100" height="120" alt="([^"]*)"', content)
    title = order.lines.order_by("pk").first().title
    assert alts == [f"您定制的{title}图样（{cloth.name_zh}）" for cloth in fabrics]


def test_the_monogram_is_drawn_in_the_png_with_the_fonts_we_ship() -> None:
    def drawn(text: str) -> Image.Image:
        svg = garment_svg(
            garment_type="shirt",
            colour="#eeeeee",
            pattern="solid",
            choices={"monogram_position": "chest", "monogram_colour": "red"},
            monogram_text=text,
        )
        return Image.open(io.BytesIO(svg_png(svg=svg, width=300))).convert("RGB")

    blank, lettered = drawn(""), drawn("ABC")

    box = ImageChops.difference(blank, lettered).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert (right - left, bottom - top) > (10, 5)


def test_svg_png_refuses_a_silly_width() -> None:
    with pytest.raises(ValueError, match="width"):
        svg_png(svg="<svg xmlns='http://www.w3.org/2000/svg'/>", width=0)


def test_thank_you_and_order_pages_draw_each_garment_as_configured(
    localstripe_url: str, client: Client
) -> None:
    order, _fabrics = _two_shirts_paid(language="en")
    client.force_login(order.user)
    intent = order.checkout_payment.payment_intent_id

    redirect = client.get(f"/en/checkout/payment/{intent}/")
    thank_you = client.get(redirect["Location"]).content.decode()
    order_page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()

    assert redirect["Location"] == "/en/checkout/thank-you/"
    for page in (thank_you, order_page):
        assert page.count('data-garment="shirt"') == 2
        assert page.count('data-part="collar-spread"') == 1
        assert page.count('data-part="collar-mandarin"') == 1
        assert len(re.findall(r'<text data-part="monogram"[^>]*>LW</text>', page)) == 1
        assert "drawing.svg" not in page
