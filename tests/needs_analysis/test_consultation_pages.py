"""The pages of a consultation request: the professional's (thread, reply, close), the
coordination's in the admin (thread, reply, assign, status, note, redact), the listing, the
dashboard panel; the client-data confirmation on the form and on replies."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from needs_analysis.models import REDACTED_TEXT, ConsultationMessage, ConsultationRequest
from needs_analysis.services import consultation as service
from needs_analysis.services import intake
from portal.models import Region, Topic
from tests.factories import CoordinatorFactory, ProfessionalFactory, ProjectFactory, TrainerFactory
from tests.needs_analysis.responses import is_private

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
HITS = "Frau Müller erreicht man unter 0391 123456."


@pytest.fixture
def world(db):
    mine = CoordinatorFactory(email="kim@example.org")
    other = CoordinatorFactory(email="andere@example.org")
    ProjectFactory(
        slug="rauswege", regions=[Region.objects.get(slug="sachsen-anhalt")], coordinators=[mine]
    )
    ProjectFactory(
        slug="ina", regions=[Region.objects.get(slug="nordrhein-westfalen")], coordinators=[other]
    )
    asker = ProfessionalFactory(email="fachkraft@example.org")
    request = intake.request_consultation(
        asker,
        region=Region.objects.get(slug="magdeburg"),
        topics=list(Topic.objects.filter(slug="rechtsextremismus")),
        description="Wie spreche ich das an?",
    )
    return {"mine": mine, "other": other, "asker": asker, "request": request}


def my_url(request):
    return reverse("needs_analysis:my_consultation", args=[request.pk])


def admin_url(request):
    return reverse("needs_consultations:request", args=[request.pk])


# The professional's page ------------------------------------------------------------------------


def test_the_professional_sees_only_their_own_request(client, world):
    url = my_url(world["request"])
    assert client.get(url).status_code == 302  # to the login
    for person in (ProfessionalFactory(), world["mine"], world["other"], TrainerFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "x"}).status_code == 404
        assert client.post(url + "schliessen/").status_code == 404
    client.force_login(world["asker"])
    response = client.get(url)
    assert response.status_code == 200 and is_private(response)
    assert "Wie spreche ich das an?" in response.content.decode()


def test_the_professional_replies_and_closes(client, world):
    request = world["request"]
    service.post_message(request, world["mine"], "Antwort der Koordination")
    client.force_login(world["asker"])
    html = client.get(my_url(request)).content.decode()
    assert "Antwort der Koordination" in html
    response = client.post(my_url(request), {"body": "Danke!", "token": str(uuid.uuid4())})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert ConsultationMessage.objects.filter(author=world["asker"], body="Danke!").exists()
    close = reverse("needs_analysis:close_my_consultation", args=[request.pk])
    assert client.get(close).status_code == 405
    assert client.post(close).status_code == 302
    assert client.post(close).status_code == 302  # again: nothing changes
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    html = client.get(my_url(request)).content.decode()
    assert 'name="body"' not in html  # no reply form on a closed request


def test_a_reply_with_client_data_is_shown_marked_and_passes_when_confirmed(client, world):
    client.force_login(world["asker"])
    url = my_url(world["request"])
    token = str(uuid.uuid4())
    response = client.post(url, {"body": HITS, "token": token})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Frau Müller</mark>" in html and "<mark>0391 123456</mark>" in html
    form = response.context["form"]
    assert 'type="checkbox"' in html and "confirm_no_client_data" in html
    assert not ConsultationMessage.objects.exists()
    digest = form.data["client_data_digest"]
    # Confirmed, but the text was changed: checked again.
    changed = {"body": HITS + " Hauptstraße 1", "token": token, "client_data_digest": digest}
    changed["confirm_no_client_data"] = "on"
    assert client.post(url, changed).status_code == 200
    assert not ConsultationMessage.objects.exists()
    confirmed = {
        "body": HITS,
        "token": token,
        "client_data_digest": digest,
        "confirm_no_client_data": "on",
    }
    assert client.post(url, confirmed).status_code == 302
    assert client.post(url, confirmed).status_code == 302  # double submit: one message
    assert ConsultationMessage.objects.get().body == HITS


def test_the_consultation_form_asks_for_confirmation_on_hits(client, world):
    client.force_login(world["asker"])
    data = {
        "topics": [Topic.objects.get(slug="islamismus").pk],
        "region": Region.objects.get(slug="magdeburg").pk,
        "urgency": "high",
        "description": "Anruf von 0391 123456 wegen eines Vortrags",
        "token": str(uuid.uuid4()),
    }
    before = ConsultationRequest.objects.count()
    response = client.post(reverse("needs_analysis:consultation"), data)
    assert response.status_code == 200
    assert "<mark>0391 123456</mark>" in response.content.decode()
    assert ConsultationRequest.objects.count() == before
    data["client_data_digest"] = response.context["form"].data["client_data_digest"]
    data["confirm_no_client_data"] = "on"
    assert client.post(reverse("needs_analysis:consultation"), data).status_code == 302
    assert client.post(reverse("needs_analysis:consultation"), data).status_code == 302
    assert ConsultationRequest.objects.count() == before + 1


def test_mein_bereich_lists_the_requests_with_a_link_in_fixed_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["asker"])
    url = reverse("courses:my_trainings")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        html = client.get(url).content.decode()
    assert my_url(world["request"]) in html
    for _ in range(5):
        intake.request_consultation(
            world["asker"], region=world["request"].region, topics=[], description="Weitere"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# The coordination's page ------------------------------------------------------------------------


def test_the_admin_page_is_for_the_coordination_of_the_project(client, world):
    url = admin_url(world["request"])
    client.force_login(world["other"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "note", "note-internal_notes": "x"}).status_code == 404
    client.force_login(TrainerFactory())
    assert client.get(url)["Location"] == "/admin/"
    client.force_login(world["mine"])
    response = client.get(url)
    assert response.status_code == 200 and is_private(response)
    assert "Wie spreche ich das an?" in response.content.decode()
    assert ModelLogEntry.objects.filter(action="needs_analysis.consultation.viewed").exists()


def test_the_coordination_assigns_replies_notes_sets_status_and_redacts(client, world):
    request = world["request"]
    url = admin_url(request)
    client.force_login(world["mine"])
    # A coordinator of another project cannot be assigned.
    client.post(url, {"action": "assign", "assign-assigned_to": world["other"].pk})
    request.refresh_from_db()
    assert request.assigned_to is None
    client.post(url, {"action": "assign", "assign-assigned_to": world["mine"].pk})
    request.refresh_from_db()
    assert request.assigned_to == world["mine"] and request.status == Status.ASSIGNED
    reply = {"action": "reply", "reply-body": "Unsere Antwort", "reply-token": str(uuid.uuid4())}
    assert client.post(url, reply).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    client.post(url, {"action": "note", "note-internal_notes": "Rückruf vereinbart"})
    request.refresh_from_db()
    assert request.internal_notes == "Rückruf vereinbart"
    message = service.post_message(request, world["asker"], HITS)
    assert client.post(url, {"action": "redact", "message": message.pk}).status_code == 302
    assert client.post(url, {"action": "redact", "message": "x"}).status_code == 404
    message.refresh_from_db()
    assert message.body == REDACTED_TEXT
    assert ModelLogEntry.objects.filter(
        action="needs_analysis.consultation.message_redacted", user=world["mine"]
    ).exists()
    client.post(url, {"action": "status", "status-status": "closed"})
    request.refresh_from_db()
    assert request.status == Status.CLOSED and request.closed_at is not None
    # The professional does not see the internal note.
    client.force_login(world["asker"])
    assert "Rückruf vereinbart" not in client.get(my_url(request)).content.decode()


def test_a_reply_with_client_data_in_the_admin_is_marked(client, world):
    client.force_login(world["mine"])
    reply = {"action": "reply", "reply-body": HITS, "reply-token": str(uuid.uuid4())}
    response = client.post(admin_url(world["request"]), reply)
    assert response.status_code == 200
    assert "<mark>Frau Müller</mark>" in response.content.decode()
    assert not ConsultationMessage.objects.exists()


def _overdue(world, n):
    for _ in range(n):
        late = intake.request_consultation(
            world["asker"], region=world["request"].region, topics=[], description="Spät"
        )
        ConsultationRequest.objects.filter(pk=late.pk).update(
            due_at=timezone.now() - datetime.timedelta(days=1)
        )


def test_the_listing_shows_state_assignee_due_and_overdue_in_words(
    client, world, django_assert_max_num_queries
):
    _overdue(world, 1)
    nrw = intake.request_consultation(
        world["asker"],
        region=Region.objects.get(slug="nordrhein-westfalen"),
        topics=[],
        description="Aus NRW",
    )
    client.force_login(world["mine"])
    url = reverse("needs_consultations:index")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        html = client.get(url).content.decode()
    assert "überfällig" in html or "overdue" in html
    assert admin_url(world["request"]) in html
    assert admin_url(nrw) not in html  # another project's
    _overdue(world, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_dashboard_panel_lists_overdue_requests_of_ones_projects(
    client, world, django_assert_max_num_queries
):
    _overdue(world, 2)
    client.force_login(world["mine"])
    client.get("/admin/")
    with django_assert_max_num_queries(200) as few:
        html = client.get("/admin/").content.decode()
    assert "overdue-consultations-heading" in html
    _overdue(world, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/admin/").content.decode()
    assert html.count(reverse("needs_consultations:index") + "request/") == 10
    client.force_login(world["other"])
    assert "overdue-consultations-heading" not in client.get("/admin/").content.decode()


def test_the_panel_itself_runs_two_queries(world, django_assert_num_queries):
    from needs_analysis.admin_requests import overdue_panel

    _overdue(world, 12)
    overdue_panel(world["mine"])  # the person's roles and projects are kept on the user
    with django_assert_num_queries(2):
        panel = overdue_panel(world["mine"])
    assert panel.count == 12 and len(panel.rows) == 10


def test_the_listing_filters_overdue_requests(client, world):
    _overdue(world, 1)
    late = ConsultationRequest.objects.order_by("-pk").first()
    client.force_login(world["mine"])
    url = reverse("needs_consultations:index")
    html = client.get(url + "?overdue=true").content.decode()
    assert admin_url(late) in html and admin_url(world["request"]) not in html
    html = client.get(url + "?overdue=false").content.decode()
    assert admin_url(late) not in html and admin_url(world["request"]) in html
