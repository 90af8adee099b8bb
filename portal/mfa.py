"""Two-factor authentication (allauth MFA) is required for staff before they reach the admin.

Staff are trainers, coordinators, administrators and anyone else the admin lets in. Without an
active TOTP authenticator they are sent to allauth's activation page (which also creates their
recovery codes); professionals may turn it on voluntarily under "Konto".
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


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    """Send staff without a TOTP authenticator from the admin to allauth's activation page.

    Place it after ``AuthenticationMiddleware`` and ``MessageMiddleware``. Logging out of the
    admin stays possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request) and requires_mfa(request.user) and not has_totp(request.user):
            messages.warning(request, SETUP_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _guards(self, request) -> bool:
        if not request.user.is_authenticated:
            return False
        admin_root = reverse("wagtailadmin_home")
        if not request.path_info.startswith(admin_root):
            return False
        exempt = (reverse("wagtailadmin_logout"), f"{admin_root}login/")
        return request.path_info not in exempt
