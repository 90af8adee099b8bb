"""Load the demo content. Safe to run again: what exists is left alone.

The content itself is data in each app's ``demo/`` folder; the apps' seeders (hook
``register_demo_seeder``) turn it into objects through the real services.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from portal import mail
from portal.demo import ACCOUNTS, DEMO_TOTP_SECRET
from portal.hooks import DEMO_SEEDERS


class Command(BaseCommand):
    help = "Create demo pages, organisations and one account per role (idempotent)."

    def handle(self, *args, **options):
        # Demo content mails nobody. ``suppressed`` encloses the transaction, so it is still on
        # when the mails queued during seeding would be sent, after the commit.
        with mail.suppressed(), transaction.atomic():
            # Each app registers its seeder with the hook ``register_demo_seeder``; the
            # ``order`` puts the portal first and the apps that build on it after it.
            for seed in hooks.get_hooks(DEMO_SEEDERS):
                seed(log=self._log)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo accounts (password: {settings.PORTAL_DEMO_PASSWORD}):")
        for account in ACCOUNTS:
            role = account["group"] or "Administration"
            self.stdout.write(f"  {account['email']:<36} {role}")
        self.stdout.write(
            "Staff accounts (all but fachkraft@) ask for a two-factor code after the password.\n"
            f"  TOTP secret (development only): {DEMO_TOTP_SECRET}\n"
            "  Add it to an authenticator app, or print the current code with:\n"
            '  python manage.py shell -c "from portal.demo import demo_totp_code; '
            'print(demo_totp_code())"'
        )

    def _log(self, message):
        self.stdout.write(f"  {message}")
