"""`manage.py demo_load`: the whole demo (catalogue, logins, factories, and the demo
orders released to the factory floor). It lives in the factory app because it loads
factories too, and factory sits above the shop; the floor's part, above it, is called by
its command's name."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from factory.services import demo_factories_load
from shop.demo import demo_catalogue_load, demo_countries_load, demo_users_load


class Command(BaseCommand):
    help = "Load the demo catalogue and the demo logins (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-floor",
            action="store_true",
            help="leave out the demo orders released to the factory (demo_floor_load)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        products = demo_catalogue_load()
        demo_countries_load()
        logins = demo_users_load()
        factories = demo_factories_load()
        self.stdout.write(
            f"Demo data ready: {products} garment styles, {factories} factories, "
            f"{len(logins)} logins."
        )
        if not options["no_floor"]:
            call_command("demo_floor_load", stdout=self.stdout)
