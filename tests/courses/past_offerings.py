"""Helpers for the attendance, certificate and evaluation tests: offerings that took place."""

import datetime
import io

from pypdf import PdfReader

from courses import services
from courses.models import Enrollment
from tests.courses.factories import OfferingFactory, in_days
from tests.factories import TrainerFactory

NINE, FOUR = datetime.time(9), datetime.time(16)


def past_offering(days=2, **kwargs):
    """An offering whose ``days`` sessions lie in the past (the last one yesterday)."""
    sessions = [(in_days(-days + i), NINE, FOUR) for i in range(days)]
    return OfferingFactory(sessions=sessions, **kwargs)


def attend_all(offering, by=None):
    for session in offering.sessions.all():
        services.mark_attendance(
            offering,
            session,
            Enrollment.objects.confirmed().filter(offering=offering).values_list("pk", flat=True),
            by,
        )


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # table cells wrap lines


def trainer_of(offering):
    """A new trainer listed on the offering's module."""
    trainer = TrainerFactory()
    module = offering.module
    module.trainers.add(trainer)
    module.save()
    return trainer
