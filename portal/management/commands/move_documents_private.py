from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model


class Command(BaseCommand):
    help = (
        "Move document files left in MEDIA_ROOT (before private files) into PRIVATE_MEDIA_ROOT "
        "under random names; documents already there are left alone."
    )

    def handle(self, *args, **options):
        moved = 0
        for document in get_document_model().objects.all():
            old = Path(settings.MEDIA_ROOT) / document.file.name
            storage = document.file.storage
            if storage.exists(document.file.name) or not old.is_file():
                continue
            with old.open("rb") as source:
                document.file.name = storage.save(document.file.name, File(source))
            document.save(update_fields=["file"])
            old.unlink()
            moved += 1
        self.stdout.write(f"{moved} document file(s) moved to {settings.PRIVATE_MEDIA_ROOT}.")
