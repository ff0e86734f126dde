"""The one way a price is written: locale-aware, with grouping and the currency sign
(``¥1,199.00``), the same as Oscar's ``currency`` template filter (OSCAR_CURRENCY_FORMAT)."""

from __future__ import annotations

from decimal import Decimal

from oscar.templatetags.currency_filters import currency

CURRENCY = "CNY"


def money(amount: Decimal | int, currency_code: str = CURRENCY) -> str:
    return str(currency(amount, currency_code))
