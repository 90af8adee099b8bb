"""Materials: who may download public and participant documents, and where they are listed."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses import access
from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    Enrollment,
    ParticipantMaterial,
    PublicMaterial,
)
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db

CONTENT = b"Handreichung zum Fallmanagement"


def make_document(title, collection_name):
    collection = Collection.objects.get(name=collection_name)
    document = Document(title=title, collection=collection)
    document.file.save(f"{title.lower()}.txt", ContentFile(CONTENT), save=False)
    document.save()
    return document


@pytest.fixture
def setup():
    module = ModulePageFactory(title="Übergangsmanagement")
    offering = OfferingFactory(module=module)
    public = make_document("Flyer", PUBLIC_COLLECTION)
    private = make_document("Skript", PARTICIPANT_COLLECTION)
    PublicMaterial.objects.create(page=module, document=public, title="Flyer zum Modul")
    ParticipantMaterial.objects.create(
        page=module, document=private, title="Skript für Teilnehmende"
    )
    trainer = TrainerFactory()
    module.trainers.add(trainer)
    module.save()
    users = {
        "anonymous": None,
        "professional": ProfessionalFactory(),
        "waitlisted": EnrollmentFactory(
            offering=offering, status=Enrollment.Status.WAITLISTED, confirmed_at=None
        ).user,
        "cancelled": EnrollmentFactory(
            offering=offering, status=Enrollment.Status.CANCELLED, confirmed_at=None
        ).user,
        "confirmed": EnrollmentFactory(offering=offering).user,
        "trainer": trainer,
        "other_trainer": TrainerFactory(),
        "coordinator": CoordinatorFactory(),
    }
    yield {"module": module, "offering": offering, "public": public, "private": private, **users}
    for document in (public, private):
        document.file.delete(save=False)


EXPECTED_PRIVATE = {
    "anonymous": 302,
    "professional": 403,
    "waitlisted": 403,
    "cancelled": 403,
    "confirmed": 200,
    "trainer": 200,
    "other_trainer": 403,
    "coordinator": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED_PRIVATE))
def test_download_matrix(client, setup, role):
    user = setup[role]
    if user is not None:
        client.force_login(user)
    public = client.get(setup["public"].url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == CONTENT
    private = client.get(setup["private"].url)
    assert private.status_code == EXPECTED_PRIVATE[role]
    if private.status_code == 200:
        assert b"".join(private.streaming_content) == CONTENT
    if role == "anonymous":
        assert private["Location"].startswith(str(reverse("account_login")))
    assert access.can_download(user or _anonymous(), setup["private"]) == (
        EXPECTED_PRIVATE[role] == 200
    )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_document_url_is_the_serve_view_not_media(client, setup):
    document = setup["private"]
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    response = client.get(settings.MEDIA_URL + document.file.name)
    assert response.status_code == 404
    client.force_login(setup["coordinator"])
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_offering_trainer_and_translations_share_access(setup):
    trainer = TrainerFactory()
    offering = setup["offering"]
    offering.trainers.add(trainer)
    offering.save()
    assert access.can_download(trainer, setup["private"])
    # A participant of another offering of the same module.
    other = EnrollmentFactory(offering=OfferingFactory(module=setup["module"]))
    assert access.can_download(other.user, setup["private"])


def test_unused_document_in_participant_collection_is_staff_only(setup):
    draft = make_document("Entwurf", PARTICIPANT_COLLECTION)
    try:
        assert not access.can_download(setup["confirmed"], draft)
        assert not access.can_download(_anonymous(), draft)
        assert access.can_download(setup["trainer"], draft)
        assert access.can_download(setup["coordinator"], draft)
    finally:
        draft.file.delete(save=False)


def test_module_page_lists_materials_by_access(client, site_pages, setup):
    url = setup["module"].url
    html = client.get(url).content.decode()
    assert "Flyer zum Modul" in html
    assert "Skript für Teilnehmende" not in html
    client.force_login(setup["professional"])
    assert "Skript für Teilnehmende" not in client.get(url).content.decode()
    client.force_login(setup["confirmed"])
    html = client.get(url).content.decode()
    assert "Skript für Teilnehmende" in html
    assert setup["private"].url in html


def test_my_trainings_lists_participant_materials(client, setup):
    client.force_login(setup["confirmed"])
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert "Skript für Teilnehmende" in html
    client.force_login(setup["waitlisted"])
    assert (
        "Skript für Teilnehmende"
        not in client.get(reverse("courses:my_trainings")).content.decode()
    )


def test_collections_exist():
    root = Collection.get_first_root_node()
    names = set(root.get_children().values_list("name", flat=True))
    assert {PUBLIC_COLLECTION, PARTICIPANT_COLLECTION} <= names
