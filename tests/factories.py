"""Factories for the portal's models: users with verified addresses, vocabulary, pages."""

import time

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from portal.models import (
    Audience,
    ContentPage,
    HomePage,
    Project,
    Provider,
    Region,
    Topic,
    User,
)
from portal.roles import COORDINATORS, PROFESSIONALS, STATE_COORDINATORS, TRAINERS

PASSWORD = "demo-Passwort-2026"


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testthema {n}")
    name_en = factory.Sequence(lambda n: f"Test topic {n}")
    slug = factory.Sequence(lambda n: f"testthema-{n}")


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testarbeitsfeld {n}")
    name_en = factory.Sequence(lambda n: f"Test field {n}")
    slug = factory.Sequence(lambda n: f"testarbeitsfeld-{n}")


class RegionFactory(DjangoModelFactory):
    """A district of an existing federal state (the migration loads Saxony-Anhalt and NRW)."""

    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testkreis {n}")
    slug = factory.Sequence(lambda n: f"testkreis-{n}")
    kind = Region.Kind.DISTRICT
    parent = factory.LazyFunction(lambda: Region.objects.get(slug="sachsen-anhalt"))


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Träger Nummer {n} e. V.")
    short_name = factory.Sequence(lambda n: f"TR{n}")
    kind = Provider.Kind.PROVIDER
    description = "Ein Träger der freien Straffälligenhilfe."


def _add_groups(user, create, names):
    if create and names:
        user.groups.add(*(Group.objects.get(name=name) for name in names))


# Staff need two-factor authentication before the admin (portal/mfa.py). Staff factories give
# them a TOTP authenticator with this secret unless called with ``mfa=False``; a valid code is
# ``totp_code()``.
TOTP_SECRET = "KRSXG5CUN52HAU3FMNZGK5BAIZXXEIDUMVZXI4ZB"


def totp_code(secret=TOTP_SECRET) -> str:
    """The code an authenticator app shows now (waits for the next one in a window's last
    second, so the code is still valid when it arrives)."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 1:
        time.sleep(1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def _add_totp(user, create, extracted, **kwargs):
    if not create or extracted is False:
        return
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
        RecoveryCodes.activate(user)


class UserFactory(DjangoModelFactory):
    """A person with a complete profile and a verified email address.

    ``UserFactory(verified=False)`` or ``UserFactory(unverified=True)`` leaves the address
    unconfirmed; ``groups=[...]`` takes group names.
    """

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(verified=False)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)
    first_name = "Paula"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    organisation = "Freie Straffälligenhilfe Halle"
    position = "Sozialarbeiterin"
    audience = factory.LazyFunction(lambda: Audience.objects.get(slug="bewaehrungshilfe"))
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    language = "de"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.update_or_create(
                user=obj,
                email=obj.email,
                defaults={"primary": True, "verified": extracted is not False},
            )

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        _add_groups(obj, create, extracted)


class ProfessionalFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _add_groups(obj, create, extracted or [PROFESSIONALS])
    )


class TrainerFactory(UserFactory):
    first_name = "Tara"
    position = "Referentin"
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _add_groups(obj, create, extracted or [TRAINERS])
    )
    mfa = factory.PostGeneration(_add_totp)


class CoordinatorFactory(UserFactory):
    first_name = "Kim"
    position = "Koordinatorin"
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _add_groups(obj, create, extracted or [COORDINATORS])
    )
    mfa = factory.PostGeneration(_add_totp)


class StateCoordinatorFactory(UserFactory):
    first_name = "Lale"
    position = "Landeskoordination"
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _add_groups(
            obj, create, extracted or [STATE_COORDINATORS]
        )
    )
    mfa = factory.PostGeneration(_add_totp)


class ProjectFactory(DjangoModelFactory):
    """A project working in the regions given (``regions=[...]``; default: none)."""

    class Meta:
        model = Project
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Modellprojekt {n}")
    slug = factory.Sequence(lambda n: f"modellprojekt-{n}")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.set(extracted)


class AdminFactory(UserFactory):
    first_name = "Ada"
    position = "Administration"
    is_staff = True
    is_superuser = True
    mfa = factory.PostGeneration(_add_totp)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = factory.Sequence(lambda n: f"Startseite {n}")
    lead = "Fortbildungen für die Straffälligenhilfe."


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Inhaltsseite {n}")
    intro = "Eine Seite mit Text."
