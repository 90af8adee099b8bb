"""Art. 17 GDPR, traced through the database: after the account deletion no column of any
table holds the person's e-mail address or name.

A person with a name found nowhere else leaves traces everywhere the platform writes (sessions,
second factor, enrolments and their audit log, a certificate, requests naming themselves,
queued mails, a coordinator's note); then the real deletion view runs and every column of every
table, cast to text (so JSON counts), is searched for the address and the names.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Certificate, Enrollment, Offering
from needs_analysis.services import intake
from portal import erasure
from portal.models import Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory, _add_totp
from tests.needs_analysis.factories import WorkshopFactory
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zoraida", "Quellenberg"
EMAIL = "zoraida.quellenberg@example.org"
NEEDLES = [EMAIL, f"{FIRST} {LAST}", FIRST, LAST]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def hits(needles=NEEDLES) -> list[str]:
    """Every ``table.column`` holding one of the needles (any case), over the whole database."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                name = quote(column.name)
                condition = " OR ".join([f"LOWER(CAST({name} AS TEXT)) LIKE %s"] * len(needles))
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}",
                    [f"%{needle.lower()}%" for needle in needles],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


@pytest.fixture
def module(db):
    page = ModulePageFactory(title="Radikalisierung verstehen")
    page.topics.set(Topic.objects.filter(slug__in=["rechtsextremismus"]))
    page.save_revision().publish()
    return page


@pytest.fixture
def person(db):
    person = UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST)
    _add_totp(person, True, None)  # a second factor (TOTP and recovery codes)
    return person


def leave_traces(person, module, django_capture_on_commit_callbacks):
    """Everything a participant does, and what staff do about them. Returns the certificate
    and the participant numbers per offering."""
    coordinator = CoordinatorFactory(first_name="Kim", last_name="Koordinatorin")
    with django_capture_on_commit_callbacks(execute=True):
        # Attended, with a certificate; the coordinator's audit entries name the person.
        attended = past_offering(days=2, module=module)
        enrollment = Enrollment.objects.create(
            offering=attended,
            user=person,
            status=Enrollment.Status.REQUESTED,
            comment=f"Bitte Rechnung an {FIRST} {LAST}",
        )
        services.approve(enrollment, by=coordinator)
        attend_all(attended, by=coordinator)
        certificate = services.issue_certificate(enrollment, by=coordinator)
        # Upcoming: one cancelled by the person, one declined with a reason naming them, one
        # still confirmed (given back by the deletion).
        upcoming = OfferingFactory(
            module=module,
            requires_approval=True,
            internal_notes=f"Rückruf bei Frau {LAST} wegen Barrierefreiheit; {FIRST} fragt nach.",
        )
        cancelled = services.enroll(OfferingFactory(module=module), person)
        services.cancel(cancelled, by=person)
        declined = services.enroll(upcoming, person)
        services.decline(declined, coordinator, reason=f"Leider voll, Frau {LAST}.")
        services.enroll(OfferingFactory(module=module), person, comment="Vegetarisch")
        # Somebody else's comment names the person.
        services.enroll(upcoming, UserFactory(), comment=f"Ich komme mit {FIRST} {LAST}")
        # Requests naming the person themselves, an interest, a workshop talk.
        intake.request_consultation(
            person,
            region=person.region,
            topics=[],
            description=f"Ich, {FIRST} {LAST}, frage für mein Team ({EMAIL}).",
            preferred_contact=EMAIL,
        )
        intake.request_in_house(
            person,
            module,
            organisation="Freie Straffälligenhilfe Halle",
            region=person.region,
            group_size=6,
            message=f"Rückfragen bitte an {FIRST} {LAST}, {EMAIL}.",
        )
        intake.express_interest(person, module)
        workshop_services.register(WorkshopFactory(), person)
    # A staff member's entry about the account itself (label: the person's name).
    log(person, "wagtail.edit", user=coordinator)
    # One of the queued mails to the person has been sent: finished results count too.
    to_person = DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(
        text__icontains=EMAIL
    )
    DBTaskResult.objects.filter(pk=to_person.order_by("enqueued_at").values("pk")[:1]).update(
        status="SUCCESSFUL", finished_at=timezone.now()
    )
    counts = {
        offering.pk: offering.enrollments.count()
        for offering in Offering.objects.filter(enrollments__user=person).distinct()
    }
    return certificate, counts


def sessions_of(user) -> list[str]:
    return [
        session.pk
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


@override_settings(TASKS=DB_TASKS)
def test_after_the_deletion_no_table_holds_the_email_or_the_name(
    client, person, module, django_capture_on_commit_callbacks
):
    certificate, counts = leave_traces(person, module, django_capture_on_commit_callbacks)
    other_device = Client()
    other_device.force_login(person)
    client.force_login(person)
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302
    page = client.get("/mein-bereich/datenschutz/konto-loeschen/")
    assert page.status_code == 200
    assert 'id="deletion-consequences"' in page.content.decode()
    # The traces are really there before: otherwise the scan below proves nothing.
    before = hits()
    for expected in (
        "portal_user.email",
        "account_emailaddress.email",
        "wagtailcore_modellogentry.label",
        "django_tasks_database_dbtaskresult.args_kwargs",
        "courses_certificate.participant_name",
        "needs_analysis_consultationrequest.description",
        "needs_analysis_inhouserequest.message",
        "courses_offering.internal_notes",
        "courses_enrollment.comment",
    ):
        assert expected in before
    assert len(sessions_of(person)) == 2
    assert ModelLogEntry.objects.filter(user_id=person.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mein-bereich/datenschutz/konto-loeschen/", {"confirm": "on"})

    assert response.status_code == 302
    remaining = hits()
    assert remaining == [], "the e-mail or name is still in: " + ", ".join(remaining)
    assert sessions_of(person) == []
    assert not ModelLogEntry.objects.filter(user_id=person.pk).exists()
    # The participant numbers stay.
    assert {pk: Enrollment.objects.filter(offering_id=pk).count() for pk in counts} == counts
    # The certificate stays verifiable, with the initials and the note on the deletion.
    page = Client().get(certificate.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Z. Q." in html
    assert 'id="holder-deleted"' in html
    certificate.refresh_from_db()
    assert certificate.participant_name == "Z. Q."
    assert certificate.holder_deleted_at is not None
    assert not certificate.is_revoked


@override_settings(TASKS=DB_TASKS)
def test_the_english_verification_page_says_the_account_was_deleted(
    person, module, django_capture_on_commit_callbacks
):
    certificate, _counts = leave_traces(person, module, django_capture_on_commit_callbacks)
    from portal.privacy import delete_account

    delete_account(person)

    html = Client().get(f"/en{certificate.get_absolute_url()}").content.decode()
    assert "deleted their account" in html
    assert Certificate.objects.get(pk=certificate.pk).participant_name == "Z. Q."


def test_redact_replaces_whole_words_in_any_case():
    needles = ("jo.li@example.org", "Jo Li", "Jo", "Li")
    text = "JO LI (jo.li@example.org) traf Jo in Lippstadt; Alltag, Li-Ion, x.jo.li@example.org"
    assert erasure.redact(text, needles) == (
        "[entfernt] ([entfernt]) traf [entfernt] in Lippstadt; Alltag, Li-Ion, x.jo.li@example.org"
    )


def test_a_first_name_alone_is_redacted_only_where_the_entry_is_about_the_person(db):
    paula = UserFactory(first_name="Paula", last_name="Quellenbergova", email="pq@example.org")
    other = UserFactory(first_name="Paula", last_name="Sonnenschein")
    log(other, "wagtail.edit", user=other)
    log(paula, "wagtail.edit", user=other)

    erasure.rewrite_audit_log(paula)

    labels = sorted(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels == ["Paula Sonnenschein", "[entfernt]"]


@override_settings(TASKS=DB_TASKS)
def test_the_export_lists_the_traces_before_the_deletion(
    person, module, django_capture_on_commit_callbacks
):
    from portal.privacy import export_user_data

    leave_traces(person, module, django_capture_on_commit_callbacks)

    data = export_user_data(person)

    entries = data["audit_log"]
    assert any(e["by_you"] and e["action"] == "courses.enrollment.cancelled" for e in entries)
    assert any(  # the coordinator's entry about the person's enrolment
        not e["by_you"] and e["action"] == "courses.enrollment.declined" for e in entries
    )
    mails = data["background_tasks"]
    assert mails and {tuple(mail["recipients"]) for mail in mails} == {(EMAIL,)}
    assert {"READY", "SUCCESSFUL"} == {mail["status"] for mail in mails}
    assert data["teaching"] == {"modules": [], "offerings": []}


def test_a_trainer_and_facilitator_is_exported_and_forgotten(db, module):
    from portal.privacy import delete_account, export_user_data

    trainer = UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST)
    module.trainers.add(trainer)
    module.save()
    offering = OfferingFactory(module=module)
    offering.trainers.add(trainer)
    offering.save()
    workshop = WorkshopFactory()
    workshop.facilitators.add(trainer)
    workshop.save()

    data = export_user_data(trainer)
    assert [m["module"] for m in data["teaching"]["modules"]] == [module.title]
    assert len(data["teaching"]["offerings"]) == 1
    assert [w["workshop"] for w in data["workshop_facilitation"]] == [str(workshop)]

    delete_account(trainer)

    assert not module.trainers.exists() and not offering.trainers.exists()
    assert not workshop.facilitators.exists()
    remaining = hits()
    assert remaining == [], "the e-mail or name is still in: " + ", ".join(remaining)
