"""Qualifications on "Meine Fortbildungen": progress, the next dates of missing modules in the
person's region or "Express interest", the certificate once complete; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from courses.models import Certificate
from portal.models import Region
from tests.courses.factories import OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
URL = "/mein-bereich/fortbildungen/"


def page(client, person):
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_progress_with_next_dates_in_the_region_and_interest_elsewhere(client):
    magdeburg = Region.objects.get(slug="magdeburg")
    m1, m2, m3 = modules(3)
    qualification(m1, m2, m3, title="Übergangsmanagement und Case Management")
    qualification(*modules(1), title="Nicht begonnen")
    person = ProfessionalFactory(region=magdeburg)
    attend(person, m1, days_ago=20)
    OfferingFactory(module=m2, sessions=[(in_days(40), NINE, FOUR)])  # Magdeburg
    other = Region.objects.exclude(pk__in=magdeburg.subtree_ids()).exclude(
        pk__in=magdeburg.ancestor_ids()
    )[0]
    OfferingFactory(module=m3, region=other, sessions=[(in_days(10), NINE, FOUR)])

    html = page(client, person)
    assert 'id="my-qualifications"' in html
    assert "Übergangsmanagement und Case Management" in html
    assert "Nicht begonnen" not in html
    assert "2 Module fehlen" in html
    section = html[html.index("Übergangsmanagement und Case Management") :]
    assert "Modul 1</a> – erledigt am" in section
    assert "nächster Termin" in section and "in Magdeburg" in section
    # The only date of module 3 is in another region: interest instead.
    module_3 = section[section.index("Modul 3") :]
    assert "Interesse bekunden" in module_3[:600]


def test_complete_shows_the_certificate(client):
    (m1,) = modules(1)
    qualification(m1, title="Persönliches Bedrohungsmanagement", validity_months=24)
    person = ProfessionalFactory()
    attend(person, m1, days_ago=5)
    certificate = Certificate.objects.get(kind=Certificate.Kind.QUALIFICATION, holder=person)
    html = page(client, person)
    assert "abgeschlossen" in html
    assert f"gültig bis {date_format(certificate.valid_until, 'DATE_FORMAT')}" in html
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in html


def test_nothing_started_no_section(client):
    qualification(*modules(2))
    html = page(client, ProfessionalFactory())
    assert 'id="my-qualifications"' not in html


def _queries(client, person):
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_qualifications_and_modules(client):
    person = ProfessionalFactory(region=Region.objects.get(slug="magdeburg"))
    first = modules(2)
    qualification(*first, title="Eine")
    attend(person, first[0], days_ago=3)
    _queries(client, person)  # warms the caches (vocabulary, site root paths)
    few = _queries(client, person)
    for n in range(3):
        more = modules(4)
        qualification(more[0], (2, more[1:]), title=f"Weitere {n}")
        attend(person, more[0], days_ago=3)
        OfferingFactory(module=more[1], sessions=[(in_days(20), NINE, FOUR)])
    _queries(client, person)  # new pages empty the menu and site caches
    assert _queries(client, person) == few
