"""The floor tests run on the project's own URLs (not the factory dashboard's test set)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _factory_pages_mounted(settings: Any) -> None:
    settings.ROOT_URLCONF = "config.urls"
