"""The factory pages' URLs and menu entries, and logged-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from factory.dashboard.navigation import FACTORY_DASHBOARD_NAVIGATION
from tests.factory.builders import make_user


@pytest.fixture(autouse=True)
def _factory_pages_mounted(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.factory.urls"
    if FACTORY_DASHBOARD_NAVIGATION[0] not in settings.OSCAR_DASHBOARD_NAVIGATION:
        settings.OSCAR_DASHBOARD_NAVIGATION = [
            *settings.OSCAR_DASHBOARD_NAVIGATION,
            *FACTORY_DASHBOARD_NAVIGATION,
        ]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def staff_user(db: None) -> Any:
    return make_user("staff", is_staff=True)


@pytest.fixture
def staff_client(client: Client, staff_user: Any) -> Client:
    client.force_login(staff_user)
    return client
