"""The pricing strategy: a basket line is priced from its garment spec, on the server.

Oscar asks the strategy for each line's price whenever the basket, the checkout or
the order placement needs it; the garment's price is recomputed then from the
current base price, option surcharges and fabric price (a price posted by a
browser is never used). All lines of a basket are priced from one batch of
queries.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from oscar.apps.partner import strategy as oscar_strategy
from oscar.apps.partner.availability import Available, Unavailable
from oscar.apps.partner.prices import FixedPrice

from shop.pricing import BasketLinePrice, basket_line_prices


class Selector:
    def strategy(self, request: Any = None, user: Any = None, **kwargs: Any) -> GarmentPricing:
        return GarmentPricing(request)


class FabricShort(Unavailable):
    code = "fabric-short"

    def __init__(self, message: str) -> None:
        self.message = message


class GarmentAvailable(Available):
    """A configured garment can be bought, one piece per basket line.

    Oscar asks about a line's own quantity and also about the total of every line of
    the same style (stock record) in the basket. Several garments of one style are
    several lines of one piece each, so the style may count as many pieces as it has
    lines: ``lines_of_style``. A line asking for two pieces makes the total exceed it.
    """

    def __init__(self, *, lines_of_style: int = 1) -> None:
        self.num_available = max(lines_of_style, 1)

    def is_purchase_permitted(self, quantity: int) -> tuple[bool, str]:
        if quantity > self.num_available:
            return False, _("Each garment is made to measure: add it again for another piece.")
        return True, ""


class NotConfigured(Unavailable):
    code = "not-configured"

    def __init__(self, message: str) -> None:
        self.message = message

    def is_purchase_permitted(self, quantity: int) -> tuple[bool, str]:
        return False, self.message


def _not_configured(info: Any) -> Any:
    return oscar_strategy.PurchaseInfo(
        price=info.price,
        availability=NotConfigured(
            _("Configure this garment (fabric and measurements) to buy it.")
        ),
        stockrecord=info.stockrecord,
    )


class ChoiceWithdrawn(Unavailable):
    code = "choice-withdrawn"

    def __init__(self, message: str) -> None:
        self.message = message


def _loaded_lines(line: Any) -> list[Any] | None:
    """The lines of ``line``'s basket as Oscar's ``all_lines`` already loaded them (with
    their stock records), when this line is one of them; None otherwise (read them)."""
    basket = line._state.fields_cache.get("basket")
    loaded = getattr(basket, "_lines", None)
    if loaded is None or loaded._result_cache is None:
        return None
    lines = list(loaded)
    if not any(other is line for other in lines):
        return None
    return lines


class GarmentPricing(oscar_strategy.Default):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self._line_prices: dict[int, BasketLinePrice] = {}
        self._priced_baskets: set[int] = set()

    def line_price(self, line: Any) -> BasketLinePrice | None:
        """The priced garment of a basket line (None for a line that is not a garment)."""
        if line.pk is None:
            return None
        if line.basket_id not in self._priced_baskets or line.pk not in self._line_prices:
            self._line_prices.update(
                basket_line_prices(basket_id=line.basket_id, lines=_loaded_lines(line))
            )
            self._priced_baskets.add(line.basket_id)
        return self._line_prices.get(line.pk)

    def fetch_for_line(self, line: Any, stockrecord: Any = None) -> Any:
        priced = self.line_price(line)
        if priced is None:
            info = super().fetch_for_line(line, stockrecord)
            if hasattr(line.product.get_product_class(), "garment_style"):
                # A garment style without its configuration (Oscar's own add-to-basket
                # or re-order): it cannot be made or priced, so it cannot be bought.
                return _not_configured(info)
            return info
        if priced.problem_code == "fabric-short":
            availability: Any = FabricShort(priced.problem)
        elif priced.problem_code == "choice-withdrawn":
            availability = ChoiceWithdrawn(priced.problem)
        else:
            availability = GarmentAvailable(lines_of_style=priced.lines_of_style)
        price = FixedPrice(currency=priced.currency, excl_tax=priced.total, tax=priced.total * 0)
        return oscar_strategy.PurchaseInfo(
            price=price, availability=availability, stockrecord=priced.stockrecord
        )
