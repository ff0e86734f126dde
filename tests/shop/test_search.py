"""Catalogue search finds Chinese words, which are written without spaces."""

import pytest
from django.test import Client

from shop.demo import demo_catalogue_load
from shop.search import cjk_analyzer

pytestmark = pytest.mark.django_db


def test_chinese_runs_become_characters_and_pairs_and_latin_words_stay_whole() -> None:
    tokens = [token.text for token in cjk_analyzer()("White Oxford 白色牛津纺 shirts")]

    assert tokens == [
        "white",
        "oxford",
        *["白", "色", "牛", "津", "纺"],
        *["白色", "色牛", "牛津", "津纺"],
        "shirt",
    ]


def found(client: Client, query: str, language: str = "zh-hans") -> set[str]:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return {result.object.upc for result in response.context["page_obj"].object_list}


@pytest.fixture
def demo_catalogue(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        demo_catalogue_load()


@pytest.mark.usefixtures("demo_catalogue")
@pytest.mark.parametrize(
    ("query", "upcs"),
    [
        ("衬衫", {"SHIRT-OXF", "SHIRT-POP"}),
        ("西裤", {"TRS-SUIT"}),
        ("牛津纺", {"SHIRT-OXF"}),
        ("西装上衣", {"JKT-SB"}),
        ("府绸衬衫", {"SHIRT-POP"}),
        ("毛衣", set()),
    ],
)
def test_a_chinese_search_finds_the_garments_named_so(
    client: Client, query: str, upcs: set[str]
) -> None:
    assert found(client, query) == upcs


@pytest.mark.usefixtures("demo_catalogue")
def test_english_search_still_finds_by_english_words(client: Client) -> None:
    assert found(client, "shirts", language="en") == {"SHIRT-OXF", "SHIRT-POP"}
    assert found(client, "trousers", language="en") == {"TRS-SUIT"}
