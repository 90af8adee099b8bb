"""Seat contingents: reserved seats for some fields of work until their release date.

Each case is computed by hand: an offering of 10 seats with 4 reserved for the police and
municipal administration (the 360° projects' case), people inside and outside it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from courses import services
from courses.models import Contingent, Enrollment
from courses.reserved_seats import attach_reserved, reserved_texts
from courses.services.seats import GENERAL, seat_state
from portal.models import Audience
from tests.courses.enrolments import actions
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


def audience(slug):
    return Audience.objects.get(slug=slug)


def police():
    return UserFactory(audience=audience("polizei"))


def municipal():
    return UserFactory(audience=audience("kommunalverwaltung"))


def probation():
    return UserFactory(audience=audience("bewaehrungshilfe"))


def reserve(offering, seats=4, days=10, slugs=("polizei", "kommunalverwaltung")):
    contingent = Contingent.objects.create(
        offering=offering, seats=seats, release_at=timezone.now() + datetime.timedelta(days=days)
    )
    contingent.audiences.set([audience(slug) for slug in slugs])
    contingent.save()  # a parental many-to-many is written on save
    return contingent


@pytest.fixture
def offering():
    return OfferingFactory(capacity=10)


def statuses(enrollments):
    return [Enrollment.objects.get(pk=e.pk).status for e in enrollments]


def test_outsiders_fill_only_the_general_seats(offering):
    contingent = reserve(offering)
    general = [services.enroll(offering, probation()) for _ in range(7)]
    assert [e.status for e in general] == [Status.CONFIRMED] * 6 + [Status.WAITLISTED]
    assert all(e.contingent_id is None for e in general[:6])
    state = seat_state(offering)
    assert (state.general_free, [r.free for r in state.reserved]) == (0, [4])
    # A police officer still gets a reserved seat although somebody waits: the waiting
    # person is not entitled to it, and enrolling is never refused while such a seat is free.
    officer = services.enroll(offering, police())
    assert (officer.status, officer.contingent_id) == (Status.CONFIRMED, contingent.pk)


def test_insiders_take_the_contingent_first_then_general_seats(offering):
    contingent = reserve(offering)
    insiders = [services.enroll(offering, police()) for _ in range(4)]
    assert {e.contingent_id for e in insiders} == {contingent.pk}
    fifth = services.enroll(offering, municipal())
    assert (fifth.status, fifth.contingent_id) == (Status.CONFIRMED, None)
    state = seat_state(offering)
    assert (state.general_free, state.reserved[0].free) == (5, 0)


def test_a_full_offering_waitlists_insiders_too(offering):
    reserve(offering)
    [services.enroll(offering, police()) for _ in range(10)]
    last = services.enroll(offering, police())
    assert last.status == Status.WAITLISTED


def test_release_opens_unused_reserved_seats_and_serves_the_waitlist_fifo(offering, sent):
    contingent = reserve(offering)
    confirmed = [services.enroll(offering, probation()) for _ in range(6)]
    services.enroll(offering, police())  # one of the four reserved seats used
    waiting = [services.enroll(offering, probation()) for _ in range(5)]
    assert statuses(waiting) == [Status.WAITLISTED] * 5
    assert len(confirmed) == 6
    # Not yet due: nothing happens.
    assert services.release_due_contingents() == 0
    Contingent.objects.filter(pk=contingent.pk).update(
        release_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    mails = sent(services.release_due_contingents)
    assert sent.result == 1
    # The three unused reserved seats go to the first three people waiting, in order.
    assert statuses(waiting) == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * 2
    assert len(mails) == 3
    assert {m.extra_headers["X-Courses-Event"] for m in mails} == {"promoted"}
    assert Contingent.objects.get(pk=contingent.pk).released_at is not None
    # A second run finds nothing to do.
    assert services.release_due_contingents() == 0
    assert statuses(waiting)[3:] == [Status.WAITLISTED] * 2


def test_a_due_release_counts_before_the_command_ran(offering):
    contingent = reserve(offering, seats=4)
    [services.enroll(offering, probation()) for _ in range(6)]
    Contingent.objects.filter(pk=contingent.pk).update(
        release_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # The cron job has not run yet; the seats are general seats already.
    late = services.enroll(offering, probation())
    assert (late.status, late.contingent_id) == (Status.CONFIRMED, None)


def test_cancelling_a_contingent_seat_goes_to_the_next_insider_waiting(offering):
    reserve(offering, seats=2)
    holders = [services.enroll(offering, police()) for _ in range(2)]
    [services.enroll(offering, probation()) for _ in range(8)]
    outsider_waiting = services.enroll(offering, probation())
    insider_waiting = services.enroll(offering, police())
    assert (outsider_waiting.status, insider_waiting.status) == (Status.WAITLISTED,) * 2
    services.cancel(holders[0], holders[0].user)
    # The freed seat is reserved: the outsider ahead may not take it, the insider does.
    assert statuses([outsider_waiting, insider_waiting]) == [Status.WAITLISTED, Status.CONFIRMED]
    assert actions(insider_waiting)[-1][0] == "courses.enrollment.promoted"


def test_a_freed_general_seat_goes_to_the_first_waiting_whoever_they_are(offering):
    reserve(offering, seats=2)
    general = [services.enroll(offering, probation()) for _ in range(8)]
    [services.enroll(offering, police()) for _ in range(4)]  # 2 reserved + 2 wait
    waiting_outsider = services.enroll(offering, probation())
    first_insider = Enrollment.objects.waitlist().filter(offering=offering).first()
    services.cancel(general[0], general[0].user)
    assert statuses([first_insider, waiting_outsider]) == [Status.CONFIRMED, Status.WAITLISTED]


def test_approval_takes_the_entitled_seat(offering):
    offering.requires_approval = True
    offering.save()
    contingent = reserve(offering, seats=1)
    request = services.enroll(offering, police())
    approved = services.approve(request, UserFactory())
    assert (approved.status, approved.contingent_id) == (Status.CONFIRMED, contingent.pk)


def test_the_command_releases_and_says_how_many(offering, capsys):
    contingent = reserve(offering)
    Contingent.objects.filter(pk=contingent.pk).update(
        release_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("release_contingents")
    call_command("release_contingents")
    assert capsys.readouterr().out.splitlines() == [
        "1 contingent(s) released.",
        "0 contingent(s) released.",
    ]


def test_reserved_seats_in_words_for_the_module_page(offering):
    contingent = reserve(offering, seats=3)
    contingent.release_at = timezone.make_aware(datetime.datetime(2099, 1, 15, 12))
    contingent.save()
    services.enroll(offering, police())
    attach_reserved([offering])
    with translation.override("de"):
        assert reserved_texts(offering) == [
            "2 Plätze für Polizei und Kommunalverwaltung reserviert bis 15. Januar 2099"
        ]
    with translation.override("en"):
        assert reserved_texts(offering) == [
            "2 places reserved for Police and Municipal administration until 15 January 2099"
        ]


def test_used_up_and_released_contingents_are_not_named(offering):
    full = reserve(offering, seats=1)
    reserve(offering, seats=2, days=-1)  # released yesterday
    services.enroll(offering, police())
    attach_reserved([offering])
    assert offering.reserved == []
    assert seat_state(offering).seat_for(audience("polizei").pk) is GENERAL
    assert full.enrollments.count() == 1


def test_reserved_seats_on_the_module_page(client, shared_site_pages):
    module = ModulePageFactory(title="Bedrohungsmanagement", slug="bedrohungsmanagement")
    offering = OfferingFactory(module=module)
    reserve(offering, seats=4)
    with translation.override("de"):
        response = client.get(module.url)
    assert response.status_code == 200
    assert "4 Plätze für Polizei und Kommunalverwaltung reserviert bis" in response.text


def test_the_enrol_page_says_when_only_reserved_seats_are_free(client, offering):
    reserve(offering, seats=4)
    [services.enroll(offering, probation()) for _ in range(6)]
    outsider, officer = probation(), police()
    note = "Die freien Plätze sind bis zum oben genannten Datum für andere Arbeitsfelder"
    url = f"/termine/{offering.pk}/anmelden/"
    with translation.override("de"):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 200
        assert note in response.text
        assert "4 Plätze für Polizei und Kommunalverwaltung reserviert bis" in response.text
        client.force_login(officer)
        response = client.get(url)
        assert response.status_code == 200
        assert note not in response.text
