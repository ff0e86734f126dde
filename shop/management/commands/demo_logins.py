from django.core.management.base import BaseCommand

from shop.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write("\nDemo logins (email / password):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role:<9} {login.email:<24} {login.password}")
        self.stdout.write(
            "  Factory portal: /zh-hans/factory/  (the factory login lands there after "
            "signing in at /en/accounts/login/; English at /en/factory/)"
        )
        self.stdout.write(
            "  Staff dashboard: /en/dashboard/  (planning board: /en/dashboard/planning/)"
        )
