"""Factories for modules, offerings with sessions and enrolments."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page

from courses.models import CatalogPage, Enrollment, ModulePage, Offering, Session
from portal.models import Region
from tests.factories import UserFactory


def default_catalog() -> CatalogPage:
    """The catalogue of the test site, created under the tree's root on first use."""
    catalog = CatalogPage.objects.first()
    if catalog is None:
        root = Page.get_first_root_node()
        catalog = root.add_child(instance=CatalogPage(title="Fortbildungen", slug="fortbildungen"))
    return catalog


class CatalogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CatalogPage

    title = factory.Sequence(lambda n: f"Fortbildungen {n}")


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Qualifizierungsmodul {n}")
    teaser = "Grundlagen für die Praxis der Straffälligenhilfe."
    parent = factory.LazyFunction(default_catalog)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class OfferingFactory(DjangoModelFactory):
    """An open offering in Magdeburg with one session in 30 days and 10 seats.

    ``OfferingFactory(sessions=[(date, start, end), ...])`` sets the sessions.
    """

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    module = factory.SubFactory(ModulePageFactory)
    format = Offering.Format.IN_PERSON
    venue = "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"
    region = factory.LazyFunction(lambda: Region.objects.get(slug="magdeburg"))
    capacity = 10
    status = Offering.Status.OPEN

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [(in_days(30), datetime.time(9), datetime.time(16))]
        for date, start, end in extracted:
            Session.objects.create(offering=obj, date=date, start_time=start, end_time=end)

    @factory.post_generation
    def eligible_audiences(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.eligible_audiences.set(extracted)
            obj.save()  # a parental many-to-many relation is written on save


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    offering = factory.SubFactory(OfferingFactory)
    user = factory.SubFactory(UserFactory)
    status = Enrollment.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
