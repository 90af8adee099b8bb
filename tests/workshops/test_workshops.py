"""Workshop talks: the public listing, registration with capacity, the admin, privacy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.privacy import delete_account, export_user_data
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory, UserFactory
from tests.needs_analysis.factories import WorkshopFactory
from workshops import services
from workshops.models import Workshop, WorkshopIndexPage, WorkshopRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def index_page(site_pages):
    home_de, _home_en = site_pages
    return home_de.add_child(
        instance=WorkshopIndexPage(title="Werkstattgespräche", slug="werkstattgespraeche-test")
    )


def test_capacity_is_never_exceeded():
    workshop = WorkshopFactory(capacity=1)
    services.register(workshop, UserFactory())
    with pytest.raises(services.RegistrationError) as error:
        services.register(workshop, UserFactory())
    assert error.value.code == "full"


def test_one_active_registration_per_person_and_cancel_frees_the_place():
    workshop = WorkshopFactory(capacity=1)
    person = UserFactory()
    services.register(workshop, person)
    with pytest.raises(services.RegistrationError) as error:
        services.register(workshop, person)
    assert error.value.code == "already_registered"
    services.cancel(workshop, person)
    services.register(workshop, UserFactory())
    assert WorkshopRegistration.objects.count() == 2


def test_no_registration_after_the_start_or_when_held():
    past = WorkshopFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(services.RegistrationError):
        services.register(past, UserFactory())
    held = WorkshopFactory(status=Workshop.Status.HELD)
    with pytest.raises(services.RegistrationError):
        services.register(held, UserFactory())


def test_listing_shows_upcoming_talks_by_state(client, index_page):
    upcoming = WorkshopFactory(title="Werkstattgespräch Halle")
    WorkshopFactory(title="Vergangenes Gespräch", status=Workshop.Status.DOCUMENTED)
    response = client.get(index_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Werkstattgespräch Halle" in html
    assert "Vergangenes Gespräch" not in html
    assert "Sachsen-Anhalt" in html
    detail = client.get(index_page.workshop_url(upcoming))
    assert detail.status_code == 200
    assert "Werkstattgespräch Halle" in detail.content.decode()


def test_register_and_cancel_through_the_site(client, index_page):
    workshop = WorkshopFactory()
    url = reverse("workshops:register", args=[workshop.pk])
    assert client.post(url).status_code == 302
    assert not WorkshopRegistration.objects.exists()  # anonymous: to the login
    person = ProfessionalFactory()
    client.force_login(person)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # double submit: no second row, no error
    assert WorkshopRegistration.objects.filter(status="registered").count() == 1
    client.post(reverse("workshops:cancel", args=[workshop.pk]))
    assert WorkshopRegistration.objects.get().status == "cancelled"


def test_workshop_admin_is_for_coordinators(client):
    WorkshopFactory(summary="<p>Protokoll</p>")
    url = reverse("workshop_talks:index")
    assert client.get(url).status_code == 302
    # Professionals have no admin access (to the login), trainers no permission (to the admin
    # home).
    for person, to in ((ProfessionalFactory(), "/konto/login/"), (TrainerFactory(), "/admin/")):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].split("?")[0] == to
    client.force_login(CoordinatorFactory())
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_registrations_are_exported_and_anonymised():
    workshop = WorkshopFactory()
    person = UserFactory()
    services.register(workshop, person)
    assert export_user_data(person)["workshop_registrations"][0]["status"] == "registered"
    delete_account(person)
    registration = WorkshopRegistration.objects.get()
    assert registration.user is None
    assert registration.audience is not None
    assert registration.status == WorkshopRegistration.Status.CANCELLED  # the place is free
