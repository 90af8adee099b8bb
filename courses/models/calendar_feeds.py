"""The secret address of a person's calendar feed ("Kalender-Abo")."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    """43 URL-safe characters (256 bits): the address is the only key, so it must not be
    guessable."""
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The token in the address of a person's personal calendar feed.

    Calendar clients cannot log in, so whoever knows the address sees the feed: it is a secret
    like a password. One per person; renewing replaces it (the old address stops working),
    revoking deletes it. Created, renewed and revoked only through
    ``courses.services.calendar_feed``; deleted with the account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"
