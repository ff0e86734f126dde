from django.apps import AppConfig


class FactoryConfig(AppConfig):
    name = "factory"
    default_auto_field = "django.db.models.BigAutoField"
