"""The catalogue list: Oscar's browse page, with each page's products loaded in bulk.

Oscar's page loads each search result's product, then its stock records, images and
options, one card at a time. Here the search results of a page load their products in
one query with what the cards show prefetched (haystack's ``load_all_queryset``), and
the page asks the search index once: the page's window of results, which also gives the
number of results the paginator needs (haystack would otherwise search once to count and
again for the page).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from haystack.query import SearchQuerySet


def catalogue_products() -> QuerySet[Any]:
    """Products with everything a product card reads."""
    return (
        apps.get_model("catalogue", "Product")
        .objects.base_queryset()
        .select_related("parent")
        .prefetch_related("categories")
    )


class CatalogueResults(SearchQuerySet):
    """Search results whose products are loaded in one query, cards' needs prefetched."""

    def _load_model_objects(self, model: Any, pks: list[Any]) -> dict[Any, Any]:
        if model is apps.get_model("catalogue", "Product"):
            return catalogue_products().in_bulk(pks)  # type: ignore[no-any-return]
        return super()._load_model_objects(model, pks)  # type: ignore[no-any-return]


@cache
def _view() -> Any:
    base = apps.get_app_config("catalogue").catalogue_view  # type: ignore[attr-defined]

    class CatalogueList(base):  # type: ignore[misc, valid-type]
        def get_queryset(self) -> Any:
            self.queryset = super().get_queryset().load_all()._clone(klass=CatalogueResults)
            return self.queryset

        def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
            asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
            try:
                number = max(int(asked or 1), 1)
            except ValueError:
                number = 1  # "last": the paginator searches again for it
            start = (number - 1) * page_size
            queryset._fill_cache(start, start + page_size)  # the count comes with it
            return super().paginate_queryset(queryset, page_size)

    return CatalogueList.as_view()


def catalogue_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _view()(request, *args, **kwargs)  # type: ignore[no-any-return]
