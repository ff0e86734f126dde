from django.apps import AppConfig
from django.db.models.signals import post_migrate

from shop.site import site_sync


class ShopConfig(AppConfig):
    verbose_name = "Shop"
    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The web entrypoint migrates at every start, so a changed SITE_DOMAIN is in
        # the links of the next mail.
        post_migrate.connect(site_sync, sender=self, dispatch_uid="shop.site_sync")
