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
    # The dashboard's pagination, bulk selection, category list, option form and offer list.
    gettext_noop(
        "\n                        Page %(page_num)s of %(total_pages)s\n                    "
    ),
    gettext_noop(
        '<span class="selected-records">0</span> of '
        '<span class="page-records-count">%(count)s</span> selected'
    ),
    gettext_noop("With selected categories:"),
    gettext_noop("Make public"),
    gettext_noop("Make non-public"),
    gettext_noop("Search Categories"),
    gettext_noop("Is this option required?"),
    gettext_noop("All Offers"),
    gettext_noop("Has vouchers?"),
    gettext_noop("Offer type"),
    # The wish list form's sharing section and the dashboard's voucher lists.
    gettext_noop("Share wishlist"),
    gettext_noop(
        "If you want to share your wishlist with others, you can add their email addresses "
        "below. The visibility must be set to shared in order for this to work."
    ),
    gettext_noop("Voucher Search Results"),
    gettext_noop("No voucher sets found."),
    gettext_noop("In voucher set?"),
    gettext_noop("In a set"),
    gettext_noop("Not in a set"),
    # The label over the search results of the dashboard's order, offer and voucher lists,
    # which Oscar writes as plain text (put through the catalogue by config.template_loaders).
    gettext_noop("Filters:"),
    # The demo's shipping country, as Oscar prints it (shop.apps.countries_named_in_language).
    gettext_noop("China"),
)
