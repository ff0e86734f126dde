"""The catalogue listing: each garment drawn in its default fabric, a "Configure" button that
leads to the configurator, nothing bought unconfigured, no ratings before a delivery."""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from orders.states import UnitState
from tests.orders.factories import paid_order
from tests.shop.factories import fabric, garment_product, shirt_options

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt():  # type: ignore[no-untyped-def]
    shirt_options()
    fabric(colour="#a9c8e8", garment_types=("shirt",))
    return garment_product(garment_type="shirt", price="1199.00", title="Test shirt")


def test_listing_says_configure_and_links_to_the_configurator(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/en/catalogue/").content.decode()

    assert f'<a href="{shirt.get_absolute_url()}" class="btn btn-primary btn-block" ' in page
    assert 'data-action="configure">Configure</a>' in page
    assert "Add to basket" not in page
    assert f'src="/en/garments/{shirt.pk}/drawing.svg"' in page
    assert "image_not_found" not in page
    assert "from ¥1,199.00" in page
    assert "star-rating" not in page


def test_oscar_add_to_basket_refuses_an_unconfigured_garment(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/en/basket/add/{shirt.pk}/", {"quantity": 1}, follow=True)

    assert response.redirect_chain == [(f"/en/catalogue/{shirt.slug}_{shirt.pk}/", 302)]
    assert apps.get_model("basket", "Line").objects.count() == 0
    assert "Configure this garment (fabric and measurements) to buy it." in (
        response.content.decode()
    )


def test_drawing_is_the_garment_in_its_default_fabric_and_is_cached(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/en/garments/{shirt.pk}/drawing.svg")

    svg = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'data-garment="shirt"' in svg
    assert "#a9c8e8" in svg
    again = client.get(f"/en/garments/{shirt.pk}/drawing.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get("/en/garments/999999/drawing.svg").status_code == 404


def test_reviews_only_after_a_delivered_garment(client: Client) -> None:
    order = paid_order(fabric=fabric(garment_types=("shirt",)))
    customer = order.user
    line = order.lines.get()
    client.force_login(customer)
    add_url = f"/en/catalogue/{line.product.slug}_{line.product_id}/reviews/add/"

    refused = client.get(add_url)
    assert (refused.status_code, refused["Location"]) == (302, line.product.get_absolute_url())

    from orders.models import ProductionUnit

    ProductionUnit.objects.filter(order_line=line).update(state=UnitState.DELIVERED)
    assert client.get(add_url).status_code == 200


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "You can review a garment once it has been delivered to you."),
        ("zh-hans", "衣服送达您手中之后，才能发表评价。"),
    ],
)
def test_a_review_before_delivery_goes_back_to_the_garment_with_the_reason(
    client: Client, language: str, said: str
) -> None:
    order = paid_order(fabric=fabric(garment_types=("shirt",)))
    bought = order.lines.get().product  # paid, not delivered
    never_bought = garment_product(title="Never bought")
    client.force_login(order.user)
    review = {"title": "Fits", "score": 5, "body": "Fits well."}

    answers, expected = [], []
    for product in (bought, never_bought):
        add_url = f"/{language}/catalogue/{product.slug}_{product.pk}/reviews/add/"
        with translation.override(language):
            product_url = product.get_absolute_url()
        refused = (client.get(add_url, follow=True), client.post(add_url, review, follow=True))
        for response in refused:
            shown = said in response.content.decode()
            answers.append((response.redirect_chain, response.status_code, shown))
            expected.append(([(product_url, 302)], 200, True))

    assert answers == expected
    assert apps.get_model("reviews", "ProductReview").objects.count() == 0


def test_home_page_explains_the_path_the_window_and_the_fit_promise(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/en/").content.decode()
    chinese = client.get("/zh-hans/").content.decode()

    steps = page.split('id="how-it-works"', 1)[1].split("</section>", 1)[0]
    assert steps.count("<li") == 4
    assert "1. Choose a garment" in steps and "4. We make it and deliver it" in steps
    assert "ships by about" in page.split('id="delivery-window"', 1)[1].split("</p>", 1)[0]
    assert "we remake it, free of charge" in page
    configure = f'href="/en/catalogue/{shirt.slug}_{shirt.pk}/" class="btn btn-primary"'
    assert f'{configure} data-action="configure"' in page
    assert "from ¥1,199.00" in page
    assert "我们免费重做" in chinese


def test_pages_load_scripts_and_styles_from_our_own_static_files(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    import re

    for url in ("/en/", "/en/catalogue/", shirt.get_absolute_url(), "/zh-hans/"):
        page = client.get(url).content.decode()
        sources = re.findall(r'<script[^>]* src="([^"]+)"', page)
        sheets = re.findall(r'<link[^>]* href="([^"]+\.css[^"]*)"', page)
        assert sources, url
        assert [s for s in sources + sheets if not s.startswith("/static/")] == [], url
        assert "googleapis" not in page


def test_registration_mail_says_what_comes_next(client: Client) -> None:
    from django.core import mail

    client.post(
        "/en/accounts/login/",
        {
            "registration-email": "new@example.com",
            "registration-password1": "Tailor-made-2026",
            "registration-password2": "Tailor-made-2026",
            "registration_submit": "Register",
        },
    )

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Choose a shirt, trousers or a suit jacket" in body
    assert "http://127.0.0.1:8000/en/accounts/measurements/" in body
    assert "we remake it free of charge" in body


def test_prices_are_written_one_way_on_the_configurator(client: Client, shirt) -> None:  # type: ignore[no-untyped-def]
    import re

    for url in (
        f"/en/catalogue/{shirt.slug}_{shirt.pk}/",
        f"/zh-hans/catalogue/{shirt.slug}_{shirt.pk}/",
    ):
        page = client.get(url).content.decode()
        base = page.split('data-price-line="base"', 1)[1].split("</tr>", 1)[0]
        assert '<td class="text-right">¥1,199.00</td>' in base
        assert "(+¥20.00)" in page  # a surcharge in a choice's label
        # No amount of a thousand yuan or more without its grouping comma.
        assert re.findall(r"¥\d{4,}", page) == []
