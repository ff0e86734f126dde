"""A correctly signed webhook whose event has a shape the platform cannot use is refused
with 400 and changes nothing; whatever shape a signed event has, the answer is never 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop.payments.models import CheckoutPayment, StripeEvent
from tests.shop.payments.factories import deliver

pytestmark = pytest.mark.django_db

GOOD_OBJECT = {"id": "pi_shape_1", "object": "payment_intent", "status": "succeeded"}


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "evt_shape_1",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": 1_700_000_000,
        "data": {"object": dict(GOOD_OBJECT)},
    }
    event.update(changes)
    return event


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (_event(data="pi_shape_1"), "data.object must be an object"),
        (_event(data=None), "data.object must be an object"),
        (_event(data={}), "data.object must be an object"),
        (_event(data={"object": "pi_shape_1"}), "data.object must be an object"),
        (_event(data={"object": ["pi_shape_1"]}), "data.object must be an object"),
        (_event(data={"object": {"id": 12, "object": "payment_intent"}}), "data.object.id"),
        (_event(data={"object": {"id": "pi_" + "x" * 62}}), "data.object.id"),
        (_event(data={"object": {"id": "pi_1", "payment_intent": {}}}), "payment_intent"),
        (
            _event(data={"object": dict(GOOD_OBJECT, last_payment_error=["declined"])}),
            "last_payment_error",
        ),
        (
            _event(data={"object": dict(GOOD_OBJECT, last_payment_error={"message": 3})}),
            "last_payment_error",
        ),
        (_event(id="evt_" + "x" * 61), "id must be text"),
        (_event(id=["evt_1"]), "id must be text"),
        (_event(type={"a": 1}), "type must be text"),
        (_event(type="t" * 101), "type must be text"),
        (_event(data={"object": dict(GOOD_OBJECT, status="succ\x00eeded")}), "NUL"),
    ],
)
def test_signed_event_of_a_bad_shape_is_400_and_changes_nothing(
    client: Client, event: dict[str, Any], words: str
) -> None:
    response = deliver(client, event)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert StripeEvent.objects.count() == 0


def test_a_64_character_id_is_still_accepted(client: Client) -> None:
    event = _event(id="evt_" + "x" * 60)

    response = deliver(client, event)

    assert response.status_code == 200
    assert StripeEvent.objects.get().event_id == event["id"]


def test_a_signed_body_with_nan_is_refused(client: Client) -> None:
    from tests.shop.payments.factories import signed

    body, header = signed(_event())
    body = body.replace(b"1700000000", b"NaN")

    response = client.post(
        "/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


# --- Any shape: never a server error -------------------------------------------------

_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=80),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
_ids = st.one_of(
    st.sampled_from(["pi_shape_known", "pi_shape_other", ""]),
    st.text(min_size=0, max_size=80),
    _json,
)
_objects = st.one_of(
    _json,
    st.fixed_dictionaries(
        {},
        optional={
            "id": _ids,
            "object": st.one_of(st.sampled_from(["payment_intent", "charge", "refund"]), _json),
            "payment_intent": _ids,
            "status": _json,
            "last_payment_error": st.one_of(
                _json, st.fixed_dictionaries({}, optional={"message": _json, "code": _json})
            ),
        },
    ),
)
_events = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(min_size=0, max_size=80), _json),
        "object": _json,
        "type": st.one_of(
            st.sampled_from(
                [
                    "payment_intent.succeeded",
                    "payment_intent.payment_failed",
                    "charge.refunded",
                    "customer.created",
                ]
            ),
            _json,
        ),
        "created": _json,
        "data": st.one_of(_json, st.fixed_dictionaries({}, optional={"object": _objects})),
    },
)


@pytest.fixture
def known_payment() -> CheckoutPayment:
    """A pending payment some generated events name, so the paid path runs too."""
    from tests.shop.factories import fabric
    from tests.shop.payments.factories import ADDRESS, basket_with_shirt, customer

    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    return CheckoutPayment.objects.create(
        basket=basket,
        user=user,
        email=user.email,
        payment_intent_id="pi_shape_known",
        basket_key="basket-shape",
        idempotency_key="basket-shape-1",
        client_secret="pi_shape_known_secret",
        amount_fen=31500,
        shipping_address=ADDRESS,
        shipping_method_code="standard",
    )


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(event=_events)
def test_any_signed_event_shape_is_answered_without_a_server_error(
    client: Client, known_payment: CheckoutPayment, event: dict[str, Any]
) -> None:
    response = deliver(client, event)

    assert response.status_code in (200, 400), (response.status_code, event)
    if response.status_code == 400:
        assert response.content.decode().startswith("The webhook body is not a Stripe event")


def test_the_generated_shapes_reach_both_answers(client: Client) -> None:
    """The property above would prove little if every example were refused (or accepted)."""
    accepted = deliver(client, _event()).status_code
    refused = deliver(client, _event(data={"object": None})).status_code

    assert (accepted, refused) == (200, 400)
    assert apps.get_model("order", "Order").objects.count() == 0
