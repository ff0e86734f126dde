"""Oscar's offers, applied to a request's basket only when the shop has any."""

from __future__ import annotations

from typing import Any

from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware

from shop.selectors import oscar_offers_exist


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's basket middleware, which applies the offers to the basket of every
    request that reads it (the header's mini basket, each checkout step): two queries
    (the basket's vouchers, the site's offers) that find nothing in a shop without
    offers. Without any, the basket keeps its empty offer applications, as Oscar's
    applicator would leave it."""

    def apply_offers_to_basket(self, request: Any, basket: Any) -> None:
        if oscar_offers_exist():
            super().apply_offers_to_basket(request, basket)
