"""Probes for the data-export test (``test_data_export.py``): per declared model, a function
that stores a row of it for the person with distinctive values and returns what the export must
show under that model's contributor key.

A model declared without a probe fails the test, so a new declaration needs a probe here (or an
entry in ``NOT_EXPORTED`` with its reason).
"""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType

from courses import services
from courses.models import CalendarFeedToken, CertificateRenewal
from needs_analysis.models import ConsultationRequest, Interest
from portal.models import Audience, Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.factories import CoordinatorFactory, ProjectFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)
from workshops.models import WorkshopRegistration

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


def probe_certificate_renewal(user):
    """A module certificate valid for 12 months, renewed by a refresher attended yesterday."""
    module = ModulePageFactory(title="Probe: Gültiges Modul", validity_months=12)
    offering = past_offering(days=1, module=module)
    enrollment = EnrollmentFactory(offering=offering, user=user)
    attend_all(offering)
    certificate = services.issue_certificate(enrollment)
    refresher = ModulePageFactory(title="Probe: Auffrischung")
    refresher.renews_modules.add(module)
    refresher.save()
    again = past_offering(days=1, module=refresher)
    EnrollmentFactory(offering=again, user=user)
    attend_all(again)
    renewal = CertificateRenewal.objects.get(certificate=certificate)
    return {"refresher": "Probe: Auffrischung", "valid_until": renewal.valid_until.isoformat()}


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


def probe_consultation_message(user):
    from needs_analysis.models import ConsultationMessage

    request = ConsultationRequestFactory(user=user, created_at=MOMENT)
    ConsultationMessage.objects.create(request=request, author=user, body="Probe-Nachricht")
    return {"body": "Probe-Nachricht"}


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


def probe_project(user):
    project = ProjectFactory(name="Probe-Projekt")
    project.coordinators.add(user)
    return {"project": "Probe-Projekt"}


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
    "courses.CertificateRenewal": probe_certificate_renewal,
    "courses.CalendarFeedToken": probe_calendar_feed_token,
    "courses.Offering": probe_offering,
    "courses.ModulePage": probe_module_page,
    "needs_analysis.ConsultationRequest": probe_consultation_request,
    "needs_analysis.ConsultationMessage": probe_consultation_message,
    "needs_analysis.InHouseRequest": probe_in_house_request,
    "needs_analysis.Interest": probe_interest,
    "needs_analysis.Finding": probe_finding,
    "workshops.WorkshopRegistration": probe_workshop_registration,
    "workshops.Workshop": probe_workshop,
    "portal.Project": probe_project,
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
