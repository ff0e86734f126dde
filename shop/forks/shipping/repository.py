"""Delivery methods offered at checkout: standard and express, priced in CNY."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import repository
from oscar.apps.shipping.methods import FixedPrice


class StandardDelivery(FixedPrice):
    code = "standard"
    name = _("Standard delivery (3–5 days after the garment ships)")
    charge_excl_tax = Decimal("15.00")
    charge_incl_tax = Decimal("15.00")


class ExpressDelivery(FixedPrice):
    code = "express"
    name = _("Express delivery (next day after the garment ships)")
    charge_excl_tax = Decimal("45.00")
    charge_incl_tax = Decimal("45.00")


SHIPPING_METHODS = {method.code: method for method in (StandardDelivery(), ExpressDelivery())}


class Repository(repository.Repository):
    methods = tuple(SHIPPING_METHODS.values())


def shipping_method_by_code(code: str) -> Any:
    """The delivery method with that code, or None."""
    return SHIPPING_METHODS.get(code)
