"""Oscar's shipping models, unchanged: the app is forked only for its repository."""

from oscar.apps.shipping.models import *  # noqa: F403
