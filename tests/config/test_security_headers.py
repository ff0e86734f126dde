"""Every page carries the Content-Security-Policy and the Permissions-Policy (the browser
tests fail on any refusal, which proves nothing if the header were missing)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/zh-hans/", "/en/accounts/login/", "/en/dashboard/login/", "/admin/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_content_security_and_permissions_policies(
    client: Client, path: str
) -> None:
    response = client.get(path, secure=True)

    assert response.status_code == 200
    policy = {
        part.split()[0]: part.split()[1:]
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert any(source.startswith("'nonce-") for source in policy["script-src"])
    assert "'unsafe-inline'" not in policy["script-src"]
    permissions = dict(
        part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
    )
    assert permissions["camera"] == "(self)"
    assert permissions["microphone"] == "()"
    assert permissions["geolocation"] == "()"
    assert permissions["payment"] == '(self "https://js.stripe.com")'
