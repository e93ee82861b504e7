from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hromada.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from hromada.accounts.enums import Role


class Command(BaseCommand):
    help = "Create the demo data (demo mode only). Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo is refused: DEMO_MODE is off. Demo data and demo logins exist only "
                "in demo mode (make run switches it on)."
            )
        from hromada.portal.demo import seed_demo

        for line in seed_demo():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {Role(account.role).label!s:<28} {account.email}")
        self.stdout.write("Or sign in with one click at /demo/accounts/")
