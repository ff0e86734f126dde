"""Sign-in forms lock an account after wrong passwords, weak passwords are refused at
registration, the forms people abuse are rate-limited, and reset links carry the
configured domain over https."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from shop.site import site_sync

pytestmark = pytest.mark.django_db

PASSWORD = "Tailor-made-2026"

LOGIN_FORMS = {
    "storefront": (
        "/en/accounts/login/",
        lambda email, password: {
            "login-username": email,
            "login-password": password,
            "login_submit": "Log In",
        },
    ),
    "dashboard": (
        "/en/dashboard/login/",
        lambda email, password: {"username": email, "password": password},
    ),
    "admin": (
        "/admin/login/",
        lambda email, password: {"username": email, "password": password},
    ),
}


def _staff(email: str = "staff.lock@example.com"):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.mark.parametrize("form", sorted(LOGIN_FORMS))
def test_twenty_wrong_passwords_lock_the_account_with_a_clear_message(form: str) -> None:
    user = _staff()
    url, data = LOGIN_FORMS[form]
    client = Client()

    statuses = [client.post(url, data(user.email, f"wrong-{n}")).status_code for n in range(20)]
    right = client.post(url, data(user.email, PASSWORD))

    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (20 - limit + 1)
    assert right.status_code == 429
    assert "signing in to it from here is locked" in right.content.decode()
    assert "15 minutes" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_is_per_account_and_address(client: Client) -> None:
    locked = _staff("locked@example.com")
    other = _staff("other@example.com")
    url, data = LOGIN_FORMS["storefront"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, data(locked.email, f"wrong-{n}"))

    elsewhere = Client(REMOTE_ADDR="203.0.113.9").post(url, data(locked.email, PASSWORD))
    other_account = Client().post(url, data(other.email, PASSWORD))

    assert (elsewhere.status_code, other_account.status_code) == (302, 302)


def test_sign_in_after_a_few_mistakes_works_and_resets_the_count(client: Client) -> None:
    user = _staff()
    url, data = LOGIN_FORMS["storefront"]
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, data(user.email, f"wrong-{n}"))

    response = client.post(url, data(user.email, PASSWORD))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _register(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/en/accounts/login/",
        {
            "registration-email": email,
            "registration-password1": password,
            "registration-password2": password,
            "registration_submit": "Register",
        },
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("123", "This password is too short"),
        ("password", "This password is too common"),
        ("12345678901", "This password is entirely numeric"),
        ("weak.person@example.com", "too similar"),
    ],
)
def test_weak_passwords_are_refused_at_registration(
    client: Client, password: str, reason: str
) -> None:
    response = _register(client, "weak.person@example.com", password)

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not get_user_model().objects.filter(email="weak.person@example.com").exists()


def test_a_strong_password_registers(client: Client) -> None:
    response = _register(client, "strong.person@example.com", PASSWORD)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="strong.person@example.com").count() == 1


def test_registration_is_rate_limited_per_address(client: Client) -> None:
    statuses = [_register(client, f"many{n}@example.com", PASSWORD).status_code for n in range(12)]

    assert statuses == [302] * 10 + [429] * 2
    assert get_user_model().objects.filter(email__startswith="many").count() == 10
    assert "Too many attempts" in _register(client, "late@example.com", PASSWORD).content.decode()


def test_thirty_resets_for_one_account_send_three_mails(client: Client) -> None:
    user = _staff("reset.me@example.com")

    statuses = [
        client.post("/en/password-reset/", {"email": user.email}).status_code for _ in range(30)
    ]

    assert statuses[:3] == [302] * 3
    assert set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3


@override_settings(SITE_DOMAIN="shop.c2m.example", SITE_SCHEME="https", OSCAR_URL_SCHEMA="https")
def test_reset_links_carry_the_configured_domain_over_https(client: Client) -> None:
    site_sync()  # what every migrate runs
    user = _staff("link@example.com")

    client.post("/en/password-reset/", {"email": user.email})

    body = mail.outbox[0].body
    links = re.findall(r"\S+/password-reset/confirm/\S+", body)
    assert links and links[0].startswith("https://shop.c2m.example/en/password-reset/confirm/")
    assert "example.com/" not in body.replace("shop.c2m.example/", "")


def test_migrate_left_the_site_as_the_settings_say() -> None:
    from django.contrib.sites.models import Site

    assert Site.objects.get_current().domain == settings.SITE_DOMAIN


def test_card_confirmation_is_rate_limited(client: Client) -> None:
    user = get_user_model().objects.create_user(username="card", email="c@example.com")
    client.force_login(user)

    statuses = [
        client.post("/en/checkout/payment/pi_missing/confirm/", {"payment_method": "pm_x"})
        for _ in range(12)
    ]

    assert [r.status_code for r in statuses] == [404] * 10 + [429] * 2
    assert "Too many attempts" in statuses[-1].json()["error"]


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client: Client) -> None:
    for n in range(10):
        _register(client, f"spoof{n}@example.com", PASSWORD)

    spoofed = client.post(
        "/en/accounts/login/",
        {
            "registration-email": "spoof-more@example.com",
            "registration-password1": PASSWORD,
            "registration-password2": PASSWORD,
            "registration_submit": "Register",
        },
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert spoofed.status_code == 429
