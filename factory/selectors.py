"""Reads of factory data for routing, planning and the factory pages.

Each selector makes a fixed number of queries, whatever the number of rows. The
tenancy rule (who may see which factory) lives here, in ``factories_for_user``,
and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from factory.calendars import WorkingDay, factory_calendar_load, unknown_holiday_years
from factory.models import (
    WORK_CENTRE_KINDS,
    Factory,
    FactoryFabric,
    OperationStandard,
    OptionExtraMinutes,
)


def factories_capable_of(*, garment_type: str) -> list[Factory]:
    """Active factories that make ``garment_type``, preferred first (priority, then cost
    index, then code), with ``capabilities``, ``work_centres`` and ``fabrics``
    (``FactoryFabric`` rows; ``row.lead_time`` needs no query) prefetched. Four queries."""
    return list(
        Factory.objects.filter(is_active=True, capabilities__garment_type=garment_type)
        .prefetch_related("capabilities", "work_centres", "fabrics")
        .order_by("priority", "cost_index", "code")
    )


def factory_calendar(*, factory: Factory, start: date, days: int) -> list[WorkingDay]:
    """The factory's next ``days`` days from ``start`` (inclusive). Three queries."""
    if days <= 0:
        return []
    return factory_calendar_load(factory=factory).days(start=start, count=days)


def garment_minutes(*, garment_type: str, choices: Mapping[str, str]) -> dict[str, Decimal]:
    """Standard minutes of one garment per work-centre kind: the operation standards of
    its type plus the extra minutes of the chosen options (``{option code: choice
    code}``). Kinds appear in stage order; a kind with neither is left out. Two queries."""
    minutes: dict[str, Decimal] = {}
    for kind, standard in OperationStandard.objects.filter(garment_type=garment_type).values_list(
        "kind", "standard_minutes"
    ):
        minutes[kind] = minutes.get(kind, Decimal("0")) + standard
    chosen = Q()
    for option_code, choice_code in choices.items():
        chosen |= Q(option_code=option_code, choice_code=choice_code)
    if chosen:
        extras = OptionExtraMinutes.objects.filter(chosen, garment_type=garment_type)
        for kind, extra in extras.values_list("kind", "extra_minutes"):
            minutes[kind] = minutes.get(kind, Decimal("0")) + extra
    return {kind: minutes[kind] for kind in WORK_CENTRE_KINDS if kind in minutes}


def factory_fabric_lead_time(*, factory: Factory, fabric_id: int) -> int | None:
    """Days before the factory can cut the fabric: 0 if it stocks it, its lead time if it
    can receive it, ``None`` if neither. One query; none for a factory whose ``fabrics``
    are prefetched (``factories_capable_of``)."""
    if "fabrics" in getattr(factory, "_prefetched_objects_cache", {}):
        link = next((row for row in factory.fabrics.all() if row.fabric_id == fabric_id), None)
    else:
        link = FactoryFabric.objects.filter(factory=factory, fabric_id=fabric_id).first()
    return link.lead_time if link is not None else None


# --- Tenancy ---------------------------------------------------------------------


def factories_for_user(*, user: Any) -> QuerySet[Factory]:
    """The factories ``user`` may see: all of them for active staff, the factories they
    are a member of for anyone else, none for an anonymous or inactive user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Factory.objects.none()
    if user.is_staff:
        return Factory.objects.all()
    return Factory.objects.filter(memberships__user=user).distinct()


def factory_for_user_or_404(*, user: Any, factory_code: str) -> Factory:
    """The factory with ``factory_code`` if ``user`` may see it; ``Http404`` otherwise
    (the same answer whether it does not exist or belongs to someone else)."""
    factory = factories_for_user(user=user).filter(code=factory_code).first()
    if factory is None:
        raise Http404("No such factory.")
    return factory


# --- Staff pages -------------------------------------------------------------------


def factory_list(*, search: str = "") -> QuerySet[Factory]:
    """All factories, preferred first, each with ``work_centre_count``,
    ``fabric_count`` and its ``capabilities`` prefetched. Two queries for any number
    of rows."""
    factories = Factory.objects.annotate(
        work_centre_count=Count("work_centres", distinct=True),
        fabric_count=Count("fabrics", distinct=True),
    ).prefetch_related("capabilities")
    search = search.strip()
    if search:
        factories = factories.filter(
            Q(code__icontains=search)
            | Q(name_en__icontains=search)
            | Q(name_zh__icontains=search)
            | Q(city_en__icontains=search)
            | Q(city_zh__icontains=search)
        )
    return factories.order_by("priority", "code")


def factory_get(*, pk: int) -> Factory:
    """One factory; ``Factory.DoesNotExist`` if there is none with that id."""
    return Factory.objects.get(pk=pk)


def operation_standard_list() -> QuerySet[OperationStandard]:
    return OperationStandard.objects.order_by("garment_type", "kind")


def option_extra_minutes_list() -> QuerySet[OptionExtraMinutes]:
    return OptionExtraMinutes.objects.order_by("garment_type", "option_code", "choice_code")


def calendar_warnings(*, factories: list[Any], days: int = 120) -> list[dict[str, Any]]:
    """Factories whose public holidays for a year within ``days`` are not known to the
    calendar library: their plan treats those weekdays as working days. One warning per
    set of years, naming its factories (``codes``, in the order given)."""
    today = timezone.localdate()
    end = today + timedelta(days=days)
    by_years: dict[tuple[int, ...], list[Any]] = {}
    for factory in factories:
        years = unknown_holiday_years(factory=factory, start=today, end=end)
        if years:
            by_years.setdefault(tuple(years), []).append(factory)
    return [
        {"factories": found, "codes": ", ".join(f.code for f in found), "years": list(years)}
        for years, found in by_years.items()
    ]
