from django.apps import AppConfig


class ShopConfig(AppConfig):
    verbose_name = "Shop"
    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"
