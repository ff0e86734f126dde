default_app_config = "shop.forks.shipping.apps.ShippingConfig"
