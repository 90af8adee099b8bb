"""Private files: where Wagtail documents are kept, and how the web server may send them.

Every Wagtail document (participant materials among them) lives below ``PRIVATE_MEDIA_ROOT``,
outside ``MEDIA_ROOT``, in a directory with a random name: ``documents/<32 hex>/<original
name>``. Nothing serves that directory; the only way to a document is Wagtail's serve view
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which asks ``courses.access.can_download`` through
the ``before_serve_document`` hook. The original name stays the last part of the path, so the
download's Content-Disposition and the serve URL keep it.

In production the serve view can leave the sending to the web server (``DJANGO_SENDFILE``):
``sendfile`` below answers with ``X-Accel-Redirect`` (nginx) or ``X-Sendfile`` (Apache); see
"Private files" in the README.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import secrets
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.http import HttpResponse
from django.utils.deconstruct import deconstructible

PRIVATE_STORAGE = "private"


@deconstructible(path="portal.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files below ``PRIVATE_MEDIA_ROOT`` under unguessable names, without any URL."""

    @property  # not cached: follows PRIVATE_MEDIA_ROOT when tests override it
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def generate_filename(self, filename):
        """``documents/handout.pdf`` becomes ``documents/<random>/handout.pdf``."""
        dirname, name = posixpath.split(super().generate_filename(filename).replace("\\", "/"))
        return posixpath.join(dirname, secrets.token_hex(16), name)

    def url(self, name):
        raise NotImplementedError("Private files have no URL; they are served by a view.")

    def delete(self, name):
        """Delete the file and its random directory once that is empty."""
        super().delete(name)
        directory = Path(self.path(name)).parent
        if directory != Path(self.location) and directory.is_dir():
            with contextlib.suppress(OSError):  # not empty
                directory.rmdir()


def private_storage():
    return storages[PRIVATE_STORAGE]


def keep_documents_private() -> None:
    """Store the file of every Wagtail document in the private storage.

    Wagtail 8 has no setting for the storage of ``AbstractDocument.file``, and a custom document
    model is not wanted, so the field gets the storage when the apps are ready. Where the files
    lie is a deployment setting, not schema: ``deconstruct()`` keeps naming the default storage,
    so ``makemigrations`` sees no change in ``wagtaildocs``.
    """
    from wagtail.documents import get_document_model

    field = get_document_model()._meta.get_field("file")
    field.storage = private_storage()
    field._storage_callable = default_storage  # read by FileField.deconstruct() only


def sendfile(request, filename, **kwargs):
    """``SENDFILE_BACKEND`` for Wagtail's serve view: the web server sends the file.

    ``SENDFILE_METHOD = "nginx"`` answers with ``X-Accel-Redirect: SENDFILE_URL<path below
    PRIVATE_MEDIA_ROOT>`` (an ``internal`` location), ``"xsendfile"`` with ``X-Sendfile: <absolute
    path>``. Wagtail adds Content-Type and Content-Disposition.
    """
    response = HttpResponse()
    path = Path(filename).resolve()
    if getattr(settings, "SENDFILE_METHOD", "nginx") == "xsendfile":
        response["X-Sendfile"] = str(path)
    else:
        relative = path.relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()).as_posix()
        response["X-Accel-Redirect"] = settings.SENDFILE_URL + quote(relative)
    return response
