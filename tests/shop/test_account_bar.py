"""The account bar links to the dashboard exactly whom Oscar links (staff, superusers,
holders of ``partner.dashboard_access`` by themselves or a group), in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.selectors import dashboard_link_shown

pytestmark = pytest.mark.django_db

LINK = 'href="/en/dashboard/"'


def _user(name: str, **fields: object) -> object:
    return get_user_model().objects.create_user(
        username=name, email=f"{name}@example.com", password="x", **fields
    )


def _access() -> Permission:
    return Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")


def test_whom_the_dashboard_link_is_shown_to() -> None:
    customer = _user("customer")
    staff = _user("staff", is_staff=True)
    boss = get_user_model().objects.create_superuser(
        username="boss", email="boss@example.com", password="x"
    )
    partner = _user("partner")
    partner.user_permissions.add(_access())  # type: ignore[attr-defined]
    grouped = _user("grouped")
    group = Group.objects.create(name="Partners")
    group.permissions.add(_access())
    grouped.groups.add(group)  # type: ignore[attr-defined]
    gone = _user("gone", is_active=False)
    gone.user_permissions.add(_access())  # type: ignore[attr-defined]
    other = _user("other")
    other.user_permissions.add(  # type: ignore[attr-defined]
        Permission.objects.get(content_type__app_label="auth", codename="add_user")
    )
    users = [customer, staff, boss, partner, grouped, gone, other]

    shown = [dashboard_link_shown(user=u) for u in users]
    oscars = [
        u.is_staff or u.has_perm("partner.dashboard_access")  # type: ignore[attr-defined]
        for u in get_user_model().objects.filter(pk__in=[u.pk for u in users]).order_by("pk")
    ]

    assert shown == oscars == [False, True, True, True, True, False, False]


def test_the_account_bar_asks_once_and_shows_the_link(client: Client) -> None:
    grouped = _user("grouped")
    group = Group.objects.create(name="Partners")
    group.permissions.add(_access())
    grouped.groups.add(group)  # type: ignore[attr-defined]
    customer = _user("customer")

    client.force_login(grouped)
    client.get("/en/basket/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/basket/")
    page = response.content.decode()
    asked = sum('"auth_permission"' in q["sql"] for q in queries.captured_queries)
    client.force_login(customer)
    plain = client.get("/en/basket/").content.decode()

    assert LINK in page and 'id="logout_link"' in page
    assert LINK not in plain and 'id="logout_link"' in plain
    assert asked == 1
