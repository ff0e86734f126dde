"""`manage.py demo_floor_load`: the demo customer's paid shirts, released to Hanzhong."""

from django.core.management.base import BaseCommand

from factory.floor.demo import demo_production_load


class Command(BaseCommand):
    help = "Pay, route, plan and release the demo orders (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        count = demo_production_load()
        self.stdout.write(f"Demo production ready: {count} work orders at the demo factory.")
