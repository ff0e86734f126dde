from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloorConfig(AppConfig):
    """The factory floor: the factory's portal, tickets, scans, QC, packing and shipping."""

    name = "factory.floor"
    label = "floor"
    verbose_name = _("Factory floor")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factory.floor.notes import floor_notes_add

        floor_notes_add()
