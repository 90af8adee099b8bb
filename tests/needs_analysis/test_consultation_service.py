"""Case consultation as a service (R10 part 2): states, due dates, routing by project, messages
and their mails, redaction, retention, client-data detection."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.workdays import add_working_days, is_day_off, is_public_holiday
from needs_analysis import notifications
from needs_analysis.client_data import client_data_spans, find_client_data, highlight
from needs_analysis.models import (
    REDACTED_TEXT,
    ConsultationMessage,
    ConsultationRequest,
    NeedsAnalysisSettings,
)
from needs_analysis.retention import retain_requests
from needs_analysis.services import consultation as service
from needs_analysis.services import intake
from portal.models import Region, Topic
from tests.factories import (
    AdminFactory,
    CoordinatorFactory,
    ProfessionalFactory,
    ProjectFactory,
)
from tests.needs_analysis.factories import ConsultationRequestFactory

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
SECRET = "Geheimer Inhalt der Nachricht über die Lage"
CORPUS_CHRISTI_EVE = datetime.datetime(2027, 5, 26, 10, 0)  # a Wednesday


@pytest.fixture
def world(db):
    """Two projects: one in Saxony-Anhalt, one in North Rhine-Westphalia, each with its
    coordinator; a professional."""
    st = Region.objects.get(slug="sachsen-anhalt")
    nrw = Region.objects.get(slug="nordrhein-westfalen")
    mine = CoordinatorFactory(email="kim@example.org")
    colleague = CoordinatorFactory(email="kolleg@example.org")
    other = CoordinatorFactory(email="andere@example.org")
    ProjectFactory(slug="rauswege", regions=[st], coordinators=[mine, colleague])
    ProjectFactory(slug="ina", regions=[nrw], coordinators=[other])
    return {
        "mine": mine,
        "colleague": colleague,
        "other": other,
        "asker": ProfessionalFactory(email="fachkraft@example.org"),
        "magdeburg": Region.objects.get(slug="magdeburg"),
        "nrw": nrw,
        "st": st,
    }


def ask(world, region=None, **kwargs):
    return intake.request_consultation(
        world["asker"],
        region=region or world["magdeburg"],
        topics=list(Topic.objects.filter(slug="rechtsextremismus")),
        description="Wie spreche ich rechtsextreme Äußerungen an?",
        **kwargs,
    )


# Working days and due dates ---------------------------------------------------------------------


def test_holidays_differ_by_state_and_none_keeps_both():
    corpus_christi = datetime.date(2027, 5, 27)
    reformation = datetime.date(2027, 10, 31)
    assert is_public_holiday(corpus_christi, "NW") and not is_public_holiday(corpus_christi, "ST")
    assert is_public_holiday(reformation, "ST") and not is_public_holiday(reformation, "NW")
    assert is_public_holiday(datetime.date(2027, 1, 6), "ST")
    assert not is_public_holiday(datetime.date(2027, 1, 6), "NW")
    assert is_public_holiday(datetime.date(2027, 11, 1), "NW")
    assert not is_public_holiday(datetime.date(2027, 11, 1), "ST")
    # Backwards compatible: without a state both states' holidays are days off.
    assert is_day_off(corpus_christi) and is_day_off(datetime.date(2027, 11, 1))
    assert is_public_holiday(datetime.date(2027, 12, 25), "XX")  # nationwide only


def test_add_working_days_skips_weekends_and_the_states_holidays():
    wednesday = CORPUS_CHRISTI_EVE.date()
    assert add_working_days(wednesday, 3, "NW") == datetime.date(2027, 6, 1)
    assert add_working_days(wednesday, 3, "ST") == datetime.date(2027, 5, 31)
    assert add_working_days(wednesday, 0, "ST") == wednesday


def test_due_date_on_the_wednesday_before_corpus_christi_depends_on_the_state(world):
    start = timezone.make_aware(CORPUS_CHRISTI_EVE)
    in_nrw = ConsultationRequestFactory(region=world["nrw"], created_at=start)
    in_st = ConsultationRequestFactory(region=world["magdeburg"], created_at=start)
    assert timezone.localtime(in_nrw.due_at).date() == datetime.date(2027, 6, 1)
    assert timezone.localtime(in_st.due_at).date() == datetime.date(2027, 5, 31)
    assert timezone.localtime(in_st.due_at).time() == datetime.time(23, 59, 59)


def test_due_days_are_a_setting(world):
    settings = NeedsAnalysisSettings.load()
    settings.consultation_due_working_days = 1
    settings.save()
    start = timezone.make_aware(CORPUS_CHRISTI_EVE)
    request = ConsultationRequestFactory(region=world["nrw"], created_at=start)
    assert timezone.localtime(request.due_at).date() == datetime.date(2027, 5, 28)


# States -----------------------------------------------------------------------------------------


def test_the_state_follows_from_the_actions(world, django_capture_on_commit_callbacks):
    request = ask(world)
    assert request.status == Status.NEW and request.project.slug == "rauswege"
    request = service.assign(request, world["colleague"], by=world["mine"])
    assert request.status == Status.ASSIGNED
    # The professional writes before the first answer: still waiting for it.
    service.post_message(request, world["asker"], "Noch eine Ergänzung.")
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED and request.answered_at is None
    service.post_message(request, world["colleague"], "Unsere Antwort.")
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.answered_at is not None
    first_answer = request.answered_at
    service.post_message(request, world["asker"], "Danke, eine Rückfrage.")
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    service.post_message(request, world["colleague"], "Zweite Antwort.")
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.answered_at == first_answer
    service.close(request, by=world["asker"])
    request.refresh_from_db()
    closed_at = request.closed_at
    assert request.status == Status.CLOSED and closed_at is not None
    service.close(request, by=world["asker"])  # idempotent
    request.refresh_from_db()
    assert request.closed_at == closed_at
    with pytest.raises(service.ConsultationClosed):
        service.post_message(request, world["asker"], "Nach dem Schließen.")
    actions = set(
        ModelLogEntry.objects.filter(
            object_id=str(request.pk), content_type__model="consultationrequest"
        ).values_list("action", flat=True)
    )
    assert {
        "needs_analysis.consultation.assigned",
        "needs_analysis.consultation.message_posted",
        "needs_analysis.consultation.closed",
    } <= actions


def test_answering_unassigned_assigns_and_status_select_goes_through_rules(world):
    request = ask(world)
    service.post_message(request, world["mine"], "Antwort")
    request.refresh_from_db()
    assert request.assigned_to == world["mine"] and request.status == Status.ANSWERED
    service.set_status(request, Status.CLOSED, world["mine"])
    request.refresh_from_db()
    assert request.closed_at is not None
    service.set_status(request, Status.IN_PROGRESS, world["mine"])  # reopened
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS and request.closed_at is None
    with pytest.raises(ValueError):
        service.set_status(request, "nonsense", world["mine"])


def test_mark_answered_meets_the_due_date_and_overdue_lists_the_late_ones(world):
    late = ask(world)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    on_time = ask(world)
    assert list(service.overdue(ConsultationRequest.objects.all())) == [late]
    late.refresh_from_db()
    assert late.is_overdue() and not on_time.is_overdue()
    service.mark_answered(late, world["mine"])
    late.refresh_from_db()
    assert late.status == Status.ANSWERED and not late.is_overdue()
    assert not service.overdue(ConsultationRequest.objects.all()).exists()


def test_only_coordinators_of_the_project_can_be_assigned(world):
    request = ask(world)
    assert set(service.assignable_coordinators(request)) == {world["mine"], world["colleague"]}
    with pytest.raises(ValueError):
        service.assign(request, world["other"], by=world["mine"])
    service.assign(request, world["mine"], by=world["mine"])
    request = service.assign(request, None, by=world["mine"])
    assert request.status == Status.NEW and request.assigned_to is None


def test_a_message_is_sent_once_per_form_token(world):
    request = ask(world)
    token = uuid.uuid4()
    first = service.post_message(request, world["asker"], "Einmal", token=token)
    again = service.post_message(request, world["asker"], "Einmal", token=token)
    assert first == again and ConsultationMessage.objects.count() == 1


# Routing and mails -----------------------------------------------------------------------------


def test_new_requests_reach_the_coordinators_of_their_project_only(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(world)
    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {"kim@example.org", "kolleg@example.org", "fachkraft@example.org"}
    assert "andere@example.org" not in recipients
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask(world, region=world["nrw"])
    assert {m.to[0] for m in mailoutbox} == {"andere@example.org", "fachkraft@example.org"}


def test_routing_accepts_a_region_and_falls_back_to_everybody_without_a_project(world):
    assert set(notifications.responsible_coordinators(world["magdeburg"])) == {
        world["mine"],
        world["colleague"],
    }
    Region.objects.filter(slug="sachsen-anhalt").first().projects.clear()
    everybody = set(notifications.responsible_coordinators(world["magdeburg"]))
    assert {world["mine"], world["colleague"], world["other"]} <= everybody


def test_a_project_without_reachable_coordinators_goes_to_the_administrators(world):
    admin = AdminFactory(email="admin@example.org")  # with a second factor
    empty = ProjectFactory(slug="leer", regions=[])
    request = ConsultationRequestFactory(project=empty)
    assert list(notifications.responsible_coordinators(request)) == [admin]


def test_messages_tell_the_other_side_without_content(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(world)
    mailoutbox.clear()
    # Unassigned: the professional's message goes to the project's coordination.
    with django_capture_on_commit_callbacks(execute=True):
        service.post_message(request, world["asker"], SECRET)
    assert {m.to[0] for m in mailoutbox} == {"kim@example.org", "kolleg@example.org"}
    mail = mailoutbox[0]
    assert SECRET not in mail.body and SECRET not in mail.alternatives[0][0]
    assert reverse("needs_consultations:request", args=[request.pk]) in mail.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.post_message(request, world["colleague"], SECRET)
    assert [m.to[0] for m in mailoutbox] == ["fachkraft@example.org"]
    assert SECRET not in mailoutbox[0].body
    assert reverse("needs_analysis:my_consultation", args=[request.pk]) in mailoutbox[0].body
    mailoutbox.clear()
    # Assigned now (whoever answered): the professional's next message goes to the assignee.
    with django_capture_on_commit_callbacks(execute=True):
        service.post_message(request, world["asker"], SECRET)
    assert [m.to[0] for m in mailoutbox] == ["kolleg@example.org"]


# Redaction and retention ---------------------------------------------------------------------


def test_redaction_replaces_the_text_and_is_logged_without_it(world):
    request = ask(world)
    message = service.post_message(request, world["asker"], "Frau Müller, geb. 1.2.1980")
    assert service.redact_message(message, world["mine"]) is True
    assert service.redact_message(message, world["mine"]) is False  # once
    message.refresh_from_db()
    assert message.body == REDACTED_TEXT and message.redacted_by == world["mine"]
    entry = ModelLogEntry.objects.get(action="needs_analysis.consultation.message_redacted")
    assert entry.object_id == str(request.pk) and entry.user_id == world["mine"].pk
    assert entry.data == {"message": message.pk}
    assert "Müller" not in str(entry.data)


def test_closed_requests_go_with_their_messages_after_the_retention_period(world):
    now = timezone.now()
    old = ask(world)
    service.post_message(old, world["asker"], "Alt")
    service.close(old, world["asker"])
    ConsultationRequest.objects.filter(pk=old.pk).update(closed_at=now - datetime.timedelta(400))
    open_one = ask(world)
    service.post_message(open_one, world["asker"], "Offen")
    ConsultationRequest.objects.filter(pk=open_one.pk).update(
        created_at=now - datetime.timedelta(800)
    )
    counts = retain_requests(now, {"request_days": 365, "event_days": 365})
    assert counts["consultation_requests_deleted"] == 1
    assert list(ConsultationRequest.objects.all()) == [open_one]
    assert list(ConsultationMessage.objects.values_list("body", flat=True)) == ["Offen"]


def test_the_export_lists_own_messages_and_deletion_keeps_them_without_the_author(world):
    from needs_analysis.privacy import anonymise, export

    request = ask(world)
    service.post_message(request, world["asker"], "Meine Frage")
    data = export(world["asker"])
    assert [m["body"] for m in data["consultation_messages"]] == ["Meine Frage"]
    anonymise(world["asker"])
    message = ConsultationMessage.objects.get()
    assert message.author is None and message.body == "Meine Frage"


# Client data -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rufen Sie 0391 123456 an", "phone"),
        ("Tel. +49 391 1234567", "phone"),
        ("Er wohnt Hauptstraße 12", "address"),
        ("in 39104 Magdeburg gemeldet", "address"),
        ("Verfahren VI ZR 12/20", "case_number"),
        ("Gefangenenbuchnummer 1234/22", "case_number"),
        ("Frau Müller sagte", "name"),
        ("geb. 12.03.1985", "birth_date"),
    ],
)
def test_client_data_kinds_are_found(text, kind):
    assert kind in find_client_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "Im Jahr 2024 hatten 15 Teilnehmende 3 Termine",
        "zwischen 10 und 12 Uhr, 2 Stunden",
        "Herr K. und Frau S. (anonymisiert)",
    ],
)
def test_general_text_has_no_hits(text):
    assert client_data_spans(text) == []


def test_hits_are_highlighted_and_the_rest_escaped():
    text = "<b>Frau Müller</b> 0391 123456"
    html = highlight(text, client_data_spans(text))
    assert html == "&lt;b&gt;<mark>Frau Müller</mark>&lt;/b&gt; <mark>0391 123456</mark>"


def test_the_assignee_is_told_unless_they_took_it_themselves(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.assign(request, world["mine"], by=world["mine"])
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        service.assign(request, world["colleague"], by=world["mine"])
    [mail] = mailoutbox
    assert mail.to == ["kolleg@example.org"]
    assert mail.extra_headers["X-Needs-Event"] == "consultation_assigned"
    assert reverse("needs_consultations:request", args=[request.pk]) in mail.body
    assert "rechtsextreme" not in mail.body
