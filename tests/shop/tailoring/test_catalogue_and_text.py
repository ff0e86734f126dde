import ast
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.functional import Promise

from shop.tailoring.choices import FIT_LABELS, GARMENT_TYPE_LABELS, garment_type_choices
from shop.tailoring.errors import MESSAGES, MeasurementError, TailoringError
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS, measurements_for
from shop.tailoring.validation import measurements_validate
from shop.tailoring.zh_hans import ZH_HANS

PACKAGE = Path(__file__).resolve().parents[3] / "shop" / "tailoring"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_measurement_counts_per_garment():
    assert len(GARMENT_MEASUREMENTS["shirt"]) == 10
    assert len(GARMENT_MEASUREMENTS["trousers"]) == 9
    assert len(GARMENT_MEASUREMENTS["jacket"]) == 12
    used = {code for codes in GARMENT_MEASUREMENTS.values() for code in codes}
    assert used == set(MEASUREMENTS)
    assert [m.code for m in measurements_for(garment_type="shirt")] == list(
        GARMENT_MEASUREMENTS["shirt"]
    )


@pytest.mark.parametrize("code", sorted(MEASUREMENTS))
def test_measurement_entry(code):
    measurement = MEASUREMENTS[code]
    assert measurement.code == code
    assert measurement.unit == "cm"
    assert measurement.step == Decimal("0.5")
    assert Decimal(0) < measurement.minimum < measurement.maximum
    for bound in (measurement.minimum, measurement.maximum):
        assert bound % Decimal("0.5") == 0
    for text in (measurement.name, measurement.definition, measurement.how_to):
        assert isinstance(text, Promise)


@pytest.mark.parametrize("code", sorted(MEASUREMENTS))
def test_diagram_is_small_valid_svg_with_a_tape(code):
    svg = MEASUREMENTS[code].diagram_svg
    assert len(svg) < 1000
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    groups = root.findall("{http://www.w3.org/2000/svg}g")
    assert len(groups) == 2
    assert len(list(groups[1])) == 1  # the tape


def test_diagrams_differ():
    assert len({m.diagram_svg for m in MEASUREMENTS.values()}) == len(MEASUREMENTS)


def _msgids():
    found = set()
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                assert len(node.args) == 1 and isinstance(node.args[0], ast.Constant), path
                found.add(node.args[0].value)
    return found


def test_every_string_has_simplified_chinese_and_nothing_else_is_there():
    msgids = _msgids()
    assert len(msgids) > 100
    assert msgids == set(ZH_HANS)


@pytest.mark.parametrize("msgid", sorted(ZH_HANS))
def test_translation_keeps_placeholders(msgid):
    msgstr = ZH_HANS[msgid]
    assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr))
    assert re.search(r"[\u4e00-\u9fff]", msgstr)


def test_labels_are_lazy():
    assert all(isinstance(label, Promise) for label in GARMENT_TYPE_LABELS.values())
    assert all(isinstance(label, Promise) for label in FIT_LABELS.values())
    assert [value for value, _ in garment_type_choices()] == ["shirt", "trousers", "jacket"]


def test_unknown_error_code_is_refused():
    with pytest.raises(KeyError):
        MeasurementError("no_such_code")
    with pytest.raises(KeyError):
        TailoringError("no_such_code")


def test_import_needs_no_settings():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import importlib, pkgutil, shop.tailoring as p\n"
        "for m in pkgutil.iter_modules(p.__path__):\n"
        "    importlib.import_module('shop.tailoring.' + m.name)\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, cwd=PACKAGE.parents[1], timeout=60
    )


@pytest.fixture
def english(monkeypatch):
    """English text; without a ready app registry, Django's no-translation functions."""
    from django.apps import apps
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import trans_null

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(USE_I18N=False)
    if not apps.ready:
        monkeypatch.setattr(translation, "_trans", trans_null)
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_messages_format_with_their_params():
    values = {
        "height": "175",
        "neck": "40",
        "chest": "96",
        "waist": "150",
        "hip": "98",
        "shoulder_width": "46",
        "sleeve_length": "63",
        "shirt_length": "78",
        "bicep": "31",
        "wrist": "40",
    }
    _, errors = measurements_validate(garment_type="shirt", values=values, sex="male")
    assert errors["wrist"][0].text() == "Enter a value between 11 cm and 30 cm."
    assert errors["waist"][0].text() == (
        "A waist of 150.0 cm is unlikely with a chest of 96.0 cm "
        "(expected 48.0–144.0 cm). Please measure again."
    )
    error = errors["wrist"][0].as_validation_error()
    assert error.code == "out_of_range"
    assert error.params["maximum"] == Decimal(30)


@pytest.mark.usefixtures("english")
def test_every_message_formats():
    for code, message in MESSAGES.items():
        params = {name: "1" for name in PLACEHOLDER.findall(str(message))}
        assert "%(" not in MeasurementError(code, params).text(), code
