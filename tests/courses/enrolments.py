"""Helpers for the enrolment and offering service tests."""

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from courses.models import Enrollment
from courses.services import EnrollmentError
from tests.courses.factories import EnrollmentFactory

Status = Enrollment.Status


def actions(enrollment):
    return list(
        ModelLogEntry.objects.filter(object_id=str(enrollment.pk))
        .order_by("timestamp", "pk")
        .values_list("action", "user_id")
    )


def fill(offering, n, status=Status.CONFIRMED):
    entries = []
    for _ in range(n):
        kwargs = {"confirmed_at": timezone.now()} if status == Status.CONFIRMED else {}
        if status == Status.WAITLISTED:
            kwargs = {"confirmed_at": None, "waitlisted_at": timezone.now()}
        entries.append(EnrollmentFactory(offering=offering, status=status, **kwargs))
    return entries


def error_code(fn, *args, **kwargs):
    """The error's code and its message (in English, the msgid language)."""
    with pytest.raises(EnrollmentError) as info:
        fn(*args, **kwargs)
    with translation.override("en"):
        return info.value.code, str(info.value.message)
