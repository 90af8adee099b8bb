"""Retention of requests and interests (R6; the runner is ``portal.retention``).

- Consultation and in-house requests are deleted ``request_days`` (one year by default) after
  they were closed. A consultation request is closed when its status is "closed"; the time is
  ``closed_at`` (set by ``services.consultation.close``, whether the professional or a
  coordinator closed it; the last change for one closed another way). Its messages
  (``ConsultationMessage``) go with it (``CASCADE``, counted with the request); an open
  request keeps its thread. An in-house request is closed when declined or closed (the time:
  its last change), or when the offering planned for it ended.
- Interests are deleted ``event_days`` (one year by default) after the event: the end of the
  offering the person was told about, or, for an interest withdrawn or whose offering is
  gone, its last change. An active interest (the person still waits for an offering and sees
  it in "Meine Fortbildungen") has had no event yet and is kept: deleting it would silently
  drop a wish the person can withdraw at any time; it goes with the account (inactive accounts
  are deleted after three years).

A finding that came from a request or an interest survives: its link is ``SET_NULL``
(``Finding.consultation_request``, ``in_house_request``, ``interest``), so the need stays in
the needs analysis without the person's request behind it.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from courses.retention import offerings_ended_before
from needs_analysis.models import ConsultationRequest, InHouseRequest, Interest
from portal.retention import cutoff, cutoff_date, deleted


def retain_requests(now: datetime.datetime, p: dict) -> dict:
    before = cutoff(now, p["request_days"])
    ended = offerings_ended_before(cutoff_date(now, p["request_days"]))
    consultations = ConsultationRequest.objects.filter(
        Q(closed_at__lt=before) | Q(closed_at__isnull=True, updated_at__lt=before),
        status=ConsultationRequest.Status.CLOSED,
    )
    in_house = InHouseRequest.objects.filter(
        Q(
            status__in=[InHouseRequest.Status.DECLINED, InHouseRequest.Status.CLOSED],
            updated_at__lt=before,
        )
        | Q(status=InHouseRequest.Status.PLANNED, offering__in=ended)
    )
    return {
        "consultation_requests_deleted": deleted(consultations),
        "in_house_requests_deleted": deleted(in_house),
    }


def retain_interests(now: datetime.datetime, p: dict) -> dict:
    before = cutoff(now, p["event_days"])
    ended = offerings_ended_before(cutoff_date(now, p["event_days"]))
    old = Interest.objects.filter(
        Q(status=Interest.Status.NOTIFIED, notified_offering__in=ended)
        | Q(status=Interest.Status.NOTIFIED, notified_offering__isnull=True, updated_at__lt=before)
        | Q(status=Interest.Status.WITHDRAWN, updated_at__lt=before)
    )
    return {"interests_deleted": deleted(old)}


def retain(now: datetime.datetime, p: dict) -> dict:
    return {**retain_requests(now, p), **retain_interests(now, p)}
