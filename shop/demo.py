"""Demo data for ``make run``: a small catalogue of garment styles and three logins.

Idempotent: running it twice leaves one copy of everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = (
    DemoLogin(role="customer", email="customer@c2m.example", password="customer-demo"),
    DemoLogin(role="factory", email="factory@c2m.example", password="factory-demo"),
    DemoLogin(role="staff", email="staff@c2m.example", password="staff-demo"),
)

FACTORY_GROUP = "Factory users"

# (product class, category, title, UPC, base price in CNY)
DEMO_STYLES = (
    ("Dress shirt", "Shirts", "Oxford dress shirt", "SHIRT-OXF", Decimal("399.00")),
    ("Dress shirt", "Shirts", "Poplin business shirt", "SHIRT-POP", Decimal("459.00")),
    ("Trousers", "Trousers", "Flat-front suit trousers", "TRS-FLAT", Decimal("499.00")),
    ("Suit jacket", "Jackets", "Two-button suit jacket", "JKT-2BTN", Decimal("1599.00")),
)


@transaction.atomic
def demo_catalogue_load() -> int:
    """Create the demo garment styles; returns how many products exist afterwards."""
    product_class_model = apps.get_model("catalogue", "ProductClass")
    product_model = apps.get_model("catalogue", "Product")
    category_model = apps.get_model("catalogue", "Category")
    product_category_model = apps.get_model("catalogue", "ProductCategory")
    partner_model = apps.get_model("partner", "Partner")
    stock_record_model = apps.get_model("partner", "StockRecord")

    partner, _ = partner_model.objects.get_or_create(
        code="c2m-network", defaults={"name": "C2M factory network"}
    )
    categories: dict[str, object] = {}
    for class_name, category_name, title, upc, price in DEMO_STYLES:
        product_class, _ = product_class_model.objects.get_or_create(
            name=class_name, defaults={"requires_shipping": True, "track_stock": False}
        )
        if category_name not in categories:
            existing = category_model.objects.filter(name=category_name).first()
            categories[category_name] = existing or category_model.add_root(name=category_name)
        product, created = product_model.objects.get_or_create(
            upc=upc,
            defaults={
                "title": title,
                "product_class": product_class,
                "structure": "standalone",
                "is_public": True,
            },
        )
        if created:
            product_category_model.objects.create(
                product=product, category=categories[category_name]
            )
        stock_record_model.objects.update_or_create(
            product=product,
            partner=partner,
            defaults={"partner_sku": upc, "price_currency": "CNY", "price": price},
        )
    return product_model.objects.count()


@transaction.atomic
def demo_users_load() -> tuple[DemoLogin, ...]:
    """Create (or reset the passwords of) the demo customer, factory user and staff user."""
    user_model = get_user_model()
    factory_group, _ = Group.objects.get_or_create(name=FACTORY_GROUP)
    for login in DEMO_LOGINS:
        user = user_model.objects.filter(email=login.email).first()
        if user is None:
            user = user_model(username=login.email[:30], email=login.email)
        user.is_staff = login.role == "staff"
        user.is_superuser = login.role == "staff"
        user.first_name = login.role.capitalize()
        user.last_name = "Demo"
        user.set_password(login.password)
        user.save()
        if login.role == "factory":
            user.groups.add(factory_group)
    return DEMO_LOGINS
