"""Offerings for the catalogue tests: one session, in a region, in a format."""

import datetime

from courses.models import Offering
from portal.models import Region
from tests.courses.factories import OfferingFactory, in_days

Format = Offering.Format


def offer(page, *, days=30, region="magdeburg", format=Format.IN_PERSON, **kwargs):
    return OfferingFactory(
        module=page,
        region=Region.objects.get(slug=region),
        format=format,
        venue="" if format == Format.ONLINE else "Tagungshaus, Magdeburg",
        sessions=[(in_days(days), datetime.time(9), datetime.time(16))],
        **kwargs,
    )
