default_app_config = "shop.forks.partner.apps.PartnerConfig"
