"""The Simplified Chinese catalogue: complete, current, compiled, and trustworthy.

A fuzzy match (an entry that inherited the translation of a similar older string) is what
put the site's tagline on "Released to the factory" and 配送 on both "Shipped" and
"Delivered"; these tests refuse every trace of one.
"""

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.services import ROOT

LC = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC / "django.po"

# Different English strings that rightly read the same in Chinese. (Strings that differ
# only in capitals or in the plural, which Chinese does not mark, need no entry.)
SHARED_ON_PURPOSE = {
    frozenset({"cut", "cutting"}): "裁剪",
    frozenset({"quality check", "quality control"}): "质检",
    frozenset({"state", "status"}): "状态",
    frozenset({"fabric", "shell fabric"}): "面料",
    frozenset({"qty", "quantity"}): "数量",
    frozenset({"garment length", "length"}): "衣长",  # "Length" on a ticket is the garment's
    frozenset({"carrier", "shipped with"}): "承运商",
    frozenset({"pass", "passed"}): "合格",  # a QC result, as a button and as a state
    frozenset({"day", "date"}): "日期",  # a table's first column
}


def same_words(msgid: str) -> str:
    """A msgid lower-cased, its last word in the singular: "Work centres" -> "work centre"."""
    words = msgid.lower().split(" ")
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us")):
        last = last[:-1]
    return " ".join([*words[:-1], last])


# %(name)s, %s, %d, %%, and {name} placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|%%|\{\w*\}")


def messages() -> list:
    with PO.open("rb") as po:
        return [m for m in read_po(po) if m.id]


def strings(value: str | tuple) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def test_compiled_catalogue_is_up_to_date_with_the_source() -> None:
    with PO.open("rb") as po, (LC / "django.mo").open("rb") as mo:
        source = {(m.context, m.id): m.string for m in read_po(po) if m.id}
        compiled = {(m.context, m.id): m.string for m in read_mo(mo) if m.id}

    assert compiled == source, "run `make messages` after editing django.po"


def test_every_message_is_translated() -> None:
    missing = [m.id for m in messages() if not all(strings(m.string))]

    assert missing == []


def test_no_fuzzy_entry_and_no_previous_msgid() -> None:
    fuzzy = [m.id for m in messages() if m.fuzzy]
    previous = [m.id for m in messages() if m.previous_id]
    # A previous msgid that lost its "#|" mark survives as a comment "# | msgid ...".
    mangled = [m.id for m in messages() if any(c.lstrip().startswith("|") for c in m.user_comments)]
    raw = [line for line in PO.read_text().splitlines() if line.startswith(("#|", "#, fuzzy"))]

    assert (fuzzy, previous, mangled, raw) == ([], [], [], [])


def test_two_different_strings_share_a_translation_only_on_purpose() -> None:
    by_string: dict[str, set[str]] = collections.defaultdict(set)
    for message in messages():
        for msgid, msgstr in zip(strings(message.id), strings(message.string), strict=False):
            by_string[msgstr].add(msgid)
    shared = {
        msgstr: sorted(ids)
        for msgstr, ids in by_string.items()
        if len({same_words(msgid) for msgid in ids}) > 1
        and SHARED_ON_PURPOSE.get(frozenset(same_words(msgid) for msgid in ids)) != msgstr
    }

    assert shared == {}


def test_placeholders_match() -> None:
    wrong = []
    for message in messages():
        wanted = sorted(PLACEHOLDER.findall(strings(message.id)[-1]))
        for msgstr in strings(message.string):
            if sorted(PLACEHOLDER.findall(msgstr)) != wanted:
                wrong.append((message.id, msgstr))

    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_msgfmt_check_passes() -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )

    assert (result.returncode, "error" in result.stderr) == (0, False), result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_catalogue_holds_exactly_the_strings_of_the_code(tmp_path: Path) -> None:
    """`make messages` run on a copy of the code changes nothing: every string of the
    code is in the catalogue (translated, by the tests above) and no stale one is left."""
    for name in [
        "config",
        "shop",
        "orders",
        "factory",
        "scheduling",
        "operations",
        "templates",
        "locale",
    ]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "messages_update", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    with (tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").open("rb") as po:
        updated = {(m.context, m.id): m.string for m in read_po(po) if m.id}
    current = {(m.context, m.id): m.string for m in messages()}

    assert sorted(set(updated) - set(current)) == [], "new strings: run `make messages`"
    assert sorted(set(current) - set(updated)) == [], "stale strings: run `make messages`"


# The platform's staff, named one way for each audience: staff pages call them what the
# operations pages are called (运营: "Operations"); a customer reads of our customer
# service (strings with a context ending "to the customer").
STAFF_TERM = {"staff": "运营人员", "customer": "客服"}
# Other words once used for the same people.
OTHER_STAFF_TERMS = ("工作人员", "员工")


def test_the_platform_s_staff_have_one_name_for_each_audience() -> None:
    wrong = []
    for message in messages():
        audience = "customer" if (message.context or "").endswith("to the customer") else "staff"
        other_audience = "staff" if audience == "customer" else "customer"
        for msgid, msgstr in zip(strings(message.id), strings(message.string), strict=False):
            names_staff = re.search(r"\bstaff\b", msgid, re.IGNORECASE) is not None
            if (
                (names_staff and STAFF_TERM[audience] not in msgstr)
                or STAFF_TERM[other_audience] in msgstr
                or any(term in msgstr for term in OTHER_STAFF_TERMS)
            ):
                wrong.append((audience, msgid, msgstr))

    assert wrong == []
