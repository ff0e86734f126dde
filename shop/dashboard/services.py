"""Writes for the garment dashboard: fabrics, garment options and their choices.

Every function validates what it is given (the model's own validators and
constraints) and raises ``ValidationError`` without saving anything when it is
wrong, so callers other than the dashboard forms get the same rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from shop.models import Fabric, GarmentOption, OptionChoice, style_catalogue_version_bump

#: The fabric fields staff edit, in the order the form shows them.
FABRIC_FIELDS = (
    "code",
    "name_en",
    "name_zh",
    "composition",
    "composition_zh",
    "weight_gsm",
    "colour",
    "pattern",
    "pattern_repeat_cm",
    "width_cm",
    "price_per_metre",
    "metres_in_stock",
    "swatch",
    "for_shirts",
    "for_trousers",
    "for_jackets",
    "is_active",
)
GARMENT_OPTION_FIELDS = frozenset(
    {"garment_type", "code", "name_en", "name_zh", "position", "depends_on"}
)


@dataclass(frozen=True)
class ChoiceInput:
    """One choice of an option as it should be after a save.

    ``pk`` is the id of an existing choice of that option, or ``None`` for a new one.
    """

    code: str
    name_en: str
    name_zh: str
    surcharge: Decimal = Decimal("0")
    is_default: bool = False
    position: int = 0
    is_active: bool = True
    switches_off_dependents: bool = False
    pk: int | None = field(default=None)


def _assign(instance: models.Model, data: Mapping[str, Any], allowed: Collection[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        # save_form_data knows file fields: None keeps the file, False clears it.
        instance._meta.get_field(name).save_form_data(instance, value)


def _save_with_unique_code(instance: Fabric | GarmentOption, duplicate: models.QuerySet) -> None:
    """Save, turning a lost race on the unique code into the same error validation gives."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        if duplicate.exclude(pk=instance.pk).exists():
            raise ValidationError(
                {"code": _("This code is already used.")}, code="unique"
            ) from None
        raise


# --- Fabrics -------------------------------------------------------------------


def fabric_create(*, data: Mapping[str, Any]) -> Fabric:
    """A new fabric from field values (the model's field names)."""
    fabric = Fabric()
    _assign(fabric, data, FABRIC_FIELDS)
    fabric.full_clean()
    _save_with_unique_code(fabric, Fabric.objects.filter(code=fabric.code))
    return fabric


def fabric_update(*, fabric: Fabric, data: Mapping[str, Any]) -> Fabric:
    """Change the given fields of a fabric (stock included: set it to the count)."""
    with transaction.atomic():
        locked = Fabric.objects.select_for_update().get(pk=fabric.pk)
        _assign(locked, data, FABRIC_FIELDS)
        locked.full_clean()
        _save_with_unique_code(locked, Fabric.objects.filter(code=locked.code))
    return locked


def fabric_deactivate(*, fabric: Fabric) -> Fabric:
    """Stop offering a fabric. It is never deleted: garment specs keep pointing at it."""
    Fabric.objects.filter(pk=fabric.pk).update(is_active=False)
    style_catalogue_version_bump()
    fabric.is_active = False
    return fabric


# --- Garment options and their choices -------------------------------------------


def _check_one_default(option: GarmentOption) -> None:
    choices = list(OptionChoice.objects.filter(option=option).values("is_default", "is_active"))
    if not choices:
        return
    defaults = [choice for choice in choices if choice["is_default"]]
    if len(defaults) != 1:
        raise ValidationError(
            _("Mark exactly one choice as the default."), code="one_default_choice"
        )
    if not defaults[0]["is_active"]:
        raise ValidationError(
            _("The default choice must be offered."), code="default_choice_offered"
        )


def _choice_error(choice: ChoiceInput, error: ValidationError) -> ValidationError:
    messages = "; ".join(error.messages)
    return ValidationError(
        _("Choice %(code)s: %(messages)s"),
        params={"code": choice.code, "messages": messages},
        code="invalid_choice",
    )


def garment_option_save(
    *,
    option: GarmentOption | None = None,
    data: Mapping[str, Any],
    choices: Sequence[ChoiceInput] = (),
    delete_choice_ids: Collection[int] = (),
) -> GarmentOption:
    """Create (``option=None``) or change an option together with its choices.

    ``choices`` are the choices to create or change; existing choices not named
    there and not in ``delete_choice_ids`` stay as they are. Afterwards an option
    that has choices has exactly one default, and it is offered; otherwise
    nothing is saved and ``ValidationError`` is raised. Errors on the option's
    own fields are keyed by field; errors on choices are not keyed.
    """
    with transaction.atomic():
        if option is None or option.pk is None:
            target = GarmentOption()
        else:
            target = GarmentOption.objects.select_for_update().get(pk=option.pk)
        _assign(target, data, GARMENT_OPTION_FIELDS)
        try:
            target.full_clean()
        except ValidationError as error:
            # The (garment type, code) constraint is the code's business.
            if (
                NON_FIELD_ERRORS in error.error_dict
                and GarmentOption.objects.filter(garment_type=target.garment_type, code=target.code)
                .exclude(pk=target.pk)
                .exists()
            ):
                del error.error_dict[NON_FIELD_ERRORS]
                error.error_dict.setdefault("code", []).append(
                    ValidationError(_("This code is already used for this garment type."))
                )
            raise
        _save_with_unique_code(
            target,
            GarmentOption.objects.filter(garment_type=target.garment_type, code=target.code),
        )

        existing = {choice.pk: choice for choice in OptionChoice.objects.filter(option=target)}
        strangers = [
            pk
            for pk in [*delete_choice_ids, *(c.pk for c in choices if c.pk is not None)]
            if pk not in existing
        ]
        if strangers:
            raise ValidationError(
                _("Some choices do not belong to this option."), code="foreign_choice"
            )
        OptionChoice.objects.filter(option=target, pk__in=list(delete_choice_ids)).delete()
        style_catalogue_version_bump()

        for choice in choices:
            instance = existing[choice.pk] if choice.pk is not None else OptionChoice()
            instance.option = target
            instance.code = choice.code
            instance.name_en = choice.name_en
            instance.name_zh = choice.name_zh
            instance.surcharge = choice.surcharge
            instance.is_default = choice.is_default
            instance.position = choice.position
            instance.is_active = choice.is_active
            instance.switches_off_dependents = choice.switches_off_dependents
            try:
                instance.full_clean()
                with transaction.atomic():
                    instance.save()
            except ValidationError as error:
                raise _choice_error(choice, error) from None
            except IntegrityError:
                raise ValidationError(
                    _("Choice %(code)s: this code is already used for this option."),
                    params={"code": choice.code},
                    code="unique",
                ) from None

        _check_one_default(target)
    return target


def option_choice_delete(*, choice: OptionChoice) -> None:
    """Delete a choice. The default goes last: make another one the default first."""
    with transaction.atomic():
        # Lock the option so two deletes cannot each leave the other's default alone.
        list(GarmentOption.objects.select_for_update().filter(pk=choice.option_id).values("pk"))
        others = OptionChoice.objects.filter(option_id=choice.option_id).exclude(pk=choice.pk)
        is_default = (
            OptionChoice.objects.filter(pk=choice.pk).values_list("is_default", flat=True).first()
        )
        if is_default and others.exists():
            raise ValidationError(
                _("Make another choice the default before deleting the default choice."),
                code="default_choice_delete",
            )
        OptionChoice.objects.filter(pk=choice.pk).delete()
        style_catalogue_version_bump()
