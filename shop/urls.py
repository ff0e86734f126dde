"""Storefront pages of our own; they come before Oscar's in config/urls.py."""

app_name = "shop"

urlpatterns: list = []
