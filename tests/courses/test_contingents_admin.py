"""Contingents in the offerings admin: added in the offering's form, shown in the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Contingent, Offering
from portal.models import Audience
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.courses.test_admin import _form_data
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def with_contingent(data, seats, release="2099-01-15 12:00"):
    data.update(
        {
            "contingents-TOTAL_FORMS": 1,
            "contingents-INITIAL_FORMS": 0,
            "contingents-0-seats": seats,
            "contingents-0-release_at": release,
            "contingents-0-audiences": [Audience.objects.get(slug="polizei").pk],
        }
    )
    return data


def test_a_contingent_is_added_in_the_offering_form(client):
    offering = OfferingFactory(capacity=10)
    client.force_login(CoordinatorFactory())
    url = reverse("offerings:edit", args=[offering.pk])
    form = client.get(url).context["form"]
    assert "contingents" in form.formsets
    response = client.post(url, with_contingent(_form_data(form), 4))
    assert response.status_code == 302, response.context["form"].errors
    contingent = Contingent.objects.get(offering=offering)
    assert contingent.seats == 4
    assert [a.slug for a in contingent.audiences.all()] == ["polizei"]


def test_contingents_larger_than_the_capacity_are_refused(client):
    offering = OfferingFactory(capacity=3)
    client.force_login(CoordinatorFactory())
    url = reverse("offerings:edit", args=[offering.pk])
    form = client.get(url).context["form"]
    response = client.post(url, with_contingent(_form_data(form), 4))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "Die Kontingente reservieren 4 Plätze, mehr als die Kapazität von 3."
    ]
    assert not Contingent.objects.exists()


def test_the_list_names_reserved_seats_in_constant_queries(client, django_assert_max_num_queries):
    def reserved(offering):
        contingent = Contingent.objects.create(
            offering=offering, seats=2, release_at=timezone.now() + datetime.timedelta(days=9)
        )
        contingent.audiences.set([Audience.objects.get(slug="kommunalverwaltung")])
        contingent.save()  # a parental many-to-many is written on save

    for _ in range(2):
        reserved(OfferingFactory())
    client.force_login(CoordinatorFactory())
    url = reverse("offerings:index")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert "2 Plätze für Kommunalverwaltung reserviert bis" in response.text
    for _ in range(6):
        offering = OfferingFactory()
        reserved(offering)
        EnrollmentFactory(offering=offering)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert Offering.objects.count() == 8
