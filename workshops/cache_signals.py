"""What of the workshop talks bumps the content version (``portal/content_version.py``).

The workshop listing and its detail pages show the upcoming talks and how many places are taken.
"""

from portal.cache_signals import connect


def connect_workshops() -> None:
    from workshops.models import Workshop, WorkshopRegistration

    connect([Workshop, WorkshopRegistration], "workshops")
