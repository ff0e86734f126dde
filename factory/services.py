"""Writes of factory data: the staff pages' saves and the demo factories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from factory.demo import (
    DEMO_FABRIC_SUPPLY,
    DEMO_FACTORIES,
    DEMO_FACTORY_USER_FACTORY,
    DEMO_OPTION_EXTRAS,
    DEMO_SHIFTS,
    DEMO_STANDARD_MINUTES,
    HANZHONG_NOT_STOCKED,
    MINUTES_PER_HEAD,
)
from factory.models import (
    Factory,
    FactoryCapability,
    FactoryFabric,
    FactoryMembership,
    Holiday,
    OperationStandard,
    OptionExtraMinutes,
    Shift,
    WorkCentre,
)
from shop.demo import DEMO_FABRICS, DEMO_LOGINS
from shop.models import Fabric

FACTORY_FIELDS = (
    "code",
    "name_en",
    "name_zh",
    "city_en",
    "city_zh",
    "timezone",
    "is_active",
    "priority",
    "cost_index",
    "max_plies_per_lay",
    "max_garments_per_batch",
    "public_holidays",
    "release_time",
)

# The rows a factory owns, by the name the staff page (and the related manager) uses.
FACTORY_ROWS: dict[str, type[models.Model]] = {
    "capabilities": FactoryCapability,
    "work_centres": WorkCentre,
    "shifts": Shift,
    "holidays": Holiday,
    "fabrics": FactoryFabric,
}


@dataclass(frozen=True)
class RowChanges:
    """Rows to keep (a ``pk`` key for an existing row, none for a new one) and rows to
    delete, for one kind of row."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    delete_ids: list[int] = field(default_factory=list)


def _apply_rows(*, model: type[models.Model], owner: dict[str, Any], changes: RowChanges) -> None:
    """Delete, then update or create, the rows of ``model`` that belong to ``owner``
    (``{"factory": factory}`` or ``{}`` for the shared tables). Rows of another owner
    are never touched: their ids are simply not found."""
    manager = model._default_manager
    if changes.delete_ids:
        manager.filter(pk__in=changes.delete_ids, **owner).delete()
    for values in changes.rows:
        values = dict(values)
        pk = values.pop("pk", None)
        if pk is not None:
            instance = manager.filter(pk=pk, **owner).first()
            if instance is None:
                raise ValidationError(
                    _("A row was deleted meanwhile. Reload the page and try again."),
                    code="row_gone",
                )
        else:
            instance = model(**owner)
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()


def _save_factory(
    *, factory: Factory, data: Mapping[str, Any], related: Mapping[str, RowChanges]
) -> Factory:
    for name in FACTORY_FIELDS:
        if name in data:
            setattr(factory, name, data[name])
    try:
        with transaction.atomic():
            factory.full_clean()
            factory.save()
            for name, changes in related.items():
                _apply_rows(model=FACTORY_ROWS[name], owner={"factory": factory}, changes=changes)
    except IntegrityError:
        raise ValidationError(
            _(
                "Two rows say the same thing (a garment type, work centre, date or fabric "
                "given twice). Nothing was saved."
            ),
            code="duplicate_row",
        ) from None
    return factory


def factory_create(
    *, data: Mapping[str, Any], related: Mapping[str, RowChanges] | None = None
) -> Factory:
    """A new factory from ``data`` (the fields of ``FACTORY_FIELDS``) with its rows.
    ``ValidationError`` if anything is invalid; then nothing is saved."""
    return _save_factory(factory=Factory(), data=data, related=related or {})


def factory_update(
    *,
    factory: Factory,
    data: Mapping[str, Any],
    related: Mapping[str, RowChanges] | None = None,
) -> Factory:
    """Save ``data`` onto ``factory`` and apply the changes to its rows, all or nothing."""
    return _save_factory(factory=factory, data=data, related=related or {})


def standard_minutes_save(*, standards: RowChanges, extras: RowChanges) -> tuple[int, int]:
    """Apply the changes to the standard minutes table and the option extras, all or
    nothing; returns how many of each there are afterwards."""
    try:
        with transaction.atomic():
            _apply_rows(model=OperationStandard, owner={}, changes=standards)
            _apply_rows(model=OptionExtraMinutes, owner={}, changes=extras)
    except IntegrityError:
        raise ValidationError(
            _("Two rows say the same thing. Nothing was saved."), code="duplicate_row"
        ) from None
    return OperationStandard.objects.count(), OptionExtraMinutes.objects.count()


def membership_add(*, user: Any, factory: Factory, role: str = "operator") -> FactoryMembership:
    """Make ``user`` a member of ``factory`` (or change their role there)."""
    membership, _created = FactoryMembership.objects.update_or_create(
        user=user, factory=factory, defaults={"role": role}
    )
    return membership


# --- Demo data ---------------------------------------------------------------------


@transaction.atomic
def demo_factories_load() -> int:
    """Create or refresh the three demo factories (``factory.demo``), the standard
    minutes, the option extras, each factory's links to the demo fabrics present in
    ``shop.Fabric`` and the demo factory user's membership of Hanzhong. Idempotent:
    rows are matched by their natural keys. Returns the number of demo factories."""
    fabrics = dict(
        Fabric.objects.filter(code__in=[row[0] for row in DEMO_FABRICS]).values_list("code", "pk")
    )
    for row in DEMO_FACTORIES:
        (code, name_en, name_zh, city_en, city_zh, priority, cost_index, plies, batch) = row[:9]
        garment_types, headcount, weekdays = row[9:]
        factory, _created = Factory.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "city_en": city_en,
                "city_zh": city_zh,
                "timezone": "Asia/Shanghai",
                "is_active": True,
                "priority": priority,
                "cost_index": cost_index,
                "max_plies_per_lay": plies,
                "max_garments_per_batch": batch,
            },
        )
        for garment_type in garment_types:
            FactoryCapability.objects.get_or_create(factory=factory, garment_type=garment_type)
        for kind, heads in headcount.items():
            WorkCentre.objects.update_or_create(
                factory=factory,
                kind=kind,
                defaults={"daily_capacity_minutes": heads * MINUTES_PER_HEAD},
            )
        for weekday in weekdays:
            for start, end in DEMO_SHIFTS:
                Shift.objects.update_or_create(
                    factory=factory, weekday=weekday, start=start, defaults={"end": end}
                )
        supply = DEMO_FABRIC_SUPPLY[code]
        for fabric_code, fabric_id in fabrics.items():
            stocked = fabric_code.startswith(supply["stocked"]) and not (
                code == "HZ-01" and fabric_code in HANZHONG_NOT_STOCKED
            )
            FactoryFabric.objects.update_or_create(
                factory=factory,
                fabric_id=fabric_id,
                defaults={
                    "stocked": stocked,
                    "lead_time_days": None if stocked else supply["lead_time_days"],
                },
            )
    for garment_type, per_kind in DEMO_STANDARD_MINUTES.items():
        for kind, minutes in per_kind.items():
            OperationStandard.objects.update_or_create(
                garment_type=garment_type,
                kind=kind,
                defaults={"standard_minutes": Decimal(minutes)},
            )
    for garment_type, option_code, choice_code, kind, minutes in DEMO_OPTION_EXTRAS:
        OptionExtraMinutes.objects.update_or_create(
            garment_type=garment_type,
            option_code=option_code,
            choice_code=choice_code,
            kind=kind,
            defaults={"extra_minutes": Decimal(minutes)},
        )
    factory_login = next(login for login in DEMO_LOGINS if login.role == "factory")
    user = get_user_model().objects.filter(email=factory_login.email).first()
    if user is not None:
        FactoryMembership.objects.get_or_create(
            user=user,
            factory=Factory.objects.get(code=DEMO_FACTORY_USER_FACTORY),
            defaults={"role": FactoryMembership.Role.MANAGER},
        )
    return len(DEMO_FACTORIES)
