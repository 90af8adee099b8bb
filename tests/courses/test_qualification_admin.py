"""The qualification certificates in the admin (courses/admin_qualifications.py): the listing
within the coordinator's projects, search and filter, revoking with a reason, who is refused,
and that the offerings' revoke action leaves qualification certificates alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from courses import services
from courses.models import Certificate
from tests.courses.factories import EnrollmentFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.courses.qualification_data import modules, qualification
from tests.factories import (
    CoordinatorFactory,
    ProfessionalFactory,
    ProjectFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTING = reverse("courses_qualification_certificates")
TODAY = timezone.localdate()


def said(text) -> str:
    """``text`` as the (German) admin shows it, before and after the catalogue is compiled."""
    with translation.override("de"):
        return escape(translation.gettext(text))


def revoke_url(certificate) -> str:
    return reverse("courses_qualification_certificate_revoke", args=[certificate.pk])


def make_certificate(qualification_page, first_name="Frieda", last_name="Fachkraft", **fields):
    holder = UserFactory(first_name=first_name, last_name=last_name)
    values = {
        "kind": Certificate.Kind.QUALIFICATION,
        "holder": holder,
        "qualification": qualification_page,
        "issued_at": timezone.now(),
        "participant_name": f"{first_name} {last_name}",
        "module_title": qualification_page.title,
        "last_date": TODAY - datetime.timedelta(days=10),
        "valid_until": TODAY + datetime.timedelta(days=400),
        "parts": [{"title": "Modul 1", "code": "aaaaaaaaaa"}],
        **fields,
    }
    return Certificate.objects.create(**values)


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def project(coordinator):
    return ProjectFactory(coordinators=[coordinator])


@pytest.fixture
def other_coordinator():
    return CoordinatorFactory()


@pytest.fixture
def other_project(other_coordinator):
    return ProjectFactory(coordinators=[other_coordinator])


@pytest.fixture
def mine(project):
    return qualification(
        *modules(2, project=project),
        project=project,
        title="Fachkraft Übergangsmanagement",
        slug="fachkraft-uebergangsmanagement",
    )


@pytest.fixture
def theirs(other_project):
    return qualification(
        *modules(1, project=other_project),
        project=other_project,
        title="Fachkraft Ausstiegsbegleitung",
        slug="fachkraft-ausstiegsbegleitung",
    )


@pytest.fixture
def certificate(mine):
    return make_certificate(mine)


def listing_html(client, query=None) -> str:
    response = client.get(LISTING, query or {})
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    return response.content.decode()


# The listing ---------------------------------------------------------------------------------


def test_the_listing_shows_the_own_projects_certificates_only(client, coordinator, mine, theirs):
    own = make_certificate(mine, "Frieda", "Fachkraft")
    foreign = make_certificate(theirs, "Otto", "Anderswo")
    client.force_login(coordinator)
    html = listing_html(client)
    assert own.code in html and "Frieda Fachkraft" in html
    assert foreign.code not in html and "Otto Anderswo" not in html
    assert own.get_absolute_url() in html
    assert reverse("courses:certificate_pdf", args=[own.code]) in html
    assert 'data-status="valid"' in html
    # The filter offers the coordinator's qualifications only.
    assert "Fachkraft Übergangsmanagement" in html
    assert "Fachkraft Ausstiegsbegleitung" not in html


def test_the_listing_says_revoked_and_expired_in_words(client, coordinator, mine):
    expired = make_certificate(
        mine, "Erik", "Abgelaufen", valid_until=TODAY - datetime.timedelta(1)
    )
    revoked = make_certificate(mine, "Rita", "Widerrufen")
    services.revoke_certificate(revoked, coordinator, "Modul doppelt gezählt")
    client.force_login(coordinator)
    html = listing_html(client)
    assert 'data-status="expired"' in html and 'data-status="revoked"' in html
    assert "Modul doppelt gezählt" in html
    # A revoke form (with a label) only for the certificates not yet revoked.
    assert f'for="reason-{expired.pk}"' in html and f'id="reason-{expired.pk}"' in html
    assert revoke_url(expired) in html
    assert revoke_url(revoked) not in html


def test_search_by_name_or_code_and_filter_by_qualification(client, coordinator, project, mine):
    frieda = make_certificate(mine, "Frieda", "Fachkraft")
    hanna = make_certificate(mine, "Hanna", "Helferin")
    second = qualification(
        *modules(1, project=project), project=project, title="Zweite Reihe", slug="zweite-reihe"
    )
    karl = make_certificate(second, "Karl", "Kollege")
    client.force_login(coordinator)
    html = listing_html(client, {"q": "helferin"})
    assert hanna.code in html and frieda.code not in html and karl.code not in html
    html = listing_html(client, {"q": f" {frieda.code.upper()} "})
    assert frieda.code in html and hanna.code not in html
    html = listing_html(client, {"qualification": second.pk})
    assert karl.code in html and frieda.code not in html and hanna.code not in html
    html = listing_html(client, {"q": "niemand"})
    assert said("No qualification certificate matches the search.") in html
    # An unknown qualification is refused with a message on the field, not a 500.
    html = listing_html(client, {"qualification": "999999"})
    assert "error-message" in html


def test_the_listing_needs_a_constant_number_of_queries(
    client, coordinator, mine, django_assert_num_queries
):
    make_certificate(mine, "Anna", "Eins")
    client.force_login(coordinator)
    client.get(LISTING)  # the session and the roles are loaded the same way each time
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        listing_html(client)
    for number in range(4):
        make_certificate(mine, "Person", f"Nummer {number}")
    with django_assert_num_queries(len(one.captured_queries)):
        html = listing_html(client)
    assert html.count('class="revoke-form"') == 5


def test_the_listing_is_paginated(client, coordinator, mine):
    for number in range(51):
        make_certificate(mine, "Person", f"Nummer {number}")
    client.force_login(coordinator)
    html = listing_html(client)
    assert html.count('class="revoke-form"') == 50
    assert said("Page %(number)s of %(count)s") % {"number": 1, "count": 2} in html
    assert listing_html(client, {"page": 2}).count('class="revoke-form"') == 1


# Revoking ------------------------------------------------------------------------------------


def test_revoke_with_a_reason(client, coordinator, certificate):
    client.force_login(coordinator)
    response = client.post(revoke_url(certificate), {"reason": "Modul doppelt gezählt"})
    assert response.status_code == 302
    assert response["Location"] == LISTING
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_by == coordinator
    assert certificate.revoke_reason == "Modul doppelt gezählt"
    html = client.get(certificate.get_absolute_url(), follow=True).content.decode()
    assert 'data-status="revoked"' in html
    # A second revoke says why nothing happened.
    response = client.post(
        revoke_url(certificate), {"reason": "noch einmal", "next": f"{LISTING}?q=frieda"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LISTING}?q=frieda"
    html = client.get(response["Location"]).content.decode()
    assert said("This certificate has already been revoked.") in html
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Modul doppelt gezählt"


def test_a_reason_is_required(client, coordinator, certificate):
    client.force_login(coordinator)
    response = client.post(revoke_url(certificate), {"reason": "   "}, follow=True)
    assert response.status_code == 200
    assert said("Please give a reason for revoking the certificate.") in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_foreign_next_address_is_ignored(client, coordinator, certificate):
    client.force_login(coordinator)
    response = client.post(
        revoke_url(certificate), {"reason": "Fehler", "next": "https://example.com/admin/"}
    )
    assert response["Location"] == LISTING


def test_another_projects_coordinator_finds_nothing(client, other_coordinator, certificate):
    client.force_login(other_coordinator)
    assert client.post(revoke_url(certificate), {"reason": "Fehler"}).status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_trainers_are_refused(client, certificate):
    client.force_login(TrainerFactory())
    response = client.post(revoke_url(certificate), {"reason": "Fehler"})
    # PermissionDenied; Wagtail's admin answers it with its "no permission" redirect home.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get(LISTING)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_professionals_are_sent_to_the_login(client, certificate):
    client.force_login(ProfessionalFactory())
    response = client.post(revoke_url(certificate), {"reason": "Fehler"})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_module_certificate_is_not_revoked_here(client, coordinator, project):
    module = modules(1, project=project)[0]
    offering = past_offering(days=2, module=module)
    enrollment = EnrollmentFactory(offering=offering)
    attend_all(offering)
    module_certificate = services.issue_certificate(enrollment)
    client.force_login(coordinator)
    assert client.post(revoke_url(module_certificate), {"reason": "Fehler"}).status_code == 404
    module_certificate.refresh_from_db()
    assert not module_certificate.is_revoked


def test_the_offerings_revoke_action_leaves_qualification_certificates_alone(
    client, coordinator, certificate
):
    client.force_login(coordinator)
    old = reverse("offerings:revoke_certificate", args=[certificate.pk])
    assert client.post(old, {"reason": "Fehler"}).status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_the_menu_item_is_shown_to_the_coordination_only(client, coordinator, certificate):
    client.force_login(coordinator)
    assert LISTING in client.get("/admin/").content.decode()
    client.force_login(TrainerFactory())
    assert LISTING not in client.get("/admin/").content.decode()
