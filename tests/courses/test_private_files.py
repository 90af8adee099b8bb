"""Private files (R6): documents live outside MEDIA_ROOT under random names and are sent only by
the access-checking serve view, participant materials with ``Cache-Control: private, no-store``."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.static import serve as static_serve
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses.models import PARTICIPANT_COLLECTION, PUBLIC_COLLECTION, ParticipantMaterial
from portal import backups, storage
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

CONTENT = b"Handreichung zum Fallmanagement"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def make_document(title, collection_name, name):
    document = Document(title=title, collection=Collection.objects.get(name=collection_name))
    document.file.save(name, ContentFile(CONTENT), save=False)
    document.save()
    return document


@pytest.fixture
def material():
    module = ModulePageFactory(title="Übergangsmanagement")
    offering = OfferingFactory(module=module)
    document = make_document("Skript", PARTICIPANT_COLLECTION, "skript-fallmanagement.docx")
    ParticipantMaterial.objects.create(page=module, document=document, title="Skript")
    return {
        "document": document,
        "confirmed": EnrollmentFactory(offering=offering).user,
        "professional": ProfessionalFactory(),
    }


def test_file_is_outside_media_root_under_a_random_name(material, private_root, settings):
    document = material["document"]
    path = Path(document.file.path)
    assert path.is_file()
    assert path.is_relative_to(private_root)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert document.file.name != "documents/skript-fallmanagement.docx"
    directory, token, name = document.file.name.split("/")
    assert (directory, name) == ("documents", "skript-fallmanagement.docx")
    assert len(token) == 32
    assert document.filename == "skript-fallmanagement.docx"


def test_no_url_below_media_url(material, settings):
    document = material["document"]
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    assert not document.url.startswith(settings.MEDIA_URL)


def test_media_url_gives_404(client, material, settings):
    """``make run`` serves MEDIA_ROOT under MEDIA_URL (django.views.static); the document is
    not in there, under its stored name or its original one."""
    document = material["document"]
    request = RequestFactory().get("/")
    for name in (document.file.name, f"documents/{document.filename}"):
        with pytest.raises(Http404):
            static_serve(request, name, document_root=settings.MEDIA_ROOT)
    client.force_login(material["confirmed"])
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_serve_view_for_a_confirmed_participant(client, material):
    document = material["document"]
    client.force_login(material["confirmed"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["Content-Disposition"] == 'attachment; filename="skript-fallmanagement.docx"'


def test_serve_view_refuses_others(client, material):
    document = material["document"]
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(material["professional"])
    assert client.get(document.url).status_code == 403


def test_public_document_is_not_marked_private(client, private_root):
    document = make_document("Flyer", PUBLIC_COLLECTION, "flyer.pdf")
    response = client.get(document.url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert Path(document.file.path).is_relative_to(private_root)


def test_deleting_a_document_removes_its_random_directory(material):
    document = material["document"]
    directory = Path(document.file.path).parent
    document.delete()
    document.file.storage.delete(document.file.name)
    assert not directory.exists()


@override_settings(SENDFILE_BACKEND="portal.storage", SENDFILE_URL="/private-files/")
def test_nginx_sends_the_file_after_the_access_check(client, material):
    from wagtail.utils.sendfile import _get_sendfile

    _get_sendfile.clear()
    try:
        client.force_login(material["confirmed"])
        response = client.get(material["document"].url)
    finally:
        _get_sendfile.clear()
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/private-files/" + material["document"].file.name
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_backup_includes_the_private_root(private_root):
    assert backups.volumes()["private"] == Path(private_root)


def test_documents_storage_is_not_part_of_the_schema():
    call_command("makemigrations", "wagtaildocs", check=True, dry_run=True, verbosity=0)
    assert Document._meta.get_field("file").storage is storage.private_storage()


def test_files_left_in_media_root_are_moved(settings, private_root):
    old = Path(settings.MEDIA_ROOT) / "documents" / "alt.txt"
    old.parent.mkdir(parents=True)
    old.write_bytes(CONTENT)
    document = Document.objects.create(
        title="Alt", file="documents/alt.txt", collection=Collection.get_first_root_node()
    )
    call_command("move_documents_private", stdout=io.StringIO())
    document.refresh_from_db()
    assert not old.exists()
    assert Path(document.file.path).is_relative_to(private_root)
    assert document.filename == "alt.txt"
    assert Path(document.file.path).read_bytes() == CONTENT
