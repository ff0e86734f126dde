"""Extract the platform's strings into the Simplified Chinese catalogue (``make messages``).

Django's own ``makemessages`` merges with ``msgmerge --previous`` and fuzzy matching:
a new string then inherits the translation of a similar old one, marked fuzzy with the
old msgid beside it, and once the mark is dropped by hand the wrong Chinese ships. Here
a new string always arrives with an empty msgstr (which the catalogue test refuses until
it is translated) and a string no longer in the code is dropped.
"""

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.commands import makemessages

IGNORED = ["tests/*", "var/*", "staticfiles/*", "docker/*", "c2m.egg-info/*"]


class Command(makemessages.Command):
    help = "Update locale/zh_Hans from the code and templates (no fuzzy matching)."
    msgmerge_options = ["-q", "--backup=none", "--update", "--no-fuzzy-matching"]

    def handle(self, *args: Any, **options: Any) -> None:
        options.update(
            locale=["zh_Hans"],
            domain="django",
            no_obsolete=True,
            ignore_patterns=[*options.get("ignore_patterns", []), *IGNORED],
        )
        super().handle(*args, **options)
        # The extraction time changes at every run and would only make merges conflict.
        po = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
        po.write_text(re.sub(r'"POT-Creation-Date: [^"]*"\n', "", po.read_text(), count=1))
