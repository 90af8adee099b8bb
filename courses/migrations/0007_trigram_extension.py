"""PostgreSQL's pg_trgm for the module search (typos and word parts, see portal/search.py).

``TrigramExtension`` runs ``CREATE EXTENSION IF NOT EXISTS pg_trgm`` on PostgreSQL only; on any
other database Django's ``CreateExtension`` does nothing, so SQLite migrates as before. pg_trgm
is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser
rights.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_certificate_holder_deleted_at"),
    ]

    operations = [
        TrigramExtension(),
    ]
