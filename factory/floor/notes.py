"""The notes the factory floor leaves on a garment's timeline (``orders.notes``): a
quality check's outcome and an undone scan, shown in the reader's language. Added to the
notes ``orders`` knows when the floor app loads (``FloorConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from factory.floor.models import QCReason
from orders.notes import note_kinds_add

FLOOR_NOTES = {
    "qc_passed": _("Passed its quality check."),
    "qc_rework": _("Failed its quality check (%(qc_reason)s): back to sewing for rework."),
    "qc_remake": _("Failed its quality check (%(qc_reason)s): to be made again."),
    "scan_undone": _("Scan undone at the factory."),
}


def qc_reason_label(value: Any) -> str:
    """A QC reason code in the reader's language (an unknown code as it is)."""
    return str(QCReason(value).label) if value in QCReason.values else str(value)


def floor_notes_add() -> None:
    note_kinds_add(notes=FLOOR_NOTES, labels={"qc_reason": qc_reason_label})
