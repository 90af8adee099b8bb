"""Load the demo content. Safe to run again: what exists is left alone."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import ACCOUNTS, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Create demo pages, organisations and one account per role (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            # Each app may ship a `demo` module with a `seed(log)` function; the portal first,
            # then the apps that build on it, in the order of INSTALLED_APPS.
            for app_config in apps.get_app_configs():
                if app_config.name not in {"portal", "courses", "workshops", "needs_analysis"}:
                    continue
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(log=self._log)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo accounts (password: {settings.PORTAL_DEMO_PASSWORD}):")
        for account in ACCOUNTS:
            role = account["group"] or "Administration"
            self.stdout.write(f"  {account['email']:<28} {role}")
        self.stdout.write(
            "Staff accounts (all but fachkraft@) ask for a two-factor code after the password.\n"
            f"  TOTP secret (development only): {DEMO_TOTP_SECRET}\n"
            "  Add it to an authenticator app, or print the current code with:\n"
            '  python manage.py shell -c "from portal.demo import demo_totp_code; '
            'print(demo_totp_code())"'
        )

    def _log(self, message):
        self.stdout.write(f"  {message}")
