"""Factories for findings, requests and workshop talks."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from needs_analysis.models import ConsultationRequest, Finding, InHouseRequest, Interest
from portal.models import Region
from tests.courses.factories import ModulePageFactory
from tests.factories import UserFactory
from workshops.models import Workshop


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class FindingFactory(DjangoModelFactory):
    """A medium-urgency finding for one person in Magdeburg, recorded today.

    ``FindingFactory(topics=[topic, ...])`` tags it.
    """

    class Meta:
        model = Finding
        skip_postgeneration_save = True

    channel = Finding.Channel.REPORT
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    kind = Finding.Kind.KNOWLEDGE
    urgency = Finding.Urgency.MEDIUM
    staff_affected = 1
    description = "Fachkräfte wünschen sich Grundlagenwissen."
    recorded_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Werkstattgespräch {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue = "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"
    status = Workshop.Status.PLANNED


class ConsultationRequestFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationRequest

    user = factory.SubFactory(UserFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    description = "Ein Klient äußert sich zunehmend rechtsextrem. Wie gehe ich damit um?"


class InHouseRequestFactory(DjangoModelFactory):
    class Meta:
        model = InHouseRequest

    module = factory.SubFactory(ModulePageFactory)
    user = factory.SubFactory(UserFactory)
    organisation = "Sozialer Dienst der Justiz Magdeburg"
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    group_size = 12
    preferred_period = "Frühjahr"


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = Interest

    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModulePageFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
