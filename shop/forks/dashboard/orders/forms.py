"""Oscar's order dashboard forms, with the order statuses they offer (which Oscar stores
as English words) named in the reader's language; the values sent stay Oscar's."""

from __future__ import annotations

from typing import Any

from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders.forms import *  # noqa: F403  (the forms not changed here)

from shop.statuses import status_label


def _named(choices: Any) -> list[tuple[str, str]]:
    return [(value, status_label(value) if value else label) for value, label in choices]


class OrderSearchForm(oscar_forms.OrderSearchForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        field.choices = _named(field.choices)  # type: ignore[attr-defined]
        method = self.fields["payment_method"]
        method.choices = [  # type: ignore[attr-defined]
            (code, status_label(name) if code else name)
            for code, name in method.choices  # type: ignore[attr-defined]
        ]


class OrderStatusForm(oscar_forms.OrderStatusForm):
    def __init__(self, order: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(order, *args, **kwargs)
        field = self.fields["new_status"]
        field.choices = _named(field.choices)  # type: ignore[attr-defined]
