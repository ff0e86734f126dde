from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloorApiConfig(AppConfig):
    name = "factory.floor.api"
    label = "floor_api"
    verbose_name = _("Factory API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular (an OpenAPI extension).
        from factory.floor.api import authentication  # noqa: F401
