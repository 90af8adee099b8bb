"""The data export (Art. 15/20 GDPR) holds everything the privacy registry declares.

For every model a privacy contributor names in ``models`` there is a probe here: it stores a row
of that model for the person with distinctive values and says which of them the export must
show, under that contributor's key. A model declared without a probe fails the test, so a new
declaration needs a probe (or an entry in ``NOT_EXPORTED`` with its reason).
"""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from courses import services
from courses.models import Attendance, CalendarFeedToken, Enrollment
from needs_analysis.models import ConsultationRequest, Finding, Interest
from portal.models import Audience, Topic
from portal.privacy import contributors, declared_models, export_user_data
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.factories import CoordinatorFactory, ProfessionalFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)
from workshops.models import WorkshopRegistration

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
LATER = datetime.datetime(2025, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)


# Probes: model label -> function(user) -> {what: value the export must contain} ---------------


def probe_user(user):
    user.first_name, user.last_name = "Quirina", "Probestein"
    user.organisation, user.position = "Probe-Träger e. V.", "Probe-Fallmanagerin"
    user.language = "en"
    user.last_login = MOMENT
    user.save()
    return {
        "first_name": "Quirina",
        "last_name": "Probestein",
        "organisation": "Probe-Träger e. V.",
        "position": "Probe-Fallmanagerin",
        "field_of_work": user.audience.name,
        "region": user.region.name,
        "language": "English",
        "last_login": MOMENT.isoformat(),
        "date_joined": user.date_joined.isoformat(),
        "groups": "Fachkräfte",
    }


def probe_user_profile(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "Pacific/Chatham"
    profile.save()
    return {"current_time_zone": "Pacific/Chatham"}


def probe_authenticator(user):
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.TOTP,
        data={"secret": "NEVER-EXPORTED-SECRET"},
        created_at=MOMENT,
        last_used_at=LATER,
    )
    return {"type": "totp", "created_at": MOMENT.isoformat(), "last_used_at": LATER.isoformat()}


def probe_page_subscription(user):
    from wagtail.models import PageSubscription

    page = ModulePageFactory(title="Abonnierte Probeseite")
    PageSubscription.objects.create(user=user, page=page, comment_notifications=True)
    return {"page": "Abonnierte Probeseite"}


def probe_editing_session(user):
    from wagtail.admin.models import EditingSession

    EditingSession.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Topic),
        object_id="987654",
        last_seen_at=MOMENT,
    )
    return {"object": "portal.topic #987654", "last_seen_at": MOMENT.isoformat()}


def probe_form_state(user):
    from wagtail.admin.models import FormState

    FormState.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Topic),
        object_id="876543",
        parent_object_id="",
        data="Entwurf der Probe",
        last_updated_at=MOMENT,
    )
    return {"object": "portal.topic #876543", "data": "Entwurf der Probe"}


def probe_api_token(user):
    from wagtail.models import APIToken

    APIToken.objects.create(user=user, name="Probe-Token", key_hash="x" * 64, prefix="pre")
    return {"name": "Probe-Token"}


def probe_email_address(user):
    EmailAddress.objects.create(user=user, email="zweite.probe@example.org", verified=False)
    return {"email": "zweite.probe@example.org"}


def probe_enrollment(user):
    offering = OfferingFactory(module__title="Probe: Übergangsmanagement", requires_approval=True)
    enrollment = services.enroll(offering, user, comment="Probe-Anmerkung")
    services.decline(enrollment, by=CoordinatorFactory(), reason="Probe-Ablehnungsgrund")
    return {
        "module": "Probe: Übergangsmanagement",
        "comment": "Probe-Anmerkung",
        "status": "declined",
        "decline_reason": "Probe-Ablehnungsgrund",
    }


def probe_attendance(user):
    offering = past_offering(days=1, module__title="Probe: Anwesenheit")
    EnrollmentFactory(offering=offering, user=user)
    attend_all(offering)
    session = offering.ordered_sessions[0]
    return {"date": session.date.isoformat(), "present": '"present": true'}


def probe_certificate(user):
    offering = past_offering(days=1, module__title="Probe: Bescheinigtes Modul")
    enrollment = EnrollmentFactory(offering=offering, user=user)
    attend_all(offering)
    certificate = services.issue_certificate(enrollment)
    return {"code": certificate.code, "module": "Probe: Bescheinigtes Modul"}


def probe_consultation_request(user):
    request = ConsultationRequestFactory(
        user=user,
        description="Probe-Situation",
        preferred_contact="+49 345 5550101",
        internal_notes="Probe-Notiz der Koordination",
        phase=ConsultationRequest._meta.get_field("phase").choices[1][0],
        audience=Audience.objects.get(slug="bewaehrungshilfe"),
        status=ConsultationRequest.Status.CLOSED,
        closed_at=LATER,
        created_at=MOMENT,
    )
    topic = Topic.objects.order_by("pk").first()
    request.topics.set([topic])
    return {
        "preferred_contact": "+49 345 5550101",
        "internal_notes": "Probe-Notiz der Koordination",
        "phase": request.phase,
        "topics": topic.name,
        "status": "closed",
        "closed_at": LATER.isoformat(),
        "created_at": MOMENT.isoformat(),
    }


def probe_finding(user):
    FindingFactory(created_by=user, description="Probe-Bedarf aus der Praxis")
    return {"description": "Probe-Bedarf aus der Praxis"}


def probe_in_house_request(user):
    offering = OfferingFactory(title_suffix="Probe-Inhouse-Termin")
    InHouseRequestFactory(
        user=user,
        module=offering.module,
        organisation="Probe-JVA",
        group_size=17,
        preferred_period="Probe-Herbst",
        message="Probe-Nachricht",
        offering=offering,
    )
    return {
        "organisation": "Probe-JVA",
        "group_size": '"group_size": 17',
        "preferred_period": "Probe-Herbst",
        "message": "Probe-Nachricht",
        "offering": "Probe-Inhouse-Termin",
        "region": "Magdeburg",
    }


def probe_interest(user):
    offering = OfferingFactory(title_suffix="Probe-Benachrichtigung")
    InterestFactory(
        user=user,
        module=ModulePageFactory(title="Probe-Interessenmodul"),
        status=Interest.Status.NOTIFIED,
        notified_at=LATER,
        notified_offering=offering,
        created_at=MOMENT,
    )
    return {
        "module": "Probe-Interessenmodul",
        "created_at": MOMENT.isoformat(),
        "notified_at": LATER.isoformat(),
        "notified_offering": "Probe-Benachrichtigung",
    }


def probe_workshop_registration(user):
    workshop = WorkshopFactory(title="Probe-Werkstattgespräch")
    WorkshopRegistration.objects.create(
        workshop=workshop,
        user=user,
        audience=Audience.objects.get(slug="bewaehrungshilfe"),
        status=WorkshopRegistration.Status.CANCELLED,
        cancelled_at=LATER,
    )
    return {
        "workshop": "Probe-Werkstattgespräch",
        "field_of_work": user.audience.name,
        "cancelled_at": LATER.isoformat(),
    }


def probe_calendar_feed_token(user):
    CalendarFeedToken.objects.create(
        user=user, token="NEVER-EXPORTED-SECRET-feed", created_at=MOMENT, last_used_at=LATER
    )
    return {"created_at": MOMENT.isoformat(), "last_used_at": LATER.isoformat()}


def probe_offering(user):
    offering = OfferingFactory(title_suffix="Probe-Lehrtermin")
    offering.trainers.add(user)
    offering.save()
    return {"offering": "Probe-Lehrtermin"}


def probe_module_page(user):
    module = ModulePageFactory(title="Probe-Lehrmodul")
    module.trainers.add(user)
    module.save()
    return {"module": "Probe-Lehrmodul"}


def probe_workshop(user):
    workshop = WorkshopFactory(title="Probe-Moderation")
    workshop.facilitators.add(user)
    workshop.save()
    return {"workshop": "Probe-Moderation"}


def probe_comment(user):
    from wagtail.models import Comment

    page = ModulePageFactory(title="Kommentierte Probeseite")
    Comment.objects.create(page=page, user=user, text="Probe-Kommentar", contentpath="title")
    return {"text": "Probe-Kommentar"}


def probe_comment_reply(user):
    from wagtail.models import Comment, CommentReply

    page = ModulePageFactory(title="Beantwortete Probeseite")
    comment = Comment.objects.create(
        page=page, user=CoordinatorFactory(), text="Frage", contentpath="title"
    )
    CommentReply.objects.create(comment=comment, user=user, text="Probe-Antwort")
    return {"text": "Probe-Antwort"}


def _workflow_state(user, name):
    from wagtail.models import Task, Workflow, WorkflowState

    page = ModulePageFactory(title=f"{name}-Seite")
    workflow = Workflow.objects.create(name=f"{name}-Workflow")
    task = Task.objects.create(name=f"{name}-Aufgabe")
    page_type = ContentType.objects.get_for_model(page)
    state = WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id=str(page.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_NEEDS_CHANGES,
        requested_by=user,
    )
    return page, task, state


def probe_workflow_state(user):
    _workflow_state(user, "Probe-Review")
    return {"workflow": "Probe-Review-Workflow"}


def probe_task_state(user):
    from wagtail.models import TaskState

    page, task, state = _workflow_state(CoordinatorFactory(), "Probe-Moderation")
    TaskState.objects.create(
        workflow_state=state,
        revision=page.save_revision(),
        task=task,
        status=TaskState.STATUS_REJECTED,
        finished_at=MOMENT,
        finished_by=user,
        comment="Probe-Moderationskommentar",
        content_type=ContentType.objects.get_for_model(task),
    )
    return {"comment": "Probe-Moderationskommentar", "task": "Probe-Moderation-Aufgabe"}


def probe_model_log_entry(user):
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Topic),
        object_id="1",
        label="Probe-Protokolleintrag",
        action="wagtail.edit",
        user=user,
        timestamp=MOMENT,
    )
    return {"label": "Probe-Protokolleintrag", "timestamp": MOMENT.isoformat()}


def probe_page_log_entry(user):
    from wagtail.models import PageLogEntry

    page = ModulePageFactory(title="Protokollierte Probeseite")
    PageLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        page=page,
        label="Probe-Seitenprotokoll",
        action="wagtail.edit",
        user=user,
        timestamp=MOMENT,
    )
    return {"label": "Probe-Seitenprotokoll"}


def probe_task_result(user):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [{"to": [user.email], "subject": "Probe-Betreff"}], "kwargs": {}},
        task_path="portal.tasks.send_email",
        backend_name="default",
        run_after=MOMENT,
        exception_class_path="",
        traceback="",
    )
    return {"subject": "Probe-Betreff"}


PROBES = {
    "portal.User": probe_user,
    "wagtailusers.UserProfile": probe_user_profile,
    "mfa.Authenticator": probe_authenticator,
    "wagtailcore.PageSubscription": probe_page_subscription,
    "wagtailadmin.EditingSession": probe_editing_session,
    "wagtailadmin.FormState": probe_form_state,
    "wagtailcore.APIToken": probe_api_token,
    "account.EmailAddress": probe_email_address,
    "courses.Enrollment": probe_enrollment,
    "courses.Attendance": probe_attendance,
    "courses.Certificate": probe_certificate,
    "courses.CalendarFeedToken": probe_calendar_feed_token,
    "courses.Offering": probe_offering,
    "courses.ModulePage": probe_module_page,
    "needs_analysis.ConsultationRequest": probe_consultation_request,
    "needs_analysis.InHouseRequest": probe_in_house_request,
    "needs_analysis.Interest": probe_interest,
    "needs_analysis.Finding": probe_finding,
    "workshops.WorkshopRegistration": probe_workshop_registration,
    "workshops.Workshop": probe_workshop,
    "wagtailcore.Comment": probe_comment,
    "wagtailcore.CommentReply": probe_comment_reply,
    "wagtailcore.WorkflowState": probe_workflow_state,
    "wagtailcore.TaskState": probe_task_state,
    "wagtailcore.ModelLogEntry": probe_model_log_entry,
    "wagtailcore.PageLogEntry": probe_page_log_entry,
    "django_tasks_database.DBTaskResult": probe_task_result,
}

# Declared models whose rows are not in the export on purpose, with the reason.
NOT_EXPORTED = {
    "sessions.Session": (
        "A session holds only the signed user id and technical login state; it cannot be "
        "found by user without decoding every session, and it ends with the login."
    ),
}

# Fields of the user model the account export leaves out, with the reason.
USER_FIELDS_NOT_EXPORTED = {
    "id": "An internal number.",
    "password": "Only a hash is stored; the export says whether one is set (has_password).",
    "audience": "Exported by name as field_of_work.",
    "user_permissions": "Exported by codename as permissions.",
}


def _labels(models) -> set[str]:
    return {model._meta.label for model in models}


def _export_text(user, key) -> str:
    return json.dumps(export_user_data(user)[key], ensure_ascii=False)


def test_every_declared_model_has_a_probe_or_a_reason():
    declared = _labels(declared_models())
    assert sorted(declared - set(PROBES) - set(NOT_EXPORTED)) == []
    # No probe or reason for a model nobody declares (a renamed or dropped declaration).
    assert sorted((set(PROBES) | set(NOT_EXPORTED)) - declared) == []
    assert set(PROBES) & set(NOT_EXPORTED) == set()


@pytest.mark.parametrize(
    "label", sorted(label for c in contributors() for label in _labels(c.models))
)
def test_the_export_shows_what_each_declared_model_holds(label):
    if label in NOT_EXPORTED:
        assert NOT_EXPORTED[label].strip()
        return
    key = declared_models_by_label()[label]
    person = ProfessionalFactory()
    expected = PROBES[label](person)
    exported = _export_text(person, key)
    missing = {what: value for what, value in expected.items() if str(value) not in exported}
    assert missing == {}, f"{label}: not in export_user_data(user)[{key!r}]: {exported}"


def declared_models_by_label() -> dict[str, str]:
    return {model._meta.label: key for model, key in declared_models().items()}


def test_the_export_holds_every_field_of_the_user_model():
    from django.contrib.auth import get_user_model

    account = export_user_data(ProfessionalFactory())["account"]
    fields = {f.name for f in get_user_model()._meta.get_fields() if f.concrete}
    assert sorted(fields - set(account) - set(USER_FIELDS_NOT_EXPORTED)) == []


def test_the_export_never_holds_secrets():
    person = ProfessionalFactory()
    probe_authenticator(person)
    probe_api_token(person)
    probe_calendar_feed_token(person)
    text = json.dumps(export_user_data(person))
    assert "NEVER-EXPORTED-SECRET" not in text
    assert person.password not in text
    assert "x" * 64 not in text


def test_the_export_holds_the_needs_the_person_reported_and_caused():
    person = ProfessionalFactory()
    reported = FindingFactory(created_by=person, description="Selbst gemeldeter Probe-Bedarf")
    request = ConsultationRequestFactory(user=person)
    FindingFactory(consultation_request=request, description="Aus der Fachberatung")
    FindingFactory(in_house_request=InHouseRequestFactory(user=person), description="Inhouse")
    FindingFactory(interest=InterestFactory(user=person), description="Aus dem Interesse")
    FindingFactory(description="Von jemand anderem")
    FindingFactory(created_by=person, consultation_request=request, description="Beides")

    findings = export_user_data(person)["needs_analysis"]["findings"]

    assert sorted(f["description"] for f in findings) == [
        "Aus dem Interesse",
        "Aus der Fachberatung",
        "Beides",
        "Inhouse",
        "Selbst gemeldeter Probe-Bedarf",
    ]
    mine = next(f for f in findings if f["description"] == reported.description)
    assert mine["recorded_by_you"] is True
    assert mine["channel"] == Finding.Channel.REPORT
    assert mine["channel_label"] == "Bedarfsmeldung"


def test_choices_are_exported_with_their_labels():
    person = ProfessionalFactory()
    services.enroll(OfferingFactory(), person)
    enrollment = export_user_data(person)["enrollments"][0]
    assert enrollment["status"] == Enrollment.Status.CONFIRMED
    assert enrollment["status_label"] == "bestätigt"


def test_attendance_of_other_people_stays_out():
    person = ProfessionalFactory()
    offering = past_offering(days=1)
    EnrollmentFactory(offering=offering, user=person)
    EnrollmentFactory(offering=offering)
    attend_all(offering)
    assert Attendance.objects.count() == 2
    [enrollment] = export_user_data(person)["enrollments"]
    assert len(enrollment["attendance"]) == 1


def test_exported_dates_are_iso_and_json_serialisable():
    person = ProfessionalFactory()
    probe_consultation_request(person)
    data = json.loads(json.dumps(export_user_data(person)))
    [request] = data["needs_analysis"]["consultation_requests"]
    assert datetime.datetime.fromisoformat(request["created_at"]) == MOMENT
    assert timezone.is_aware(datetime.datetime.fromisoformat(data["exported_at"]))
