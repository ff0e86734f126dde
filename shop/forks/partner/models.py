"""Oscar's partner models, unchanged: the app is forked only for its pricing strategy."""

from oscar.apps.partner.models import *  # noqa: F403
