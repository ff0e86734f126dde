"""The immutable snapshot of a sold garment: everything a factory needs, frozen at payment.

Later edits to the catalogue, a fabric or the customer's measurement profile never
reach it: it is plain JSON written once, with a digest that proves it unchanged.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils import translation

SNAPSHOT_VERSION = 1


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _both(obj: Any) -> dict[str, str]:
    return {"en": obj.name_en, "zh": obj.name_zh}


def spec_snapshot(*, spec: Any, order_line: Any, choices: dict[str, Any]) -> dict[str, Any]:
    """Plain data from a GarmentSpec, its order line and the chosen options (with names)."""
    fabric = spec.fabric
    with translation.override("en"):
        title_en = order_line.title
    return {
        "version": SNAPSHOT_VERSION,
        "order_number": str(order_line.order.number),
        "order_line": order_line.pk,
        "spec_reference": spec.reference,
        "product": {"id": spec.product_id, "title": title_en, "upc": order_line.upc or ""},
        "garment_type": spec.garment_type,
        "fabric": {
            "id": fabric.pk,
            "code": fabric.code,
            "name": _both(fabric),
            "composition": fabric.composition,
            "colour": fabric.colour,
            "pattern": fabric.pattern,
            "width_cm": str(fabric.width_cm),
            "price_per_metre": str(fabric.price_per_metre),
        },
        "fabric_metres": str(spec.fabric_metres),
        "fit": spec.fit,
        "options": {
            code: {
                "choice": choice.code,
                "option_name": _both(choice.option),
                "choice_name": _both(choice),
                "surcharge": str(choice.surcharge),
            }
            for code, choice in sorted(choices.items())
        },
        "monogram_text": spec.monogram_text,
        "sex": spec.sex,
        "measurements_cm": dict(sorted(spec.measurements.items())),
        "finished_cm": dict(sorted(spec.finished.items())),
        "price_paid": str(order_line.line_price_incl_tax),
        "currency": order_line.order.currency,
    }
