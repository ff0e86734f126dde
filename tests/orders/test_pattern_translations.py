"""Every string of the pattern pages and of the drafting errors and warnings has its
Simplified Chinese in the catalogue, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def msgids() -> set[str]:
    found: set[str] = set()
    for path in [ROOT / "orders" / "cutting.py", *(ROOT / "orders" / "dashboard").glob("*.py")]:
        text = path.read_text()
        for match in re.finditer(r'(?<![A-Za-z])(?:_|gettext_lazy)\(\s*((?:"[^"]*"\s*)+)', text):
            found.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
    for path in (ROOT / "templates" / "orders" / "dashboard").glob("*.html"):
        text = path.read_text()
        found.update(re.findall(r'\{% trans "([^"]*)"', text))
        found.update(re.findall(r"\{% trans '([^']*)'", text))
        for body in re.findall(r"\{% blocktrans[^%]*%\}(.*?)\{% endblocktrans %\}", text, re.S):
            for part in body.split("{% plural %}"):
                found.add(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", part))
    return found


def test_pattern_strings_are_in_chinese() -> None:
    with (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = {}
        for message in read_po(po):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                catalogue[msgid] = strings[0]
    wanted = msgids()
    assert len(wanted) > 50
    missing = sorted(m for m in wanted if not catalogue.get(m))
    assert missing == []
    for msgid in wanted:
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(catalogue[msgid]))
