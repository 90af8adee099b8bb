"""allauth customised for the platform: signups become professionals, mail goes out after commit,
and people with an incomplete profile are sent to complete it."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from portal.mail import send_after_commit
from portal.roles import PROFESSIONALS


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
