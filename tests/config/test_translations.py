"""The compiled Simplified Chinese catalogue matches its source."""

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.services import ROOT

LC = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_compiled_catalogue_is_up_to_date_with_the_source() -> None:
    with (LC / "django.po").open("rb") as po, (LC / "django.mo").open("rb") as mo:
        source = {m.id: m.string for m in read_po(po) if m.id}
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}

    assert compiled == source, "run `make messages` after editing django.po"


def test_every_message_is_translated() -> None:
    with (LC / "django.po").open("rb") as po:
        missing = [m.id for m in read_po(po) if m.id and not m.string]

    assert missing == []
