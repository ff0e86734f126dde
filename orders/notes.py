"""What a garment's timeline and its flag for staff say: kept as a code and its parameters,
written out when read, in the reader's language.

A service that explains a change builds a note (``note_make``) and stores it beside the
text: an event keeps it in ``data["note"]`` and the English sentence in ``reason``, a
flagged unit in ``attention_note`` beside ``attention_reason`` (the English stays for the
raw log, CSV exports and anything that reads the columns). Pages and mails show
``note_text``: the note in the active language, or the stored text for a row written
before notes were kept.

A parameter may itself be a note (a sentence inside a sentence), a list of notes (shown
joined), or a name kept in both languages (``{"en": …, "zh": …}``, a factory's city);
a parameter named in ``PARAM_LABELS`` is a code shown by its label. Codes of
layers above ``orders`` (the factory floor's) are added by those layers when they load
(``note_kinds_add``), so that this module imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from factory.models import WorkCentreKind
from shop.models import in_chinese
from shop.tailoring.choices import garment_type_name

#: A note as stored: ``{"code": "paid_in_order", "params": {"number": "100023"}}``.
Note = dict[str, Any]

NOTES: dict[str, Promise] = {
    # payment, remakes
    "paid_in_order": _("Paid in order %(number)s."),
    "remake_of": _("Remake of %(code)s after a failed quality check."),
    # cancellations, refunds and corrections
    "cancelled_by_customer": _("Cancelled by the customer"),
    "cancelled_by_staff": _("Cancelled by staff"),
    "refunded_made_anyway": _("Refunded by staff; the garment is made anyway."),
    "measurements_corrected": _(
        "Measurements corrected by the customer (spec revision %(revision)s)."
    ),
    # routing
    "routing_no_factory": _("No active factory makes this garment (%(garment)s)."),
    "routing_none_can_take": _("No factory can take it: %(why)s."),
    "routing_chosen": _(
        "%(code)s (%(city)s) makes this garment (%(garment)s), %(fabric)s and has capacity "
        "before the promised date (priority %(priority)s, cost index %(cost)s)."
    ),
    "routing_chosen_among": _(
        "%(code)s (%(city)s) makes this garment (%(garment)s), %(fabric)s and has capacity "
        "before the promised date (priority %(priority)s, cost index %(cost)s). Also "
        "considered: %(others)s."
    ),
    "routing_fabric_stocked": _("stocks the fabric"),
    "routing_fabric_lead": _("receives the fabric in %(days)s days"),
    "routing_no_fabric": _("%(code)s neither stocks nor can receive the fabric"),
    "routing_no_capacity": _(
        "%(code)s has no capacity left before the promised date at: %(centres)s"
    ),
    "routing_ranks_lower": _("%(code)s ranks lower"),
    # planning and release
    "planned_in_batch": _("Batch %(batch)s at %(factory)s in plan %(plan)s."),
    "planner_moved": _("Moved from %(from)s to %(to)s by the planner to keep the promised date."),
    "not_planned": _("Not planned: %(why)s"),
    # why the planner left a garment out (the engine's codes, scheduling.engine.model)
    "unplanned_minutes_mismatch": _(
        "work minutes are given for %(given)s work centres, the plan has %(expected)s"
    ),
    "unplanned_negative_minutes": _("its work minutes are negative"),
    "unplanned_released_after_horizon": _("it can start only after the planning horizon"),
    "unplanned_no_capable_factory": _("no factory can make this garment (%(garment)s)"),
    "unplanned_beyond_horizon": _("factory %(factory)s cannot finish it within %(days)s days"),
    "unplanned_not_in_plan": _("it is not in the given plan"),
    "released": _("Released to %(factory)s in work order %(work_order)s."),
}

#: How the items of a list parameter are joined.
LIST_SEPARATOR = pgettext_lazy("separator between the items of a list in a note", "; ")


def _work_centre_labels(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    return str(LIST_SEPARATOR).join(
        str(WorkCentreKind(name).label) if name in WorkCentreKind.values else str(name)
        for name in names
    )


#: Parameters stored as a code and shown as the code's label in the reader's language.
PARAM_LABELS: dict[str, Callable[[Any], str]] = {
    "garment": garment_type_name,
    "centres": _work_centre_labels,
}


def note_kinds_add(
    *,
    notes: Mapping[str, Promise],
    labels: Mapping[str, Callable[[Any], str]] | None = None,
) -> None:
    """Add the note codes (and parameter labels) of a layer above ``orders``; a code
    already known keeps its text."""
    for code, text in notes.items():
        NOTES.setdefault(code, text)
    for name, label in (labels or {}).items():
        PARAM_LABELS.setdefault(name, label)


def note_make(*, code: str, params: Mapping[str, Any] | None = None) -> Note:
    """A note to store. Raises KeyError for an unknown code (a typo fails where it is
    written, not on the page that shows it)."""
    if code not in NOTES:
        raise KeyError(code)
    return {"code": code, "params": dict(params or {})}


def _shown(name: str, value: Any) -> Any:
    if isinstance(value, dict) and "code" in value:
        return note_render(note=value)
    if isinstance(value, dict) and "en" in value:
        return value["zh"] if in_chinese() and value.get("zh") else value["en"]
    if isinstance(value, list) and name not in PARAM_LABELS:
        return str(LIST_SEPARATOR).join(str(_shown(name, item)) for item in value)
    label = PARAM_LABELS.get(name)
    return label(value) if label is not None else value


def note_render(*, note: Mapping[str, Any]) -> str:
    """A note in the active language. Raises KeyError (unknown code or parameter)."""
    params = {name: _shown(name, value) for name, value in (note.get("params") or {}).items()}
    return str(NOTES[note["code"]]) % params


def note_english(*, note: Mapping[str, Any]) -> str:
    """A note in English: the text stored beside it."""
    with translation.override("en"):
        return note_render(note=note)


def note_text(*, note: Any, fallback: str) -> str:
    """What a stored note says in the reader's language; ``fallback`` (the text stored
    with it) when there is no note or it can no longer be read (a code since removed)."""
    if not isinstance(note, Mapping) or not note.get("code"):
        return fallback
    try:
        return note_render(note=note)
    except (KeyError, TypeError, ValueError):
        return fallback
