"""Every translatable string of the factory app has its Simplified Chinese.

The factory floor (``factory/floor``) keeps its Chinese in the catalogue only, which
``tests/config/test_translations.py`` checks for every string of the code."""

from __future__ import annotations

import re
from pathlib import Path

from factory.zh_hans import ZH_HANS

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def msgids() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "factory").rglob("*.py"):
        if "migrations" in path.parts or "floor" in path.parts or path.name == "zh_hans.py":
            continue
        for match in re.finditer(r'_\(\s*((?:"[^"]*"\s*)+)', path.read_text()):
            found.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
    for path in (ROOT / "templates" / "factory").rglob("*.html"):
        text = path.read_text()
        found.update(re.findall(r'\{% trans "([^"]*)"', text))
        found.update(re.findall(r"\{% trans '([^']*)'", text))
        for body in re.findall(r"\{% blocktrans[^%]*%\}(.*?)\{% endblocktrans %\}", text):
            found.add(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", body))
    return found


def test_every_msgid_has_chinese_with_the_same_placeholders() -> None:
    missing = msgids() - set(ZH_HANS)
    assert not missing
    for msgid, msgstr in ZH_HANS.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
