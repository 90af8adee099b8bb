"""allauth customised for the platform: signups become professionals, mail goes out after commit,
people with an incomplete profile are sent to complete it, and failed logins lock an address only
for the IP address they came from."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.ratelimit import get_ip
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from portal.mail import absolute_url, base_url, send_after_commit, site_name
from portal.roles import PROFESSIONALS


def public_site() -> SimpleNamespace:
    """What allauth's templates expect of ``current_site``: the platform's ``name`` (site
    settings) and ``domain`` (host and port of ``PORTAL_BASE_URL``)."""
    return SimpleNamespace(name=site_name(), domain=urlsplit(base_url()).netloc)


def on_public_address(url: str) -> str:
    """An absolute link of this site moved onto ``PORTAL_BASE_URL``; other text unchanged."""
    parts = urlsplit(url)
    if not (parts.scheme in ("http", "https") and parts.netloc):
        return url
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (translation.get_language() or "de")[:2]
        if commit:
            user.save()
            group, _created = Group.objects.get_or_create(name=PROFESSIONALS)
            user.groups.add(group)
        return user

    def send_mail(self, template_prefix, email, context):
        """allauth's mails, after commit, with the platform's name and public address.

        allauth builds its links (``activate_url``, ``password_reset_url``, ``signup_url``)
        from the address of the request. They are moved onto ``PORTAL_BASE_URL``, as every
        other link the platform mails: a mail never carries a host name taken from a request
        header, and all mails agree. (Whoever signs up on another of the allowed host names
        confirms on the public address and logs in there.) ``current_site`` gives allauth's
        templates the site name ("Hello from …", "Thank you for using …") and domain.
        """
        context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": public_site(),
        }
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str):
                context[key] = on_public_address(value)
        message = self.render_mail(template_prefix, email, context)
        send_after_commit(message)

    def get_signup_redirect_url(self, request):
        # A new account has no profile yet. allauth fixes this URL at signup, while the person
        # is still anonymous, and follows it after the address is confirmed.
        return reverse("portal:profile")

    def get_login_redirect_url(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.profile_complete
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            return reverse("portal:profile")
        return super().get_login_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of the per-key part of the ``login_failed`` rate limit: address *and* IP.

        allauth keys it by the address alone, so five wrong passwords from anywhere lock the
        person out everywhere: anybody could lock a trainer out before a training. Keyed by
        address and IP address (IPv6 by its /64 network, as allauth's per-IP limits), the lock
        holds only where the failures came from; the per-IP part of ``login_failed`` (and of
        ``login``) still limits each IP address over all accounts. A successful password reset
        clears the lock for the IP address it is completed from.
        """
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
