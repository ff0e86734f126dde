"""The storefront answers in both languages and the staff dashboard is reachable."""

import pytest
from django.test import Client

from shop.demo import DEMO_LOGINS, demo_catalogue_load, demo_users_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    demo_catalogue_load()
    demo_users_load()


@pytest.mark.parametrize(
    ("prefix", "all_products", "html_lang", "title"),
    [
        ("/en/", "All products", 'lang="en"', "Oxford dress shirt"),
        ("/zh-hans/", "所有商品", 'lang="zh-hans"', "牛津纺正装衬衫"),
    ],
)
def test_catalogue_in_each_language(
    client: Client, demo: None, prefix: str, all_products: str, html_lang: str, title: str
) -> None:
    response = client.get(f"{prefix}catalogue/")

    body = response.content.decode()
    assert response.status_code == 200
    assert html_lang in body
    assert all_products in body
    assert "<strong>4</strong>" in body
    assert title in body
    assert "¥399.00" in body


def test_language_switcher_offers_both_languages(client: Client, demo: None) -> None:
    body = client.get("/en/catalogue/").content.decode()

    assert 'id="language_selector"' in body
    assert 'value="en"' in body
    assert 'value="zh-hans"' in body


def test_switching_language_redirects_to_the_chinese_page(client: Client, demo: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/catalogue/"})

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/catalogue/"


def test_dashboard_needs_a_staff_login(client: Client, demo: None) -> None:
    anonymous = client.get("/en/dashboard/")
    customer = next(login for login in DEMO_LOGINS if login.role == "customer")
    client.login(username=customer.email, password=customer.password)
    as_customer = client.get("/en/dashboard/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/dashboard/login/")
    assert as_customer.status_code == 403


def test_dashboard_opens_for_the_demo_staff_login(client: Client, demo: None) -> None:
    staff = next(login for login in DEMO_LOGINS if login.role == "staff")

    response = client.post(
        "/en/accounts/login/",
        {
            "login-username": staff.email,
            "login-password": staff.password,
            "login_submit": "Log In",
        },
    )
    dashboard = client.get("/en/dashboard/")

    assert response.status_code == 302
    assert dashboard.status_code == 200
    assert "Dashboard" in dashboard.content.decode()


def test_demo_data_loads_once_however_often_it_runs(demo: None) -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model

    demo_catalogue_load()
    demo_users_load()

    assert apps.get_model("catalogue", "Product").objects.count() == 4
    assert apps.get_model("partner", "StockRecord").objects.count() == 4
    assert get_user_model().objects.count() == 3


def test_health_endpoint_reports_each_part(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
