default_app_config = "shop.forks.checkout.apps.CheckoutConfig"
