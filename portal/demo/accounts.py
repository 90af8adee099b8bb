"""One demo account per role (``accounts.yaml``), with two-factor authentication for staff."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group

from portal.demo.data import load
from portal.models import Audience, Region, User
from portal.roles import PROFESSIONALS

DEMO_PASSWORD = settings.PORTAL_DEMO_PASSWORD

# Staff need two-factor authentication for the admin (portal/mfa.py). The demo staff accounts
# share this fixed TOTP secret (base32 of "Demo-Zweifaktor-2026"), for development only: add it
# to any authenticator app, or print the current code with ``demo_totp_code()``. It stays in
# code, next to the function that uses it, rather than among the demo texts.
DEMO_TOTP_SECRET = "IRSW23ZNLJ3WK2LGMFVXI33SFUZDAMRW"

# email, names, organisation, position, audience and region slugs, group (None: administrator).
ACCOUNTS = load(__file__, "accounts.yaml")["accounts"]


def seed_accounts(log):
    """Create the accounts that do not exist yet; give every staff account its authenticator."""
    for data in ACCOUNTS:
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user is None:
            user = User(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                position=data["position"],
                audience=Audience.objects.get(slug=data["audience"]),
                region=Region.objects.get(slug=data["region"]),
                is_superuser=data["group"] is None,
                is_staff=data["group"] is None,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if data["group"]:
                user.groups.add(Group.objects.get(name=data["group"]))
            log(f"Account: {user.email}")
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if data["group"] != PROFESSIONALS:
            seed_mfa(user, log)


def seed_mfa(user, log):
    """A TOTP authenticator with the demo secret and recovery codes, through allauth's API."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    log(f"Two-factor authentication: {user.email}")


def demo_totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app with the demo secret shows right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
