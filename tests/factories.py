"""Factories for the portal's models: users with verified addresses, vocabulary, pages."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from portal.models import Audience, ContentPage, HomePage, Provider, Region, Topic, User
from portal.roles import COORDINATORS, PROFESSIONALS, TRAINERS

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


class CoordinatorFactory(UserFactory):
    first_name = "Kim"
    position = "Koordinatorin"
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _add_groups(obj, create, extracted or [COORDINATORS])
    )


class AdminFactory(UserFactory):
    first_name = "Ada"
    position = "Administration"
    is_staff = True
    is_superuser = True


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
