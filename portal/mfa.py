"""Two-factor authentication (allauth MFA) is required for staff, by person and not by path.

Staff are trainers, coordinators, administrators and anyone else the admin lets in. A second
factor is an authenticator app (TOTP) or a security key / passkey (WebAuthn); recovery codes
alone are not one. Without a second factor a staff member has no staff capability anywhere:

- ``courses.access`` (the one access policy) answers False to every coordinator and trainer
  check for them (``staff_verified``), so certificates of others, participant-only and internal
  documents, results and exports stay closed on the site as well;
- ``StaffMFAMiddleware`` sends them from the admin to allauth's two-factor page, where they set
  one up (an authenticator app also creates their recovery codes).

Professionals may turn it on voluntarily under "Konto".
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.roles import is_coordinator, is_trainer

SETUP_MESSAGE = _(
    "Please set up two-factor authentication first: trainers, coordinators and administrators "
    "need it for the administration. Afterwards, open the administration again."
)


def requires_mfa(user) -> bool:
    """Whether ``user`` must have two-factor authentication before using the admin."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or is_trainer(user)
        or is_coordinator(user)
        or user.has_perm("wagtailadmin.access_admin")
    )


SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def verified_user_ids():
    """Ids of the people with a second factor (a subquery): who can open the admin."""
    return Authenticator.objects.filter(type__in=SECOND_FACTORS).values("user_id")


def has_second_factor(user) -> bool:
    """An authenticator app or a security key (passkey); kept on the user for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_second_factor"):
        user._has_second_factor = Authenticator.objects.filter(
            user=user, type__in=SECOND_FACTORS
        ).exists()
    return user._has_second_factor


def staff_verified(user) -> bool:
    """Whether ``user`` may use staff capabilities now: not staff, or staff with a second factor.

    ``courses.access`` asks this before any coordinator or trainer answer; anything that is
    not a request-time capability (notification recipients, choices of trainers) asks the roles
    in ``portal.roles`` directly.
    """
    return has_second_factor(user) or not requires_mfa(user)


class StaffMFAMiddleware:
    """Send staff without a second factor from the admin to allauth's two-factor page.

    Place it after ``AuthenticationMiddleware`` and ``MessageMiddleware``. Logging out of the
    admin stays possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request) and not staff_verified(request.user):
            messages.warning(request, SETUP_MESSAGE)
            return redirect("mfa_index")
        return self.get_response(request)

    def _guards(self, request) -> bool:
        if not request.user.is_authenticated:
            return False
        admin_root = reverse("wagtailadmin_home")
        if not request.path_info.startswith(admin_root):
            return False
        exempt = (reverse("wagtailadmin_logout"), f"{admin_root}login/")
        return request.path_info not in exempt
