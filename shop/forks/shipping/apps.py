import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping with our two delivery methods (see repository.py)."""

    name = "shop.forks.shipping"
