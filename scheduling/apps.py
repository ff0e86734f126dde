from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the planning tasks in every process, so that a task sent by name from
        # a lower layer (orders) runs eagerly where there is no broker.
        from scheduling import tasks  # noqa: F401
