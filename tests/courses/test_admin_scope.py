"""Trainer scope in Wagtail's own admin screens (courses/admin_scope.py): the site history shows
trainers only their offerings' entries; the document listing, chooser and admin API hide other
modules' participant materials."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.documents.models import Document
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses import access
from courses.models import PARTICIPANT_COLLECTION, PUBLIC_COLLECTION, ParticipantMaterial
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.test_materials import make_document
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mine = ModulePageFactory(title="Modul der Referentin")
    other = ModulePageFactory(title="Modul einer anderen Person")
    trainer = TrainerFactory()
    mine.trainers.add(trainer)
    mine.save()
    offering_trainer = TrainerFactory()
    other_offering = OfferingFactory(module=other, title_suffix="Fremdtermin")
    offering_trainer_offering = OfferingFactory(module=other, title_suffix="Eigener Termin")
    offering_trainer_offering.trainers.add(offering_trainer)
    offering_trainer_offering.save()
    documents = {
        "flyer": make_document("Flyer", PUBLIC_COLLECTION),
        "mine": make_document("Skript Eigen", PARTICIPANT_COLLECTION),
        "other": make_document("Skript Fremd", PARTICIPANT_COLLECTION),
        "unused": make_document("Entwurf Intern", PARTICIPANT_COLLECTION),
    }
    ParticipantMaterial.objects.create(page=mine, document=documents["mine"])
    ParticipantMaterial.objects.create(page=other, document=documents["other"])
    participant = EnrollmentFactory(offering=OfferingFactory(module=other)).user
    yield {
        "mine": OfferingFactory(module=mine, title_suffix="Mein Termin"),
        "other": other_offering,
        "documents": documents,
        "users": {
            "anonymous": AnonymousUser(),
            "professional": ProfessionalFactory(),
            "participant_of_other": participant,
            "trainer": trainer,
            "offering_trainer": offering_trainer,
            "other_trainer": TrainerFactory(),
            "coordinator": CoordinatorFactory(),
        },
    }
    for document in documents.values():
        document.file.delete(save=False)


VISIBLE = {
    "anonymous": {"flyer"},
    "professional": {"flyer"},
    "participant_of_other": {"flyer", "other"},
    "trainer": {"flyer", "mine", "unused"},
    "offering_trainer": {"flyer", "other", "unused"},
    "other_trainer": {"flyer", "unused"},
    "coordinator": {"flyer", "mine", "other", "unused"},
}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_documents_for_is_can_download_for_a_queryset(world, role):
    user = world["users"][role]
    documents = world["documents"]
    names = {pk: name for name, pk in ((n, d.pk) for n, d in documents.items())}
    shown = {
        names[pk]
        for pk in access.documents_for(user, Document.objects.all()).values_list("pk", flat=True)
    }
    assert shown == VISIBLE[role]
    assert {n for n, d in documents.items() if access.can_download(user, d)} == VISIBLE[role]


def test_own_uploads_stay_visible_to_the_uploader(world):
    other_trainer = world["users"]["other_trainer"]
    document = world["documents"]["other"]
    document.uploaded_by_user = other_trainer
    document.save()
    assert access.documents_for(other_trainer, Document.objects.filter(pk=document.pk)).exists()


def test_chooser_listing_and_api_hide_other_modules_materials(client, world):
    documents = world["documents"]
    other = documents["other"]
    client.force_login(world["users"]["trainer"])
    chooser = client.get("/admin/documents/chooser/")
    assert chooser.status_code == 200
    html = json.loads(chooser.content)["html"]
    assert "Skript Eigen" in html
    assert "Flyer" in html
    assert "Skript Fremd" not in html
    assert other.url not in html
    results = client.get("/admin/documents/chooser/results/?q=Skript")
    assert results.status_code == 200
    assert "Skript Fremd" not in results.content.decode()
    chosen = client.get(f"/admin/documents/chooser/chosen/{documents['mine'].pk}/")
    assert chosen.status_code == 200
    for url in (
        f"/admin/documents/chooser/chosen/{other.pk}/",
        f"/admin/documents/edit/{other.pk}/",
        f"/admin/documents/usage/{other.pk}/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url

    api = client.get("/admin/api/main/documents/")
    assert api.status_code == 200
    titles = {item["title"] for item in api.json()["items"]}
    assert titles == {"Flyer", "Skript Eigen", "Entwurf Intern"}
    assert client.get(f"/admin/api/main/documents/{other.pk}/").status_code == 404

    # Trainers may add documents, so they have the listing: of their own uploads.
    other.uploaded_by_user = world["users"]["trainer"]
    other.save()
    ParticipantMaterial.objects.filter(document=documents["mine"]).update(document=other)
    listing = client.get("/admin/documents/")
    assert listing.status_code == 200
    assert "Skript Fremd" in listing.content.decode()


def test_coordinators_see_every_document(client, world):
    client.force_login(world["users"]["coordinator"])
    html = client.get("/admin/documents/").content.decode()
    for title in ("Flyer", "Skript Eigen", "Skript Fremd", "Entwurf Intern"):
        assert title in html
    titles = {item["title"] for item in client.get("/admin/api/main/documents/").json()["items"]}
    assert titles == {"Flyer", "Skript Eigen", "Skript Fremd", "Entwurf Intern"}


def _log_everything(world, by):
    for offering in (world["mine"], world["other"]):
        log(offering, "courses.offering.capacity_changed", user=by)
        enrollment = EnrollmentFactory(offering=offering)
        log(enrollment, "courses.enrollment.confirmed", user=by)


def _shown(user):
    return {
        (entry.content_type.model, entry.object_id)
        for entry in ModelLogEntry.objects.viewable_by_user(user)
    }


def test_site_history_shows_trainers_only_their_offerings(client, world):
    coordinator = world["users"]["coordinator"]
    trainer = world["users"]["trainer"]
    _log_everything(world, coordinator)
    mine, other = world["mine"], world["other"]

    assert ("offering", str(mine.pk)) in _shown(trainer)
    assert ("offering", str(other.pk)) not in _shown(trainer)
    assert {model for model, _pk in _shown(trainer)} == {"offering"}
    assert {("offering", str(mine.pk)), ("offering", str(other.pk))} <= _shown(coordinator)
    assert {model for model, _pk in _shown(coordinator)} >= {"offering", "enrollment"}
    assert _shown(world["users"]["other_trainer"]) == set()

    client.force_login(trainer)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mein Termin" in html
    assert "Fremdtermin" not in html
    export = client.get("/admin/reports/site-history/?export=csv")
    assert export.status_code == 200
    csv = b"".join(export.streaming_content).decode()
    assert "Mein Termin" in csv
    assert "Fremdtermin" not in csv

    client.force_login(coordinator)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "Mein Termin" in html
    assert "Fremdtermin" in html
