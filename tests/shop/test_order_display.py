"""Orders show each garment readably: fabric, choices, monogram and measurements."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.order.utils import OrderCreator
from oscar.apps.shipping.methods import Free

from shop.forks.partner.strategy import Selector
from tests.shop.factories import configurator_post, fabric, garment_product, shirt_options

pytestmark = pytest.mark.django_db


def test_customer_and_staff_order_pages_show_the_garment(client: Client) -> None:
    user = get_user_model().objects.create_user(
        username="buyer", email="buyer@example.com", password="pw"
    )
    client.force_login(user)
    shirt_options()
    product = garment_product(title="Test shirt")
    cloth = fabric(code="OD-1")
    client.post(
        product.get_absolute_url(),
        configurator_post(
            fabric_code=cloth.code,
            opt_cuff="french",
            opt_monogram_position="cuff",
            monogram_text="XY",
            m_neck="41.5",
        ),
    )
    basket = apps.get_model("basket", "Basket").objects.get(owner=user)
    basket.strategy = Selector().strategy(user=user)
    shipping = Free()
    charge = shipping.calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, charge),
        shipping_method=shipping,
        shipping_charge=charge,
        user=user,
        order_number="100001",
    )
    staff = get_user_model().objects.create_user(
        username="staff", email="staff@example.com", password="pw", is_staff=True, is_superuser=True
    )
    staff_client = Client()
    staff_client.force_login(staff)

    customer_page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    staff_page = staff_client.get(f"/en/dashboard/orders/{order.number}/").content.decode()

    for page in (customer_page, staff_page):
        assert "OD-1" in page
        assert 'data-choice="cuff">French</dd>' in page
        assert "data-monogram>XY</dd>" in page
        assert "Neck 41.5 cm" in page
