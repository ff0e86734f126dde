"""Measurement profiles: saved, reused, sized (GB/T 1335), estimated; private to their owner."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shop.models import MeasurementProfile
from tests.shop.factories import SHIRT_BODY, fabric, garment_product, shirt_options

pytestmark = pytest.mark.django_db


def _user(email: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_user(username=email[:30], email=email, password="pw")


def _profile_post(name: str = "Me", garments: str = "shirt", **values: str) -> dict[str, object]:
    """A profile for a shirt: every shirt measurement, ``values`` replacing some of them."""
    data: dict[str, object] = {"name": name, "sex": "male", "garments": garments.split()}
    data.update({f"m_{code}": v for code, v in dict(SHIRT_BODY, **values).items()})
    return data


@pytest.fixture
def customer(client: Client):  # type: ignore[no-untyped-def]
    user = _user("me@example.com")
    client.force_login(user)
    return user


def test_profile_is_saved_and_listed_with_its_size_codes(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/en/accounts/measurements/new/", _profile_post(name="  Me  "))
    listing = client.get("/en/accounts/measurements/").content.decode()

    profile = MeasurementProfile.objects.get()
    assert response.status_code == 302
    assert profile.owner == customer
    assert profile.name == "Me"
    assert profile.values["neck"] == "40.0"
    # 178 cm -> 号 180; chest 100 -> 型 100; chest - waist = 14 -> A; waist 86 -> 86
    assert 'data-size="top">180/100A' in listing
    assert 'data-size="bottom">180/86A' in listing


def test_each_value_is_checked(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    bad = client.post("/en/accounts/measurements/new/", _profile_post(name="Bad", neck="300"))

    assert bad.status_code == 400
    assert 'id="error-m_neck"' in bad.content.decode()
    assert MeasurementProfile.objects.count() == 0


def test_profile_needs_every_measurement_of_the_garments_it_is_for(
    client: Client, customer
) -> None:  # type: ignore[no-untyped-def]
    empty = client.post("/en/accounts/measurements/new/", {"name": "Empty", "sex": "male"})
    no_neck = client.post("/en/accounts/measurements/new/", _profile_post(name="N", neck=""))
    trousers_too = client.post(
        "/en/accounts/measurements/new/", _profile_post(name="T", garments="shirt trousers")
    )
    shirt_only = client.post("/en/accounts/measurements/new/", _profile_post(name="Shirt"))

    assert (empty.status_code, no_neck.status_code, trousers_too.status_code) == (400, 400, 400)
    assert "Choose at least one garment this profile is for." in empty.content.decode()
    neck_error = no_neck.content.decode().split('id="error-m_neck" role="alert">', 1)[1]
    assert neck_error.startswith("Needed for the dress shirt.")
    trousers_page = trousers_too.content.decode()
    for code in ("inseam", "outseam", "crotch_depth", "thigh", "knee", "ankle"):
        assert f'id="error-m_{code}" role="alert">Needed for the trousers.' in trousers_page
    assert shirt_only.status_code == 302
    assert list(MeasurementProfile.objects.values_list("name", flat=True)) == ["Shirt"]


def test_without_sex_every_error_shows_at_once(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    data = _profile_post(name="Me", neck="500", wrist="40")
    del data["sex"]

    response = client.post("/en/accounts/measurements/new/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-sex"' in page
    assert 'id="error-m_neck" role="alert">Enter a value between 24' in page
    assert 'id="error-m_wrist" role="alert">Enter a value between 11' in page
    assert page.index('id="label-sex"') < page.index('id="id_name"')
    assert MeasurementProfile.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"chest": "80", "waist": "120"}, "waist", "A waist of 120.0 cm is 40.0 cm larger"),
        ({"chest": "120", "waist": "85"}, "waist", "A chest of 120.0 cm is 35.0 cm larger"),
        ({"sleeve_length": "75"}, "sleeve_length", "A sleeve length of 75.0 cm is unusual"),
        ({"sleeve_length": "52"}, "sleeve_length", "A sleeve length of 52.0 cm is unusual"),
    ],
)
def test_rare_combination_warns_and_is_saved_once_confirmed(  # type: ignore[no-untyped-def]
    client: Client, customer, values, field, message
) -> None:
    warned = client.post("/en/accounts/measurements/new/", _profile_post(**values))

    page = warned.content.decode()
    assert warned.status_code == 400
    assert f'id="error-m_{field}" role="alert">{message}' in page
    assert 'name="confirm_unusual"' in page
    assert MeasurementProfile.objects.count() == 0

    confirmed = client.post(
        "/en/accounts/measurements/new/", {**_profile_post(**values), "confirm_unusual": "on"}
    )
    assert confirmed.status_code == 302
    assert MeasurementProfile.objects.get().values[field] == f"{float(values[field]):.1f}"


def test_ordinary_body_asks_no_confirmation(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/en/accounts/measurements/new/").content.decode()
    saved = client.post("/en/accounts/measurements/new/", _profile_post())

    assert 'name="confirm_unusual"' not in page
    assert saved.status_code == 302


def test_body_outside_the_standard_types_is_said_plainly(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    # chest - waist = 30 cm: leaner than type Y for a man.
    values = dict(SHIRT_BODY, chest="110", waist="80", hip="100")
    client.post("/en/accounts/measurements/new/", _profile_post(**values))

    listing = client.get("/en/accounts/measurements/").content.decode()

    top = listing.split('data-size="top">', 1)[1].split("</td>", 1)[0]
    # 110 cm chest rounds to 型 112; no body-type letter, and the reason in words.
    assert top.startswith("180/112<br>")
    assert "The chest is 30.0 cm larger than the waist, more than the 22 cm of body type Y" in top
    assert "GB/T 1335 has no size for this figure" in top


def test_duplicate_name_is_refused(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    client.post("/en/accounts/measurements/new/", _profile_post(name="Me"))

    again = client.post("/en/accounts/measurements/new/", _profile_post(name="Me"))

    assert again.status_code == 400
    assert MeasurementProfile.objects.count() == 1


def test_profile_is_edited_and_deleted(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    client.post("/en/accounts/measurements/new/", _profile_post(name="Me"))
    profile = MeasurementProfile.objects.get()

    page = client.get(f"/en/accounts/measurements/{profile.pk}/").content.decode()
    client.post(f"/en/accounts/measurements/{profile.pk}/", _profile_post(name="Me", neck="41"))
    profile.refresh_from_db()
    edited_neck = profile.values["neck"]
    client.post(f"/en/accounts/measurements/{profile.pk}/delete/")

    assert 'value="40.0"' in page
    assert edited_neck == "41.0"
    assert MeasurementProfile.objects.count() == 0


def test_someone_elses_profile_is_not_found_anywhere(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    other = _user("other@example.com")
    theirs = MeasurementProfile.objects.create(
        owner=other, name="Theirs", sex="male", values={"neck": "39.0"}
    )
    shirt_options()
    product = garment_product()
    fabric()

    responses = [
        client.get(f"/en/accounts/measurements/{theirs.pk}/"),
        client.post(f"/en/accounts/measurements/{theirs.pk}/", _profile_post(name="Mine now")),
        client.post(f"/en/accounts/measurements/{theirs.pk}/delete/"),
        client.get(f"{product.get_absolute_url()}?profile={theirs.pk}"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    theirs.refresh_from_db()
    assert (theirs.name, theirs.values) == ("Theirs", {"neck": "39.0"})
    assert "Theirs" not in client.get("/en/accounts/measurements/").content.decode()


def test_profiles_need_a_login(client: Client) -> None:
    assert client.get("/en/accounts/measurements/").status_code == 302
    assert client.post("/en/accounts/measurements/new/", _profile_post()).status_code == 302
    assert MeasurementProfile.objects.count() == 0


def test_estimate_fills_a_profile_that_validates(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/en/accounts/measurements/estimate/",
        {
            "name": "Guess",
            "sex": "female",
            "height": "163",
            "weight": "55",
            "usual_size": "M",
            "fit": "regular",
        },
    )

    profile = MeasurementProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/measurements/{profile.pk}/"
    assert profile.sex == "female"
    assert {"height", "chest", "waist", "hip", "neck", "inseam"} <= set(profile.values)


def test_estimate_refuses_an_unknown_size_and_saves_nothing(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/en/accounts/measurements/estimate/",
        {
            "name": "Guess",
            "sex": "male",
            "height": "175",
            "weight": "70",
            "usual_size": "XXL-ish",
            "fit": "regular",
        },
    )

    assert response.status_code == 400
    assert MeasurementProfile.objects.count() == 0


def test_configurator_prefills_from_a_profile(client: Client, customer) -> None:  # type: ignore[no-untyped-def]
    shirt_options()
    product = garment_product()
    fabric()
    client.post("/en/accounts/measurements/new/", _profile_post(name="Me", neck="42.5"))
    profile = MeasurementProfile.objects.get()

    page = client.get(f"{product.get_absolute_url()}?profile={profile.pk}").content.decode()

    assert 'name="m_neck" id="id_m_neck" value="42.5"' in page
    assert f'<option value="{profile.pk}" selected>Me</option>' in page
