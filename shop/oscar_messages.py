"""Strings of Oscar's that its own Simplified Chinese catalogue leaves untranslated or
half in English. Listed here so that ``make messages`` puts them in ours, which Django
reads before Oscar's; nothing calls this module."""

from django.utils.translation import gettext_noop

OSCAR_MESSAGES = (
    gettext_noop(
        "Forgotten your password? Enter your e-mail address below, and we'll e-mail "
        "instructions for setting a new one."
    ),
    gettext_noop("Make products public"),
    gettext_noop("Make products non-public"),
    gettext_noop("Update product prices"),
    gettext_noop("choose action"),
)
