from django.core.management.base import BaseCommand

from factory.services import demo_factories_load


class Command(BaseCommand):
    help = "Load the demo factories, their calendars and the standard minutes (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        factories = demo_factories_load()
        self.stdout.write(f"Demo factories ready: {factories}.")
