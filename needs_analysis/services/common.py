"""What every intake channel does the same way: create once per form, and make the finding.

``create_once`` is the one rule against double submits: a one-time ``token`` (the hidden field
of the form it came from) is stored in a unique column, so a double submit or a second tab
returns what the first one created instead of a second row; the same holds for any other unique
constraint (one active interest per person and module).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from wagtail.log_actions import log

from needs_analysis.models import Finding


def by_token(model, token):
    """A finder for ``create_once``: the row of ``model`` created with ``token`` (or None)."""

    def find():
        if token is None:
            return None
        return model.objects.filter(submission_token=token).first()

    return find


def create_once(find, create, *, action: str, user):
    """Return what ``find()`` finds; else run ``create()`` and audit-log ``action`` for it.

    ``create()`` runs in a savepoint: when a concurrent request wins the race, its unique
    constraint fails the insert and the winner's row is returned (nothing is logged twice).
    """
    found = find()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            created = create()
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found
    log(created, action, user=user)
    return created


def new_finding(*, channel, region, topics, by=None, **values) -> Finding:
    """Create one finding of ``channel`` with its topics (``values``: any other field)."""
    finding = Finding.objects.create(channel=channel, region=region, created_by=by, **values)
    finding.topics.set(topics)
    return finding
