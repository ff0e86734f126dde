import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.drawing import DEFAULTS, GARMENT_OPTIONS, GARMENT_TYPES, PATTERNS, garment_svg, swatch_svg

SVG = "{http://www.w3.org/2000/svg}"
COLOUR = "#2b3550"
SHAPE_OPTIONS = {
    garment: [option for option in options if not option.startswith("monogram_")]
    for garment, options in GARMENT_OPTIONS.items()
}
MONOGRAM_POSITIONS = {
    garment: [p for p in options.get("monogram_position", ()) if p != "none"]
    for garment, options in GARMENT_OPTIONS.items()
}


def draw(garment_type="shirt", choices=None, **kwargs):
    kwargs.setdefault("colour", COLOUR)
    kwargs.setdefault("pattern", "solid")
    return garment_svg(garment_type=garment_type, choices=choices or {}, **kwargs)


def parts(svg):
    return [el.get("data-part") for el in ET.fromstring(svg).iter() if el.get("data-part")]


def part_name(option, value):
    return f"{option.replace('_', '-')}-{value}"


def every_choice():
    for garment, options in GARMENT_OPTIONS.items():
        for option, values in options.items():
            for value in values:
                yield garment, option, value


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize(("garment", "option", "value"), list(every_choice()))
def test_every_choice_and_pattern_is_well_formed_and_small(garment, option, value, pattern):
    svg = draw(garment, {option: value, "monogram_position": "cuff"}, pattern=pattern)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 300 360"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    assert len(svg.encode()) < 8 * 1024


@pytest.mark.parametrize(("garment", "option", "value"), list(every_choice()))
def test_the_biggest_drawing_stays_under_8_kb(garment, option, value):
    positions = MONOGRAM_POSITIONS[garment] or ["none"]
    for position in positions:
        choices = {option: value, "monogram_position": position}
        svg = draw(garment, choices, pattern="check", monogram_text="W" * 12, title="T" * 80)
        assert len(svg.encode()) < 8 * 1024


@pytest.mark.parametrize(
    ("garment", "option"),
    [(garment, option) for garment, options in SHAPE_OPTIONS.items() for option in options],
)
def test_each_choice_draws_its_own_part_and_changes_the_drawing(garment, option):
    drawings = {}
    for value in GARMENT_OPTIONS[garment][option]:
        svg = draw(garment, {option: value})
        assert part_name(option, value) in parts(svg)
        for other in GARMENT_OPTIONS[garment][option]:
            if other != value:
                assert part_name(option, other) not in parts(svg)
        drawings[value] = svg
    assert len(set(drawings.values())) == len(drawings)


@pytest.mark.parametrize(("garment", "option", "value"), list(every_choice()))
def test_each_choice_differs_from_the_default(garment, option, value):
    default = DEFAULTS[garment][option]
    text = "AB"
    base = (
        {"monogram_position": MONOGRAM_POSITIONS[garment][0]} if MONOGRAM_POSITIONS[garment] else {}
    )
    if option == "monogram_position":
        base = {}
    chosen = draw(garment, {**base, option: value}, monogram_text=text)
    plain = draw(garment, {**base, option: default}, monogram_text=text)
    assert (chosen == plain) == (value == default)


def test_french_cuffs_have_cufflinks_and_barrel_cuffs_do_not():
    french = draw("shirt", {"cuff": "french"})
    barrel = draw("shirt", {"cuff": "barrel"})
    assert parts(french).count("cufflink") == 2
    assert "cufflink" not in parts(barrel)


def test_mandarin_collar_has_no_points_and_button_down_has_buttons():
    mandarin = draw("shirt", {"collar": "mandarin"})
    button_down = draw("shirt", {"collar": "button-down"})
    assert "collar-mandarin" in parts(mandarin)

    def collar_circles(svg):
        root = ET.fromstring(svg)
        group = next(el for el in root.iter() if (el.get("data-part") or "").startswith("collar-"))
        return len(list(group.iter(f"{SVG}circle")))

    assert collar_circles(button_down) == collar_circles(mandarin) + 2


def test_double_breasted_has_two_columns_of_buttons():
    def button_columns(buttons):
        root = ET.fromstring(draw("jacket", {"buttons": buttons}))
        group = next(el for el in root.iter() if el.get("data-part") == f"buttons-{buttons}")
        return {circle.get("cx") for circle in group.iter(f"{SVG}circle")}

    assert len(button_columns("double-breasted")) == 2
    assert len(button_columns("two")) == 1
    assert len(button_columns("one")) == 1


def test_back_views_show_pockets_and_vents():
    assert "back-pockets-one" in parts(draw("trousers", {"back_pockets": "one"}))
    assert "back-view" in parts(draw("trousers"))
    assert "vents-single" in parts(draw("jacket", {"vents": "single"}))


def test_unknown_options_and_choices_fall_back_to_the_default():
    default = draw("shirt", {})
    assert draw("shirt", {"collar": "tuxedo", "sleeve": "short", "fit": ""}) == default
    assert part_name("collar", DEFAULTS["shirt"]["collar"]) in parts(default)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("garment", GARMENT_TYPES)
def test_the_colour_is_used_and_lines_are_a_shade_of_it(garment, pattern):
    svg = draw(garment, colour="#A1B2C3", pattern=pattern)
    assert "#a1b2c3" in svg
    if pattern != "solid":
        root = ET.fromstring(svg)
        fills = root.find(f"{SVG}defs").find(f"{SVG}pattern")
        strokes = {el.get("stroke") for el in fills.iter() if el.get("stroke")}
        assert strokes and "#a1b2c3" not in strokes


def test_pattern_ids_are_namespaced_by_the_prefix_and_the_fabric():
    first = draw(pattern="stripe", id_prefix="line-1")
    second = draw(pattern="stripe", id_prefix="line-2")
    other_colour = draw(pattern="stripe", id_prefix="line-1", colour="#ffffff")

    def ids(svg):
        return {el.get("id") for el in ET.fromstring(svg).iter() if el.get("id")}

    assert ids(first) and all(i.startswith("line-1-") for i in ids(first))
    assert not ids(first) & ids(second)
    assert not ids(first) & ids(other_colour)
    for svg in (first, second):
        for reference in re.findall(r"url\(#([^)]+)\)", svg):
            assert reference in ids(svg)


@pytest.mark.parametrize(
    ("garment", "position"),
    [
        (garment, position)
        for garment, positions in MONOGRAM_POSITIONS.items()
        for position in positions
    ],
)
def test_the_monogram_is_escaped_and_drawn_at_its_position(garment, position):
    text = "<script>&'\""
    choices = {"monogram_position": position, "monogram_colour": "gold", "monogram_font": "serif"}
    svg = draw(garment, choices, monogram_text=text)
    assert "<script>" not in svg
    monograms = [el for el in ET.fromstring(svg).iter() if el.get("data-part") == "monogram"]
    assert len(monograms) == 1
    assert monograms[0].text == text
    assert monograms[0].get("data-position") == position
    assert monograms[0].get("fill") == "#c9a227"
    assert "serif" in monograms[0].get("font-family")


@pytest.mark.parametrize("garment", GARMENT_TYPES)
def test_no_monogram_without_a_position_or_text(garment):
    for choices, text in (({"monogram_position": "none"}, "ABC"), ({}, "ABC")):
        assert "monogram" not in parts(draw(garment, choices, monogram_text=text))
    if MONOGRAM_POSITIONS[garment]:
        choices = {"monogram_position": MONOGRAM_POSITIONS[garment][0]}
        assert "monogram" not in parts(draw(garment, choices, monogram_text="  "))


def test_monogram_fonts_differ():
    families = set()
    for font in GARMENT_OPTIONS["shirt"]["monogram_font"]:
        svg = draw(
            "shirt", {"monogram_position": "chest", "monogram_font": font}, monogram_text="A"
        )
        families.add(
            next(el for el in ET.fromstring(svg).iter() if el.get("data-part") == "monogram").get(
                "font-family"
            )
        )
    assert len(families) == 3


def test_monogram_is_cut_to_twelve_characters():
    svg = draw("shirt", {"monogram_position": "chest"}, monogram_text="ABCDEFGHIJKLMNOP")
    monogram = next(el for el in ET.fromstring(svg).iter() if el.get("data-part") == "monogram")
    assert monogram.text == "ABCDEFGHIJKL"


def test_title_and_description():
    svg = draw("jacket", {"lapel": "peak"}, title="Tom's <b>suit</b>")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Tom's <b>suit</b>"
    assert "<b>" not in svg
    desc = root.find(f"{SVG}desc").text
    assert "lapel: peak" in desc and "Suit jacket" in desc and "dark blue" in desc
    assert ET.fromstring(draw("shirt")).find(f"{SVG}title").text == "Dress shirt drawing"


@pytest.mark.parametrize(
    "colour",
    ["red", "#fff", "#12345g", "#1234567", "#123456\n", " #123456", "", None, 123456, "#12345"],
)
def test_an_invalid_colour_is_refused(colour):
    with pytest.raises(ValueError):
        draw(colour=colour)
    with pytest.raises(ValueError):
        swatch_svg(colour=colour, pattern="solid")


@pytest.mark.parametrize("garment", ["", "Shirt", "coat", None])
def test_an_unknown_garment_type_is_refused(garment):
    with pytest.raises(ValueError):
        draw(garment)


@pytest.mark.parametrize("prefix", ["", "G", "a b", 'x"y', "a_b", "é", "a\n", None])
def test_an_invalid_id_prefix_is_refused(prefix):
    with pytest.raises(ValueError):
        draw(id_prefix=prefix)
    with pytest.raises(ValueError):
        swatch_svg(colour=COLOUR, pattern="stripe", id_prefix=prefix)


def test_an_unknown_pattern_is_refused():
    with pytest.raises(ValueError):
        draw(pattern="paisley")


@pytest.mark.parametrize("pattern", PATTERNS)
def test_swatch(pattern):
    svg = swatch_svg(colour="#C0FFEE", pattern=pattern, size=48, id_prefix="pick-3")
    root = ET.fromstring(svg)
    assert root.get("width") == "48" and root.get("viewBox") == "0 0 48 48"
    assert "#c0ffee" in svg
    assert root.find(f"{SVG}title").text.endswith(f"{pattern} fabric")


@pytest.mark.parametrize("size", [0, 7, 5000, 40.0, True, "40"])
def test_swatch_size_must_be_sensible(size):
    with pytest.raises(ValueError):
        swatch_svg(colour=COLOUR, pattern="solid", size=size)


choice_values = st.one_of(
    st.sampled_from(sorted({value for _, _, value in every_choice()})), st.text(max_size=20)
)
choice_maps = st.dictionaries(
    st.one_of(st.sampled_from(sorted({option for _, option, _ in every_choice()})), st.text()),
    choice_values,
)


@given(
    garment=st.sampled_from(GARMENT_TYPES),
    pattern=st.sampled_from(PATTERNS),
    choices=choice_maps,
    monogram_text=st.text(),
    title=st.text(),
)
def test_any_text_and_choices_give_well_formed_xml(garment, pattern, choices, monogram_text, title):
    svg = garment_svg(
        garment_type=garment,
        colour="#336699",
        pattern=pattern,
        choices=choices,
        monogram_text=monogram_text,
        title=title,
    )
    root = ET.fromstring(svg)
    for monogram in (el for el in root.iter() if el.get("data-part") == "monogram"):
        assert len(monogram.text) <= 12


def test_importing_the_drawings_loads_no_django():
    import subprocess
    import sys

    code = "import sys, shop.drawing; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
