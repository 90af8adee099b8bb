"""Material as a journey: a trainer uploads in one step, participants find it and get one mail."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Page

from courses import material_mail
from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    Enrollment,
    Offering,
    ParticipantMaterial,
    PublicMaterial,
)
from courses.services.materials import add_material
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db

Status = Enrollment.Status
PDF = b"%PDF-1.4\n% Handout\n"


def upload(name="handout.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def module(trainer):
    page = ModulePageFactory(title="Case Management im Übergangsmanagement")
    page.trainers.add(trainer)
    page.save_revision().publish()
    return page


def upload_url(module):
    return reverse("course_material_upload", args=[module.pk])


def post(client, module, **data):
    return client.post(
        upload_url(module),
        {"file": upload(), "title": "Checkliste", "visibility": "participants", **data},
    )


# 1. Uploading from the module in the admin --------------------------------------------------


def test_trainer_uploads_participant_material_in_one_step(client, module, trainer):
    client.force_login(trainer)
    assert client.get(upload_url(module)).status_code == 200

    response = post(client, module, notify="on")

    assert response.status_code == 302
    material = ParticipantMaterial.objects.get(page=module)
    document = material.document
    assert document.title == "Checkliste"
    assert document.collection.name == PARTICIPANT_COLLECTION
    assert document.uploaded_by_user == trainer
    # Stored privately, under a random directory.
    assert Path(document.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not PublicMaterial.objects.filter(page=module).exists()


def test_public_material_goes_to_the_public_collection(client, module, coordinator):
    client.force_login(coordinator)
    response = post(client, module, visibility="public", title="")
    assert response.status_code == 302
    material = PublicMaterial.objects.get(page=module)
    assert material.document.collection.name == PUBLIC_COLLECTION
    assert material.document.title == "handout"  # the file name when no title is given


def test_only_the_modules_trainers_and_the_coordination_may_upload(
    client, module, professional, coordinator
):
    other_trainer = TrainerFactory()
    client.force_login(other_trainer)
    assert client.get(upload_url(module)).status_code == 404
    assert post(client, module).status_code == 404
    client.force_login(professional)
    assert client.get(upload_url(module)).status_code == 302  # to the login
    assert post(client, module).status_code == 302
    assert not Document.objects.exists()
    client.force_login(coordinator)
    assert client.get(upload_url(module)).status_code == 200


def test_a_page_that_is_not_a_module_is_not_found(client, coordinator):
    client.force_login(coordinator)
    root = Page.get_first_root_node()
    assert client.get(reverse("course_material_upload", args=[root.pk])).status_code == 404


def test_file_types_outside_wagtaildocs_extensions_are_refused(client, module, trainer):
    client.force_login(trainer)
    response = client.post(
        upload_url(module),
        {"file": upload("tool.exe", b"MZ"), "title": "Tool", "visibility": "public"},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()


def test_files_over_the_upload_limit_are_refused(client, module, trainer, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    client.force_login(trainer)
    response = post(client, module)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()


def test_the_material_survives_publishing_the_next_draft(module, trainer):
    """Wagtail publishes a page from its revision: the upload is in the latest revision too."""
    module.title = "Neuer Titel"
    draft = module.save_revision(user=trainer)
    add_material(module, file=upload(), title="Checkliste", public=False, notify=False)

    draft.refresh_from_db()
    draft.publish()

    assert ParticipantMaterial.objects.filter(page=module).count() == 1
    module.refresh_from_db()
    assert module.title == "Neuer Titel"


def test_the_editor_links_to_the_upload(client, module, trainer):
    client.force_login(trainer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert upload_url(module) in html
    client.force_login(TrainerFactory())
    other = ModulePageFactory()
    assert (
        upload_url(other)
        not in client.get(
            reverse("wagtailadmin_explore", args=[other.get_parent().pk])
        ).content.decode()
    )


def test_the_offering_participants_view_links_to_the_upload(client, module, trainer):
    offering = OfferingFactory(module=module)
    client.force_login(trainer)
    html = client.get(reverse("offerings:participants", args=[offering.pk])).content.decode()
    assert upload_url(module) in html


# 2. "My trainings" ----------------------------------------------------------------------------


def test_my_trainings_lists_public_and_participant_materials_for_confirmed_places(client, module):
    offering = OfferingFactory(module=module)
    add_material(module, file=upload(), title="Checkliste", public=False, notify=False)
    add_material(module, file=upload("flyer.pdf"), title="Flyer", public=True, notify=False)
    confirmed = EnrollmentFactory(offering=offering).user
    waitlisted = EnrollmentFactory(
        offering=offering, status=Status.WAITLISTED, confirmed_at=None
    ).user

    client.force_login(confirmed)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert "Checkliste" in html and "Flyer" in html
    client.force_login(waitlisted)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert "Checkliste" not in html and "Flyer" not in html


def _enrol_in_modules(user, numbers):
    for number in numbers:
        page = ModulePageFactory(title=f"Modul {number}", slug=f"modul-{number}")
        page.save_revision().publish()
        add_material(page, file=upload(), title=f"Skript {number}", public=False, notify=False)
        add_material(page, file=upload(), title=f"Flyer {number}", public=True, notify=False)
        EnrollmentFactory(offering=OfferingFactory(module=page), user=user)


def test_my_trainings_costs_the_same_queries_for_one_and_five_enrolments(client, professional):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _enrol_in_modules(professional, range(1))
    client.force_login(professional)
    client.get(reverse("courses:my_trainings"))  # warm caches (site, locale)
    with CaptureQueriesContext(connection) as one:
        html = client.get(reverse("courses:my_trainings")).content.decode()
    assert "Skript 0" in html and "Flyer 0" in html

    _enrol_in_modules(professional, range(1, 5))
    client.get(reverse("courses:my_trainings"))  # the enrolments bumped the content version
    with CaptureQueriesContext(connection) as five:
        html = client.get(reverse("courses:my_trainings")).content.decode()
    assert all(f"Skript {n}" in html for n in range(5))
    assert len(five) == len(one)


# 3. One mail per upload -----------------------------------------------------------------------


def test_one_mail_to_each_confirmed_participant_of_trainings_not_yet_ended(
    client, module, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    upcoming = OfferingFactory(module=module)
    later = OfferingFactory(
        module=module, sessions=[(in_days(60), datetime.time(9), datetime.time(16))]
    )
    ended = OfferingFactory(
        module=module, sessions=[(in_days(-10), datetime.time(9), datetime.time(16))]
    )
    cancelled_offering = OfferingFactory(module=module, status=Offering.Status.CANCELLED)
    confirmed = EnrollmentFactory(offering=upcoming).user
    EnrollmentFactory(offering=later, user=confirmed)  # two places: still one mail
    EnrollmentFactory(offering=upcoming, status=Status.WAITLISTED, confirmed_at=None)
    EnrollmentFactory(offering=upcoming, status=Status.REQUESTED, confirmed_at=None)
    EnrollmentFactory(offering=upcoming, status=Status.CANCELLED, confirmed_at=None)
    EnrollmentFactory(offering=ended)
    EnrollmentFactory(offering=cancelled_offering)
    mailoutbox.clear()

    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, module, notify="on")

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[confirmed.email]]
    message = mailoutbox[0]
    document = ParticipantMaterial.objects.get(page=module).document
    assert "Case Management im Übergangsmanagement" in message.subject
    assert "Checkliste" in message.body
    assert f"{settings.PORTAL_BASE_URL.rstrip('/')}{document.url}" in message.body
    assert message.extra_headers["X-Courses-Event"] == material_mail.MATERIAL_ADDED
    html = message.alternatives[0][0]
    assert "Checkliste" in html


def test_no_mail_when_the_trainer_unticks_notify(
    client, module, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    EnrollmentFactory(offering=OfferingFactory(module=module))
    mailoutbox.clear()
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, module).status_code == 302  # checkbox not sent: unticked
    assert mailoutbox == []


def test_the_mail_is_in_the_participants_language(
    module, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(offering=OfferingFactory(module=module))
    enrollment.user.language = "en"
    enrollment.user.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_material(module, file=upload(), title="Checkliste", public=True)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("New material for")
