"""What "Meine Fortbildungen" shows from other apps, through the hook
``register_my_trainings_section``: workshop-talk registrations (workshops), interests and
requests (needs_analysis); withdrawing an interest; constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from needs_analysis.models import Interest
from portal.hooks import MY_TRAININGS_SECTIONS
from tests.courses.factories import ModulePageFactory
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)
from workshops import services as workshop_services
from workshops.models import Workshop, WorkshopIndexPage, WorkshopRegistration

pytestmark = pytest.mark.django_db

URL = "/mein-bereich/fortbildungen/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def index_page(site_pages):
    home_de, _home_en = site_pages
    return home_de.add_child(
        instance=WorkshopIndexPage(title="Werkstattgespräche", slug="werkstattgespraeche-meine")
    )


@pytest.fixture
def person(db):
    return ProfessionalFactory()


def _page(client, person):
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_upcoming_workshop_registrations_with_date_place_and_cancel(client, index_page, person):
    in_person = WorkshopFactory(title="Werkstattgespräch Magdeburg")
    online = WorkshopFactory(
        title="Werkstattgespräch online",
        format=Workshop.Format.ONLINE,
        online_access="https://meet.example.org/werkstatt",
        starts_at=timezone.now() + datetime.timedelta(days=40),
        ends_at=timezone.now() + datetime.timedelta(days=40, hours=2),
    )
    cancelled_by_person = WorkshopFactory(title="Werkstattgespräch abgesagt von mir")
    for workshop in (in_person, online, cancelled_by_person):
        workshop_services.register(workshop, person)
    workshop_services.cancel(cancelled_by_person, person)
    past = WorkshopFactory(
        title="Werkstattgespräch vergangen",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    WorkshopRegistration.objects.create(workshop=past, user=person)
    others = WorkshopFactory(title="Werkstattgespräch der anderen")
    workshop_services.register(others, ProfessionalFactory())

    html = _page(client, person)
    assert 'id="my-workshops"' in html
    assert "Werkstattgespräch Magdeburg" in html
    assert "Bildungszentrum, Breiter Weg 1" in html
    assert "Werkstattgespräch online" in html
    assert "https://meet.example.org/werkstatt" in html
    assert f'href="/werkstattgespraeche-meine/{in_person.pk}/"' in html
    assert f'action="/werkstattgespraeche/{in_person.pk}/abmelden/"' in html
    assert f'action="/werkstattgespraeche/{online.pk}/abmelden/"' in html
    for absent in (
        "Werkstattgespräch abgesagt von mir",
        "Werkstattgespräch vergangen",
        "Werkstattgespräch der anderen",
    ):
        assert absent not in html
    # Soonest first.
    assert html.index("Werkstattgespräch Magdeburg") < html.index("Werkstattgespräch online")


def test_a_talk_cancelled_by_the_coordination_is_marked_without_a_cancel_button(client, person):
    workshop = WorkshopFactory(title="Werkstattgespräch fällt aus")
    workshop_services.register(workshop, person)
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)
    html = _page(client, person)
    assert "Werkstattgespräch fällt aus" in html
    assert f"/werkstattgespraeche/{workshop.pk}/abmelden/" not in html


def test_interests_with_module_region_status_and_withdraw(client, site_pages, person):
    waiting = InterestFactory(user=person, module=ModulePageFactory(title="Modul Wartend"))
    told = InterestFactory(
        user=person,
        module=ModulePageFactory(title="Modul Benachrichtigt"),
        status=Interest.Status.NOTIFIED,
    )
    InterestFactory(
        user=person,
        module=ModulePageFactory(title="Modul Zurückgezogen"),
        status=Interest.Status.WITHDRAWN,
    )
    InterestFactory(module=ModulePageFactory(title="Modul der anderen"))

    html = _page(client, person)
    assert 'id="my-interests"' in html
    assert "Modul Wartend" in html and "Modul Benachrichtigt" in html
    assert "Magdeburg" in html
    assert f'action="/bedarf/interessen/{waiting.pk}/zurueckziehen/"' in html
    assert f"/bedarf/interessen/{told.pk}/zurueckziehen/" not in html  # nothing left to wait for
    assert "Modul Zurückgezogen" not in html
    assert "Modul der anderen" not in html


def test_withdrawing_ones_own_interest(client, person):
    interest = InterestFactory(user=person)
    client.force_login(person)
    url = f"/bedarf/interessen/{interest.pk}/zurueckziehen/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/mein-bereich/fortbildungen/#my-interests"
    interest.refresh_from_db()
    assert interest.status == Interest.Status.WITHDRAWN
    # A second click changes nothing and is no error.
    assert client.post(url).status_code == 302
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.WITHDRAWN


def test_an_interest_already_answered_stays_as_it_is(client, person):
    interest = InterestFactory(user=person, status=Interest.Status.NOTIFIED)
    client.force_login(person)
    assert client.post(f"/bedarf/interessen/{interest.pk}/zurueckziehen/").status_code == 302
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.NOTIFIED


def test_somebody_elses_interest_is_not_found(client, person):
    interest = InterestFactory()
    client.force_login(person)
    assert client.post(f"/bedarf/interessen/{interest.pk}/zurueckziehen/").status_code == 404
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.ACTIVE


def test_withdrawing_needs_a_login_and_the_csrf_token(person):
    from django.test import Client

    interest = InterestFactory(user=person)
    url = f"/bedarf/interessen/{interest.pk}/zurueckziehen/"
    anonymous = Client()
    assert anonymous.post(url).status_code == 302
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(person)
    assert checked.post(url).status_code == 403
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.ACTIVE


def test_requests_are_listed_by_kind_date_and_status_without_their_text(
    client, site_pages, person
):
    consultation = ConsultationRequestFactory(user=person)
    InHouseRequestFactory(user=person, module=ModulePageFactory(title="Modul Inhouse"))
    ConsultationRequestFactory(description="Fremder Fall")

    html = _page(client, person)
    assert 'id="my-requests"' in html
    assert "Modul Inhouse" in html
    assert html.count("<tr>") == 3  # head + two requests
    assert consultation.description not in html
    assert "Sozialer Dienst der Justiz Magdeburg" not in html
    assert "Fremder Fall" not in html


def test_without_registrations_interests_or_requests_no_empty_sections(client, person):
    html = _page(client, person)
    for anchor in ("my-workshops", "my-interests", "my-requests"):
        assert f'id="{anchor}"' not in html


def test_sections_come_from_the_hook(client, person):
    def probe(request):
        return {
            "id": "probe",
            "title": "Probe-Abschnitt",
            "template": "needs_analysis/includes/my_requests.html",
            "context": {"requests": []},
        }

    with hooks.register_temporarily(MY_TRAININGS_SECTIONS, probe):
        html = _page(client, person)
    assert '<h2 id="probe-heading">Probe-Abschnitt</h2>' in html


def _fill(person, count):
    for _number in range(count):
        workshop_services.register(WorkshopFactory(), person)
        InterestFactory(user=person)
        ConsultationRequestFactory(user=person)
        InHouseRequestFactory(user=person)


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, index_page):
    few, many = ProfessionalFactory(), ProfessionalFactory()
    _fill(few, 1)
    _fill(many, 5)
    client.force_login(few)
    _queries(client)  # warm the caches (site, locales) once
    baseline = _queries(client)
    client.force_login(many)
    _queries(client)
    assert _queries(client) == baseline
    html = client.get(URL).content.decode()
    assert html.count("/abmelden/") == 5
    assert html.count("/zurueckziehen/") == 5
