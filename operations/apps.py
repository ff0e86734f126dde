from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations: throughput figures read from the unit events, the demo scenario and
    the load kit. Sits on top of every other app and writes nothing of its own."""

    name = "operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"
