"""The user model: email is the login, the professional profile lives on the user."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: professional, trainer, coordinator or administrator.

    The role is the group (Fachkräfte, Referent*innen, Koordination); administrators are
    superusers. The profile fields say where somebody works, which the catalogue, eligibility
    and the needs analysis use.
    """

    PROFILE_FIELDS = ("first_name", "last_name", "organisation", "audience", "region", "position")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    organisation = models.CharField(
        _("organisation"), max_length=255, blank=True, help_text=_("Employer or provider.")
    )
    position = models.CharField(
        _("position"), max_length=255, blank=True, help_text=_("For example “social worker”.")
    )
    audience = models.ForeignKey(
        "portal.Audience",
        verbose_name=_("field of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where you mainly work."),
    )

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")
        NOT_STATED = "none", _("prefer not to say")

    # Voluntary and self-declared; asked only where a funder requires it and the settings
    # switch it on (SiteSettings.ask_gender). Reports show it only as counts of three or more.
    gender = models.CharField(
        _("gender (voluntary)"), max_length=10, choices=Gender.choices, blank=True
    )
    language = models.CharField(
        _("language for emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="de",
    )
    # When the account was warned that it will be deleted for inactivity (portal.retention);
    # set once per warning by a conditional UPDATE, cleared when the person logs in again.
    retention_warning_sent_at = models.DateTimeField(
        _("deletion warning sent"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def profile_complete(self) -> bool:
        return not self.missing_profile_fields()

    def missing_profile_fields(self) -> list[str]:
        return [
            str(self._meta.get_field(field).verbose_name)
            for field in self.PROFILE_FIELDS
            if not getattr(self, self._meta.get_field(field).attname)
        ]
