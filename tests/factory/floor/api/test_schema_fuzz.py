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

from tests.factory.floor.api.builders import Side, factory_side, released_work_order
from tests.shop.factories import fabric

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: The run stops generating when this is spent (the test fails past 60 s).
BUDGET_SECONDS = 45
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}
MISSING_ID = 2_000_000_000

Substitute = Callable[[Any, dict[str, Any]], None]


def _path_id(key: str) -> Substitute:
    def put(case: Any, ids: dict[str, Any]) -> None:
        case.path_parameters = {**(case.path_parameters or {}), "id": ids[key]}

    return put


#: For each operation that names an object: how to put one of its objects into a case.
REFERENCES: dict[str, Substitute] = {
    "GET /api/v1/work-orders/{id}/": _path_id("work_order"),
}


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
        if time.monotonic() < deadline:
            body(case)

    run()


def test_the_api_against_its_schema_with_two_factories_tokens(settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "factory-api": "100000/m"}
    started = time.monotonic()
    deadline = started + BUDGET_SECONDS
    cloth = fabric(stock="900")
    first = factory_side(code="HZ-S1", cloth=cloth)
    second = factory_side(code="XA-S2", cloth=cloth)
    order = released_work_order(factory=first.factory, cloth=cloth, garments=3)
    released_work_order(factory=second.factory, cloth=cloth, garments=2)
    ids = {"work_order": order.pk}
    missing = {"work_order": MISSING_ID}
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

    with _connection_kept():
        for operation in operations:
            for mode, examples in EXAMPLES.items():
                _run(operation.as_strategy(generation_mode=mode), examples, deadline, fuzz)

    def foreign(case: Any) -> None:
        label = f"{case.method} {case.path}"
        REFERENCES[label](case, missing)
        absent = case.call(headers=_header(second))
        REFERENCES[label](case, ids)
        theirs = case.call(headers=_header(second))
        assert theirs.status_code in (400, 404), (label, theirs.status_code, theirs.text)
        assert (theirs.status_code, theirs.json()) == (absent.status_code, absent.json())
        cross[theirs.status_code] += 1
        cross[label] += 1

    named = [op for op in operations if f"{op.method.upper()} {op.path}" in REFERENCES]
    with _connection_kept():
        for operation in named:
            _run(operation.as_strategy(), EXAMPLES[GenerationMode.POSITIVE], deadline, foreign)

    # The lists of factory 2 hold nothing of factory 1's.
    listed = second.get("/api/v1/work-orders/").json()
    elapsed = time.monotonic() - started
    print(f"schemathesis: {sum(sent.values())} requests in {elapsed:.1f} s; {dict(sent)}")
    print(f"cross-factory: {dict(cross)}")

    assert elapsed < 60
    assert order.code not in {row["code"] for row in listed["results"]}
    assert {f"{op.method.upper()} {op.path}" for op in operations if "{" in op.path} <= set(
        REFERENCES
    )
    assert all(cross[label] > 0 for label in REFERENCES)
    assert cross[404] > 0
    assert all(sent[f"{op.method.upper()} {op.path}"] > 0 for op in operations)
