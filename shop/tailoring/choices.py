"""The closed vocabularies of tailoring: garment types, sexes and fits."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class GarmentType(StrEnum):
    """A garment the factories make to measure."""

    SHIRT = "shirt"
    TROUSERS = "trousers"
    JACKET = "jacket"


class Sex(StrEnum):
    """The sex a body measurement set and the GB/T 1335 part (.1 men, .2 women) refer to."""

    MALE = "male"
    FEMALE = "female"


class Fit(StrEnum):
    """How much ease the finished garment has over the body."""

    SLIM = "slim"
    REGULAR = "regular"
    RELAXED = "relaxed"


GARMENT_TYPE_LABELS = {
    GarmentType.SHIRT: _("Dress shirt"),
    GarmentType.TROUSERS: _("Trousers"),
    GarmentType.JACKET: _("Suit jacket"),
}

SEX_LABELS = {
    Sex.MALE: _("Male"),
    Sex.FEMALE: _("Female"),
}

FIT_LABELS = {
    Fit.SLIM: _("Slim fit"),
    Fit.REGULAR: _("Regular fit"),
    Fit.RELAXED: _("Relaxed fit"),
}


def garment_type_name(code: str) -> str:
    """A garment type's name in the reader's language; an unknown code as it is."""
    try:
        return str(GARMENT_TYPE_LABELS[GarmentType(code)])
    except ValueError:
        return str(code)


def garment_type_choices() -> list[tuple[str, object]]:
    """``(value, lazy label)`` pairs for a form or model field."""
    return [(member.value, GARMENT_TYPE_LABELS[member]) for member in GarmentType]


def sex_choices() -> list[tuple[str, object]]:
    """``(value, lazy label)`` pairs for a form or model field."""
    return [(member.value, SEX_LABELS[member]) for member in Sex]


def fit_choices() -> list[tuple[str, object]]:
    """``(value, lazy label)`` pairs for a form or model field."""
    return [(member.value, FIT_LABELS[member]) for member in Fit]
