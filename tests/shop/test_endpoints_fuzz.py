"""Arbitrary input to the configurator and profile endpoints: never a 500, never a row
saved from invalid input."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop.models import GarmentSpec, MeasurementProfile
from tests.shop.factories import SHIRT_BODY, fabric, garment_product, shirt_options

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

number_like = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "nan", "NaN", "inf", "-inf", "1e309", "41,5", "４１.５", "0", "-1"]),
    st.sampled_from(list(SHIRT_BODY.values())),
)
field_names = st.sampled_from(
    [f"m_{code}" for code in SHIRT_BODY]
    + ["fabric", "sex", "opt_cuff", "opt_collar", "opt_fit", "monogram_text", "profile", "line"]
    + ["price", "total", "m_unknown", "action", "csrfmiddlewaretoken"]
)


def _garment_rows() -> tuple[int, int]:
    return GarmentSpec.objects.count(), apps.get_model("basket", "Line").objects.count()


@pytest.fixture
def shirt():  # type: ignore[no-untyped-def]
    shirt_options()
    cloth = fabric(code="FZ-1", stock="100000")
    return garment_product(), cloth


@FUZZ
@given(
    overrides=st.dictionaries(field_names, number_like, max_size=6),
    action=st.sampled_from(["add", "preview", "update", "load_profile", "bogus", ""]),
)
def test_configurator_never_fails_and_saves_only_valid_garments(shirt, overrides, action) -> None:  # type: ignore[no-untyped-def]
    product, cloth = shirt
    client = Client()
    data = {"fabric": cloth.code, "sex": "male", "action": action}
    data.update({f"m_{code}": value for code, value in SHIRT_BODY.items()})
    data.update(overrides)
    before = _garment_rows()

    response = client.post(product.get_absolute_url(), data)
    preview = client.post(f"/en/garments/{product.pk}/preview/", data)

    assert response.status_code in (200, 302, 400, 404)
    assert preview.status_code == 200
    after = _garment_rows()
    if response.status_code == 302:
        assert after == (before[0] + 1, before[1] + 1)
    else:
        assert after == before


@FUZZ
@given(
    overrides=st.dictionaries(
        st.sampled_from([f"m_{code}" for code in SHIRT_BODY] + ["name", "sex", "m_inseam"]),
        number_like,
        max_size=6,
    )
)
def test_profile_form_never_fails_and_saves_only_valid_profiles(overrides) -> None:  # type: ignore[no-untyped-def]
    user, _ = get_user_model().objects.get_or_create(
        username="fuzz", defaults={"email": "fuzz@example.com"}
    )
    client = Client()
    client.force_login(user)
    MeasurementProfile.objects.filter(owner=user).delete()
    data = {"name": "Me", "sex": "female"}
    data.update(overrides)

    response = client.post("/en/accounts/measurements/new/", data)

    assert response.status_code in (302, 400)
    saved = MeasurementProfile.objects.filter(owner=user).count()
    assert saved == (1 if response.status_code == 302 else 0)
