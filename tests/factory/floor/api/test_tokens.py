"""Tokens: stored as a hash, shown once, rotated by a manager, refused once rotated,
counted per token."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from factory.floor.api.models import FactoryApiToken
from factory.floor.api.selectors import api_token_hash
from factory.floor.api.services import TokenRefused, api_token_rotate
from factory.models import FactoryMembership
from tests.factory.builders import make_member
from tests.factory.floor.api.builders import factory_side

pytestmark = pytest.mark.django_db

LIST = "/api/v1/work-orders/"
PAGE = "/en/factory/api-token/"


def test_only_the_hash_of_a_token_is_stored() -> None:
    side = factory_side(code="HZ-T1")

    row = FactoryApiToken.objects.get()

    assert row.key_hash == api_token_hash(side.token)
    assert side.token.startswith("c2mf_") and len(side.token) > 40
    assert row.prefix == side.token[:12]
    assert all(side.token not in str(value) for value in row.__dict__.values())


def test_without_a_token_the_api_answers_401_in_the_request_language() -> None:
    english = Client().get(LIST)
    chinese = Client().get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == chinese.status_code == 401
    assert english["WWW-Authenticate"] == 'Bearer realm="factory-api"'
    assert english.json() == {
        "code": "not_authenticated",
        "detail": "Send your factory's API token: Authorization: Bearer <token>.",
    }
    assert chinese.json()["detail"] == "请发送贵厂的 API 令牌：Authorization: Bearer <令牌>。"


def test_a_signed_in_session_is_not_a_token() -> None:
    side = factory_side(code="HZ-T2")
    browser = Client()
    browser.force_login(side.manager)

    assert browser.get(LIST).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer one two", "Bearer c2mf_not-a-token", "Bearer ünï"],
)
def test_a_malformed_or_unknown_token_is_401(header: str) -> None:
    factory_side(code="HZ-T3")

    response = Client().get(LIST, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_rotating_stops_the_old_token_at_once() -> None:
    side = factory_side(code="HZ-T4")
    assert side.get(LIST).status_code == 200

    _, new = api_token_rotate(factory=side.factory, user=side.manager)

    assert side.get(LIST).status_code == 401
    assert Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 200
    assert FactoryApiToken.objects.filter(revoked_at__isnull=True).count() == 1
    assert FactoryApiToken.objects.count() == 2


def test_a_token_lapses_when_its_issuer_no_longer_manages_the_factory() -> None:
    side = factory_side(code="HZ-T5")

    FactoryMembership.objects.filter(user=side.manager).update(role="operator")

    assert side.get(LIST).status_code == 401


def test_an_operator_cannot_issue_a_token() -> None:
    side = factory_side(code="HZ-T6")
    operator = make_member("op-t6", side.factory, role="operator")

    with pytest.raises(TokenRefused):
        api_token_rotate(factory=side.factory, user=operator)

    assert FactoryApiToken.objects.count() == 1
    assert side.get(LIST).status_code == 200


@override_settings(THROTTLE_RATES={"factory-api": "3/m"})
def test_requests_are_throttled_per_token() -> None:
    first = factory_side(code="HZ-T7")
    second = factory_side(code="HZ-T8")

    statuses = [first.get(LIST).status_code for _ in range(4)]
    other = second.get(LIST).status_code
    refused = first.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert statuses == [200, 200, 200, 429]
    assert other == 200
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    assert "请求" in refused.json()["detail"]


# --- The portal page ----------------------------------------------------------------


def test_a_manager_issues_a_token_on_the_page_and_sees_it_once() -> None:
    side = factory_side(code="HZ-T9")
    browser = Client()
    browser.force_login(side.manager)

    before = browser.get(PAGE)
    rotated = browser.post(PAGE)
    after = browser.get(PAGE)

    key = rotated.context["key"]
    assert before.status_code == rotated.status_code == after.status_code == 200
    assert side.token[:12] in before.content.decode()
    assert key in rotated.content.decode()
    assert "no-store" in rotated["Cache-Control"]
    assert key not in after.content.decode() and key[:12] in after.content.decode()
    assert Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert side.get(LIST).status_code == 401


def test_the_page_is_in_chinese_for_a_chinese_reader() -> None:
    side = factory_side(code="HZ-TA")
    browser = Client()
    browser.force_login(side.manager)

    page = browser.get("/zh-hans/factory/api-token/").content.decode()

    assert "API 令牌" in page and "轮换令牌" in page


def test_an_operator_or_customer_is_refused_the_page_and_nothing_changes() -> None:
    side = factory_side(code="HZ-TB")
    operator = make_member("op-tb", side.factory, role="operator")
    customer = make_member("cust-tb", side.factory)
    FactoryMembership.objects.filter(user=customer).delete()
    statuses = []
    for user in (operator, customer):
        browser = Client()
        browser.force_login(user)
        statuses += [browser.get(PAGE).status_code, browser.post(PAGE).status_code]

    assert statuses == [403, 403, 403, 403]
    assert Client().get(PAGE).status_code == 302
    assert FactoryApiToken.objects.count() == 1
    assert side.get(LIST).status_code == 200


def test_the_portal_links_the_token_page_for_its_managers_only() -> None:
    side = factory_side(code="HZ-TC")
    operator = make_member("op-tc", side.factory, role="operator")
    pages = {}
    for role, user in (("manager", side.manager), ("operator", operator)):
        browser = Client()
        browser.force_login(user)
        pages[role] = browser.get("/en/factory/").content.decode()

    assert 'href="/en/factory/api-token/"' in pages["manager"]
    assert 'href="/en/factory/api-token/"' not in pages["operator"]
