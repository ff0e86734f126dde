"""Staff list garment options and edit each one's choices and surcharges inline."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse, reverse_lazy

from shop.models import GarmentOption, OptionChoice

LIST = reverse_lazy("garment-dashboard:option-list")
CREATE = reverse_lazy("garment-dashboard:option-create")


def update_url(option: GarmentOption) -> str:
    return reverse("garment-dashboard:option-update", kwargs={"pk": option.pk})


def choice_row(choice: OptionChoice, **overrides: Any) -> dict[str, Any]:
    """The row of an existing choice as the edit page submits it unchanged."""
    row = {
        "id": choice.pk,
        "code": choice.code,
        "name_en": choice.name_en,
        "name_zh": choice.name_zh,
        "surcharge": choice.surcharge,
        "is_default": choice.is_default,
        "position": choice.position,
        "is_active": choice.is_active,
    }
    row.update(overrides)
    return row


def new_row(code: str, surcharge: str = "0", **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": code,
        "name_en": code.title(),
        "name_zh": f"{code}中文",
        "surcharge": surcharge,
        "is_default": False,
        "position": 0,
        "is_active": True,
    }
    row.update(overrides)
    return row


def option_post(
    option: GarmentOption | None = None,
    rows: list[dict[str, Any]] = (),  # type: ignore[assignment]
    blank_rows: int = 1,
    **fields: Any,
) -> dict[str, str]:
    """The whole edit form: option fields, then the choice rows (existing ones first)."""
    data: dict[str, str] = {
        "garment_type": option.garment_type if option else "shirt",
        "code": option.code if option else "collar",
        "name_en": option.name_en if option else "Collar",
        "name_zh": option.name_zh if option else "领型",
        "position": str(option.position if option else 0),
    }
    data.update({name: str(value) for name, value in fields.items()})
    rows = sorted(rows, key=lambda row: "id" not in row)
    data["choices-TOTAL_FORMS"] = str(len(rows) + blank_rows)
    data["choices-INITIAL_FORMS"] = str(sum("id" in row for row in rows))
    data["choices-MIN_NUM_FORMS"] = "0"
    data["choices-MAX_NUM_FORMS"] = "1000"
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"choices-{index}-{name}"] = "on"
            elif value is not False:
                data[f"choices-{index}-{name}"] = str(value)
        data[f"choices-{index}-option"] = str(option.pk) if option else ""
    for index in range(len(rows), len(rows) + blank_rows):
        data[f"choices-{index}-option"] = str(option.pk) if option else ""
        data[f"choices-{index}-surcharge"] = "0"
        data[f"choices-{index}-position"] = "0"
        data[f"choices-{index}-is_active"] = "on"
    return data


def snapshot(option: GarmentOption) -> list[tuple[str, Decimal, bool, bool]]:
    return list(
        OptionChoice.objects.filter(option=option)
        .order_by("code")
        .values_list("code", "surcharge", "is_default", "is_active")
    )


def test_list_shows_choice_counts_and_the_default(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    make_option(code="collar", choices=(("kent", "0", True), ("cutaway", "20", False)))
    make_option(code="cuff", choices=())

    response = staff_client.get(LIST)

    body = response.content.decode()
    rows = {option.code: option for option in response.context["options"]}
    assert response.status_code == 200
    assert (rows["collar"].choice_count, rows["collar"].default_choice_en) == (2, "Kent")
    assert (rows["cuff"].choice_count, rows["cuff"].default_choice_en) == (0, None)
    assert "Kent" in body
    assert "2 (2)" in body


def test_list_search_and_empty_states(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    assert "There are no garment options yet." in staff_client.get(LIST).content.decode()
    make_option(code="collar")
    make_option(code="lapel", garment_type="jacket")

    found = staff_client.get(LIST, {"q": "LAP"})
    missed = staff_client.get(LIST, {"q": "pocket"})

    assert [option.code for option in found.context["options"]] == ["lapel"]
    assert "No garment option matches your search." in missed.content.decode()


def test_list_is_paginated_by_25(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    for number in range(26):
        make_option(code=f"opt-{number:02d}", choices=())

    assert len(staff_client.get(LIST).context["options"]) == 25
    assert len(staff_client.get(LIST, {"page": 2}).context["options"]) == 1


def test_staff_creates_an_option_with_its_choices(staff_client: Client) -> None:
    data = option_post(
        rows=[new_row("kent", "0", is_default=True), new_row("wing", "35.50", position=1)],
        code="collar",
        name_en="Collar",
    )

    response = staff_client.post(CREATE, data)

    assert response.status_code == 302
    assert response["Location"] == str(LIST)
    option = GarmentOption.objects.get()
    assert (option.garment_type, option.code, option.name_en) == ("shirt", "collar", "Collar")
    assert snapshot(option) == [
        ("kent", Decimal("0.00"), True, True),
        ("wing", Decimal("35.50"), False, True),
    ]


def test_an_option_may_start_without_choices(staff_client: Client) -> None:
    response = staff_client.post(CREATE, {**option_post(blank_rows=3), "continue": "1"})

    option = GarmentOption.objects.get()
    assert response["Location"] == update_url(option)
    assert snapshot(option) == []


def test_edit_page_lists_each_choice_with_labelled_inputs(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()

    response = staff_client.get(update_url(option))

    body = response.content.decode()
    assert response.status_code == 200
    formset = response.context["formset"]
    assert [form.instance.code for form in formset.initial_forms] == ["kent", "cutaway"]
    for form in formset:
        for field in form.visible_fields():
            if field.name != "DELETE" or form.instance.pk:
                assert f'for="{field.auto_id}"' in body, field.html_name


def test_staff_edits_surcharges_moves_the_default_adds_and_deletes(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option(
        choices=(("kent", "0", True), ("cutaway", "20", False), ("club", "5", False))
    )
    kent, cutaway, club = OptionChoice.objects.filter(option=option).order_by("position")

    response = staff_client.post(
        update_url(option),
        option_post(
            option,
            rows=[
                choice_row(kent, is_default=False),
                choice_row(cutaway, surcharge="25.00", is_default=True),
                choice_row(club, DELETE=True),
                new_row("button-down", "12.5", position=3),
            ],
            name_en="Shirt collar",
        ),
    )

    assert response.status_code == 302
    option.refresh_from_db()
    assert option.name_en == "Shirt collar"
    assert snapshot(option) == [
        ("button-down", Decimal("12.50"), False, True),
        ("cutaway", Decimal("25.00"), True, True),
        ("kent", Decimal("0.00"), False, True),
    ]


def assert_unchanged_after_invalid_post(
    client: Client, option: GarmentOption, data: dict[str, str]
) -> Any:
    before = snapshot(option)
    response = client.post(update_url(option), data)
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert snapshot(option) == before
    assert GarmentOption.objects.count() == 1
    return response


def test_negative_surcharge_is_a_field_error(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    response = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent), choice_row(cutaway, surcharge="-5")]),
    )

    errors = response.context["formset"].errors
    assert errors[0] == {}
    assert list(errors[1]) == ["surcharge"]
    assert "greater than or equal to 0" in errors[1]["surcharge"][0]


def test_no_default_or_two_defaults_is_refused(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    none = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent, is_default=False), choice_row(cutaway)]),
    )
    two = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent), choice_row(cutaway, is_default=True)]),
    )
    new_default_too = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(
            option,
            rows=[choice_row(kent), choice_row(cutaway), new_row("wing", is_default=True)],
        ),
    )

    for response in (none, two, new_default_too):
        assert response.context["formset"].non_form_errors() == [
            "Mark exactly one choice as the default."
        ]


def test_deleting_the_default_in_the_form_needs_a_new_default(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    response = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent, DELETE=True), choice_row(cutaway)]),
    )

    assert response.context["formset"].non_form_errors() == [
        "Mark exactly one choice as the default."
    ]


def test_the_default_must_be_offered(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    response = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent, is_active=False), choice_row(cutaway)]),
    )

    assert response.context["formset"].non_form_errors() == ["The default choice must be offered."]


def test_duplicate_choice_code_is_a_field_error(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    response = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent), choice_row(cutaway), new_row("kent", "3")]),
    )

    errors = response.context["formset"].errors
    assert errors[2] == {"code": ["Two choices have this code."]}


def test_bad_choice_code_is_a_field_error(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent, cutaway = OptionChoice.objects.filter(option=option).order_by("position")

    response = assert_unchanged_after_invalid_post(
        staff_client,
        option,
        option_post(option, rows=[choice_row(kent), choice_row(cutaway, code="cut away!")]),
    )

    assert list(response.context["formset"].errors[1]) == ["code"]


def test_duplicate_option_code_is_a_field_error_per_garment_type(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    make_option(code="collar", choices=())

    same_type = staff_client.post(CREATE, option_post(code="collar", garment_type="shirt"))
    other_type = staff_client.post(CREATE, option_post(code="collar", garment_type="jacket"))

    assert same_type.status_code == 200
    assert same_type.context["form"].errors == {
        "code": ["This code is already used for this garment type."]
    }
    assert other_type.status_code == 302
    assert sorted(GarmentOption.objects.values_list("garment_type", "code")) == [
        ("jacket", "collar"),
        ("shirt", "collar"),
    ]


def test_renaming_an_option_onto_another_code_changes_nothing(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    collar = make_option(code="collar")
    make_option(code="cuff", choices=())
    kent, cutaway = OptionChoice.objects.filter(option=collar).order_by("position")

    response = staff_client.post(
        update_url(collar),
        option_post(collar, rows=[choice_row(kent), choice_row(cutaway)], code="cuff"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    collar.refresh_from_db()
    assert collar.code == "collar"


def test_staff_deletes_a_choice(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    cutaway = OptionChoice.objects.get(option=option, code="cutaway")
    url = reverse(
        "garment-dashboard:option-choice-delete", kwargs={"option_pk": option.pk, "pk": cutaway.pk}
    )

    confirm = staff_client.get(url)
    response = staff_client.post(url)

    assert confirm.status_code == 200
    assert "Delete choice cutaway" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == update_url(option)
    assert snapshot(option) == [("kent", Decimal("0.00"), True, True)]


def test_the_default_choice_is_not_deleted_while_others_remain(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    option = make_option()
    kent = OptionChoice.objects.get(option=option, code="kent")
    url = reverse(
        "garment-dashboard:option-choice-delete", kwargs={"option_pk": option.pk, "pk": kent.pk}
    )

    response = staff_client.post(url, follow=True)

    assert "Make another choice the default" in response.content.decode()
    assert len(snapshot(option)) == 2


def test_a_choice_is_only_reached_through_its_own_option(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    collar = make_option(code="collar")
    cuff = make_option(code="cuff", choices=(("barrel", "0", True), ("french", "30", False)))
    french = OptionChoice.objects.get(option=cuff, code="french")
    url = reverse(
        "garment-dashboard:option-choice-delete", kwargs={"option_pk": collar.pk, "pk": french.pk}
    )

    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url).status_code == 404
    assert OptionChoice.objects.filter(pk=french.pk).exists()


def test_a_choice_of_another_option_cannot_be_edited_through_the_formset(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    collar = make_option(code="collar")
    cuff = make_option(code="cuff", choices=(("barrel", "0", True), ("french", "30", False)))
    kent, cutaway = OptionChoice.objects.filter(option=collar).order_by("position")
    french = OptionChoice.objects.get(option=cuff, code="french")

    response = staff_client.post(
        update_url(collar),
        option_post(
            collar,
            rows=[choice_row(kent), choice_row(cutaway), choice_row(french, surcharge="1")],
        ),
    )

    assert response.status_code == 200
    assert response.context["formset"].errors[2] == {
        "__all__": ["This choice no longer exists. Reload the page and try again."]
    }
    assert snapshot(collar) == [
        ("cutaway", Decimal("20.00"), False, True),
        ("kent", Decimal("0.00"), True, True),
    ]
    french.refresh_from_db()
    assert (french.option_id, french.surcharge) == (cuff.pk, Decimal("30.00"))
