"""Schemathesis against the API's own OpenAPI schema, with two factories' tokens.

Every operation gets generated requests, valid and invalid, sent with each factory's
token: no answer is a server error, and each answer (status, content type, body) is one
the schema declares. Then each operation that names an object is sent by factory 2 with
factory 1's object in it: the answer is a 404, the same as for an object that does not
exist (or, for a request invalid on its face, the same 400 it gets without the object).
The whole run is bounded well under a minute."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factory.floor.models import FloorEvent
from tests.factory.floor.api.builders import Side, advanced, factory_side, released_work_order
from tests.shop.factories import fabric

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Each phase stops generating when its share is spent (each operation is sent at least once).
FUZZ_SECONDS = 24
CROSS_SECONDS = 18
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 6}
MISSING_ID = 2_000_000_000
MISSING_CODE = "U-0000-0000"  # never made: unit codes have no 0

Substitute = Callable[[Any, dict[str, Any]], None]


def _path_id(key: str) -> Substitute:
    def put(case: Any, ids: dict[str, Any]) -> None:
        case.path_parameters = {**(case.path_parameters or {}), "id": ids[key]}

    return put


def _path_id_code(key: str, code_key: str) -> Substitute:
    def put(case: Any, ids: dict[str, Any]) -> None:
        case.path_parameters = {
            **(case.path_parameters or {}),
            "id": ids[key],
            "code": ids[code_key],
        }

    return put


def _body_code(field: str, key: str, many: bool = False, **fixed: Any) -> Substitute:
    def put(case: Any, ids: dict[str, Any]) -> None:
        case.body = {**case.body, **fixed, field: [ids[key]] if many else ids[key]}

    return put


#: For each operation that names an object: how to put one of its objects into a case.
REFERENCES: dict[str, Substitute] = {
    "GET /api/v1/work-orders/{id}/": _path_id("work_order"),
    "GET /api/v1/work-orders/{id}/tickets.pdf": _path_id("work_order"),
    "GET /api/v1/work-orders/{id}/marker.svg": _path_id("work_order"),
    "GET /api/v1/work-orders/{id}/marker.pdf": _path_id("work_order"),
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.svg": _path_id_code(
        "work_order", "released"
    ),
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.pdf": _path_id_code(
        "work_order", "released"
    ),
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.dxf": _path_id_code(
        "work_order", "released"
    ),
    "POST /api/v1/work-orders/{id}/accept/": _path_id("work_order"),
    "POST /api/v1/shipments/{id}/delivered/": _path_id("shipment"),
    # The released garment's next stage, so factory 1's own sends move it and record.
    "POST /api/v1/stage-events/": _body_code("unit_code", "released", stage="cutting"),
    "POST /api/v1/qc-results/": _body_code("unit_code", "at_qc"),
    "POST /api/v1/shipments/": _body_code("unit_codes", "released", many=True),
}
#: Operations that draft a pattern on each call: fuzzed first, with one example per mode,
#: so they do not spend the time the others need.
DRAFTING = {
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.svg",
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.pdf",
    "GET /api/v1/work-orders/{id}/units/{code}/pattern.dxf",
}
#: Operations idempotent by the body's ``client_event_id``.
IDEMPOTENT = {"POST /api/v1/stage-events/", "POST /api/v1/qc-results/"}


@contextmanager
def _connection_kept() -> Iterator[None]:
    """The WSGI app closes the database connection after each request, as in production;
    the test's transaction lives on that connection (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _same(theirs: Any, absent: Any, codes: list[str]) -> bool:
    """The same answer, but for the code of the garment named in it."""
    text = theirs.text
    for code in codes:
        text = text.replace(code, "?")
    return bool(
        theirs.status_code == absent.status_code and text == absent.text.replace(MISSING_CODE, "?")
    )


def _header(side: Side) -> dict[str, str]:
    return {"Authorization": f"Bearer {side.token}"}


def _run(strategy: Any, examples: int, deadline: float, body: Callable[[Any], None]) -> None:
    @given(case=strategy)
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        # Every operation is sent at least once, however slow the machine; past the
        # deadline the rest of its examples are skipped.
        if not sent_once or time.monotonic() < deadline:
            sent_once.append(True)
            body(case)

    sent_once: list[bool] = []

    run()


def test_the_api_against_its_schema_with_two_factories_tokens(settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "factory-api": "100000/m"}
    started = time.monotonic()
    cloth = fabric(stock="900")
    first = factory_side(code="HZ-S1", cloth=cloth)
    second = factory_side(code="XA-S2", cloth=cloth)
    order = released_work_order(factory=first.factory, cloth=cloth, garments=3)
    released_work_order(factory=second.factory, cloth=cloth, garments=2)
    unit, at_qc, shipped = order.units.order_by("pk")
    advanced(first, at_qc, "qc")
    advanced(first, shipped, "shipped")
    ids = {
        "work_order": order.pk,
        "released": unit.code,
        "at_qc": at_qc.code,
        "shipment": shipped.shipments.get().pk,
    }
    missing = {
        "work_order": MISSING_ID,
        "released": MISSING_CODE,
        "at_qc": MISSING_CODE,
        "shipment": MISSING_ID,
    }
    with _connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    sent: Counter[str] = Counter()
    cross: Counter[str] = Counter()

    def fuzz(case: Any) -> None:
        for side in (first, second):
            response = case.call(headers=_header(side))
            case.validate_response(response, checks=CHECKS)
            sent[f"{case.method} {case.path}"] += 1

    def drafts(operation: Any) -> bool:
        return f"{operation.method.upper()} {operation.path}" in DRAFTING

    deadline = time.monotonic() + FUZZ_SECONDS
    with _connection_kept():
        # The slow ones first, with one example per mode, so each is sent at all.
        for operation in sorted(operations, key=lambda op: not drafts(op)):
            for mode, examples in EXAMPLES.items():
                count = 1 if drafts(operation) else examples
                _run(operation.as_strategy(generation_mode=mode), count, deadline, fuzz)

    def foreign(case: Any) -> None:
        label = f"{case.method} {case.path}"
        REFERENCES[label](case, missing)
        absent = case.call(headers=_header(second))
        REFERENCES[label](case, ids)
        theirs = case.call(headers=_header(second))
        assert theirs.status_code in (400, 404), (label, theirs.status_code, theirs.text)
        assert _same(theirs, absent, [unit.code, at_qc.code]), (label, theirs.text, absent.text)
        cross[theirs.status_code] += 1
        cross[label] += 1
        if label in IDEMPOTENT:
            # Factory 1 sends it with its own garment, twice under one client event id.
            mine = case.call(headers=_header(first))
            again = case.call(headers=_header(first))
            assert mine.status_code < 500
            assert (again.status_code, again.json()) == (mine.status_code, mine.json())
            client_id = str(case.body["client_event_id"]).strip()
            recorded = FloorEvent.objects.filter(factory=first.factory, client_event_id=client_id)
            assert recorded.count() <= 1
            cross[f"recorded once: {label}"] += recorded.count()

    named = [op for op in operations if f"{op.method.upper()} {op.path}" in REFERENCES]
    deadline = time.monotonic() + CROSS_SECONDS
    with _connection_kept():
        for operation in named:
            _run(operation.as_strategy(), EXAMPLES[GenerationMode.POSITIVE], deadline, foreign)

    # The lists of factory 2 hold nothing of factory 1's.
    listed = second.get("/api/v1/work-orders/").json()
    elapsed = time.monotonic() - started
    print(f"schemathesis: {sum(sent.values())} requests in {elapsed:.1f} s; {dict(sent)}")
    print(f"cross-factory: {dict(cross)}")

    assert order.code not in {row["code"] for row in listed["results"]}
    assert {f"{op.method.upper()} {op.path}" for op in operations if "{" in op.path} <= set(
        REFERENCES
    )
    assert all(cross[label] > 0 for label in REFERENCES)
    assert all(cross[f"recorded once: {label}"] > 0 for label in IDEMPOTENT)
    assert cross[404] > 0
    assert all(sent[f"{op.method.upper()} {op.path}"] > 0 for op in operations)
