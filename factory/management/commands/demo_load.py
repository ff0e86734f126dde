"""`manage.py demo_load`: the whole demo (catalogue, logins, factories). It lives in the
factory app because it loads factories too, and factory sits above the shop."""

from django.core.management.base import BaseCommand

from factory.services import demo_factories_load
from shop.demo import demo_catalogue_load, demo_countries_load, demo_users_load


class Command(BaseCommand):
    help = "Load the demo catalogue and the demo logins (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        products = demo_catalogue_load()
        demo_countries_load()
        logins = demo_users_load()
        factories = demo_factories_load()
        self.stdout.write(
            f"Demo data ready: {products} garment styles, {factories} factories, "
            f"{len(logins)} logins."
        )
