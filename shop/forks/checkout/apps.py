import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with card payment through Stripe (see views.py)."""

    name = "shop.forks.checkout"
