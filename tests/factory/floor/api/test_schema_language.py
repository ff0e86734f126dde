"""The API's schema, and so its docs page, in English and in Simplified Chinese."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escapejs

pytestmark = pytest.mark.django_db


def _schema(query: str) -> dict:  # type: ignore[type-arg]
    response = Client().get(f"/api/schema/?format=json{query}")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_the_schema_is_in_english_or_in_chinese() -> None:
    english = _schema("")
    chinese = _schema("&lang=zh-hans")

    listing = "/api/v1/work-orders/"
    assert english["info"]["title"] == "C2M Tailor factory API"
    assert chinese["info"]["title"] == "C2M 定制工厂 API"
    assert english["paths"][listing]["get"]["summary"] == "Your factory's work orders, newest first"
    assert chinese["paths"][listing]["get"]["summary"] == "贵厂的工单，最新的在前"
    assert chinese["paths"][listing]["get"]["tags"] == ["工单"]
    assert english["components"]["securitySchemes"]["factoryToken"]["scheme"] == "bearer"


def test_the_docs_page_asks_for_the_schema_in_its_language() -> None:
    page = Client().get("/api/docs/?lang=zh-hans").content.decode()

    assert f'url: "{escapejs("/api/schema/?lang=zh-hans")}"' in page
