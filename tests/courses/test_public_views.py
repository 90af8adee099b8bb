"""The public and personal courses views: who may open what, enrolling, cancelling, calendars."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from courses.models import Enrollment, Offering
from portal.models import Audience
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "professional", "trainer", "coordinator"]
VENUE = "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"


def de(msgid: str, **values) -> str:
    """The German text a person sees for ``msgid`` (whatever the catalogue says today)."""
    with translation.override("de"):
        text = gettext(msgid)
    return text % values if values else text


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")


@pytest.fixture(autouse=True)
def _german():
    # A request to an /en/ page elsewhere leaves English active in the thread; ``reverse``
    # would then give English addresses.
    with translation.override("de"):
        yield


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def module(site_pages):
    """A published module in the German catalogue of the demo site tree."""
    return ModulePageFactory(title="Rechtsextremismus erkennen", slug="rechtsextremismus-erkennen")


@pytest.fixture
def offering(module):
    return OfferingFactory(module=module, capacity=2)


def ics_locations(content: bytes) -> list[str]:
    calendar = Calendar.from_ical(content)
    return [str(event["LOCATION"]) for event in calendar.walk("VEVENT")]


# Who may open which view ---------------------------------------------------------------------

OK, LOGIN, TO_MY_TRAININGS, NOT_FOUND = "ok", "login", "to my trainings", "not found"

EXPECTED = {
    # view: (anonymous, professional, trainer, coordinator)
    "catalog": (OK, OK, OK, OK),
    "module": (OK, OK, OK, OK),
    "enroll GET": (LOGIN, OK, OK, OK),
    "enroll POST": (LOGIN, TO_MY_TRAININGS, TO_MY_TRAININGS, TO_MY_TRAININGS),
    "my trainings": (LOGIN, OK, OK, OK),
    # The enrolment belongs to the professional: nobody else may cancel it here (coordinators
    # cancel in the admin).
    "cancel GET": (LOGIN, OK, NOT_FOUND, NOT_FOUND),
    "cancel POST": (LOGIN, TO_MY_TRAININGS, NOT_FOUND, NOT_FOUND),
    "offering ics": (OK, OK, OK, OK),
    "feed ics": (OK, OK, OK, OK),
}

CASES = [
    pytest.param(view, role, expected[index], id=f"{view}-{role}")
    for view, expected in EXPECTED.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("view", "role", "expected"), CASES)
def test_view_permissions(client, request, module, offering, professional, view, role, expected):
    own = EnrollmentFactory(offering=OfferingFactory(module=module), user=professional)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    method, url, data = {
        "catalog": ("get", "/fortbildungen/", None),
        "module": ("get", module.url, None),
        "enroll GET": ("get", reverse("courses:enroll", args=[offering.pk]), None),
        "enroll POST": ("post", reverse("courses:enroll", args=[offering.pk]), {"comment": ""}),
        "my trainings": ("get", reverse("courses:my_trainings"), None),
        "cancel GET": ("get", reverse("courses:cancel", args=[own.pk]), None),
        "cancel POST": ("post", reverse("courses:cancel", args=[own.pk]), None),
        "offering ics": ("get", reverse("courses:offering_ics", args=[offering.pk]), None),
        "feed ics": ("get", reverse("courses:feed"), None),
    }[view]

    response = getattr(client, method)(url, data or {})

    if expected == OK:
        assert response.status_code == 200
    elif expected == LOGIN:
        assert login_redirect(response)
    elif expected == TO_MY_TRAININGS:
        assert response.status_code == 302
        assert response["Location"] == reverse("courses:my_trainings")
    else:
        assert response.status_code == 404

    # What the request did (or must not have done) to the data.
    if view == "enroll POST":
        enrolled = Enrollment.objects.filter(offering=offering, status=Status.CONFIRMED)
        assert list(enrolled.values_list("user", flat=True)) == ([user.pk] if user else [])
    own.refresh_from_db()
    cancelled_own = view == "cancel POST" and role == "professional"
    assert own.status == (Status.CANCELLED if cancelled_own else Status.CONFIRMED)


def test_planned_offerings_are_not_announced(client, module, professional):
    planned = OfferingFactory(module=module, status=Offering.Status.PLANNED)
    client.force_login(professional)
    assert client.get(reverse("courses:enroll", args=[planned.pk])).status_code == 404
    assert client.post(reverse("courses:enroll", args=[planned.pk])).status_code == 404
    assert client.get(reverse("courses:offering_ics", args=[planned.pk])).status_code == 404
    assert not Enrollment.objects.exists()
    response = client.get(module.url)
    assert response.status_code == 200
    assert reverse("courses:enroll", args=[planned.pk]) not in response.content.decode()


def test_views_of_unknown_offerings_and_enrolments_are_not_found(client, professional):
    client.force_login(professional)
    assert client.get(reverse("courses:enroll", args=[999999])).status_code == 404
    assert client.get(reverse("courses:offering_ics", args=[999999])).status_code == 404
    assert client.get(reverse("courses:cancel", args=[999999])).status_code == 404


# Enrolling -----------------------------------------------------------------------------------


def test_enrol_flow_form_enrolment_and_no_second_row(client, module, offering, professional):
    client.force_login(professional)
    url = reverse("courses:enroll", args=[offering.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert 'name="comment"' in response.content.decode()
    assert not Enrollment.objects.exists()

    response = client.post(
        url, {"comment": "Ich brauche einen barrierefreien Zugang."}, follow=True
    )
    assert response.redirect_chain == [(reverse("courses:my_trainings"), 302)]
    enrollment = Enrollment.objects.get()
    assert (enrollment.user, enrollment.status) == (professional, Status.CONFIRMED)
    assert enrollment.comment == "Ich brauche einen barrierefreien Zugang."
    text = page_text(response)
    assert de("You are registered. A confirmation has been sent to you by email.") in text
    assert "Rechtsextremismus erkennen" in text  # listed under "My trainings"
    assert VENUE.split(",")[1].strip() in text  # confirmed: the venue is shown

    # A double submit or a second tab: "already enrolled", no error, no second row.
    response = client.post(url, {"comment": "noch einmal"})
    assert response.status_code == 200
    with translation.override("de"):
        status = str(Status.CONFIRMED.label)
    assert de(
        "You are already enrolled in this date (status: %(status)s).", status=status
    ) in page_text(response)
    assert Enrollment.objects.count() == 1
    assert Enrollment.objects.get().comment == "Ich brauche einen barrierefreien Zugang."


def test_profile_incomplete_is_explained_not_an_error(client, offering):
    person = UserFactory(organisation="")
    client.force_login(person)
    url = reverse("courses:enroll", args=[offering.pk])
    for response in (client.get(url), client.post(url, {"comment": ""})):
        assert response.status_code == 200
        text = page_text(response)
        assert de("Please complete your profile before you enrol.") in text
        assert reverse("portal:profile") in text
    assert not Enrollment.objects.exists()


def test_unverified_email_is_explained_not_an_error(client, offering):
    client.force_login(UserFactory(verified=False))
    response = client.post(reverse("courses:enroll", args=[offering.pk]), {"comment": ""})
    assert response.status_code == 200
    text = page_text(response)
    assert de("Please confirm your email address before you enrol.") in text
    assert reverse("account_email") in text
    assert not Enrollment.objects.exists()


def test_not_eligible_is_explained_not_an_error(client, module, professional):
    police = Audience.objects.get(slug="polizei")
    reserved = OfferingFactory(module=module, eligible_audiences=[police])
    client.force_login(professional)  # works in probation services
    url = reverse("courses:enroll", args=[reserved.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert de("This offering is reserved for other fields of work.") in page_text(response)
    assert not Enrollment.objects.exists()


def test_full_offering_puts_on_the_waitlist_and_says_the_position(client, offering, professional):
    EnrollmentFactory.create_batch(2, offering=offering)  # both seats taken
    EnrollmentFactory(offering=offering, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    client.force_login(professional)
    response = client.post(
        reverse("courses:enroll", args=[offering.pk]), {"comment": ""}, follow=True
    )
    assert response.redirect_chain == [(reverse("courses:my_trainings"), 302)]
    enrollment = Enrollment.objects.get(user=professional)
    assert enrollment.status == Status.WAITLISTED
    expected = de(
        "The offering is full. You are number %(position)s on the waiting list; we will "
        "let you know as soon as a place becomes free.",
        position=2,
    )
    assert expected in page_text(response)


# Cancelling ----------------------------------------------------------------------------------


@pytest.fixture
def full_with_waitlist(offering, professional):
    mine = EnrollmentFactory(offering=offering, user=professional)
    EnrollmentFactory(offering=offering)
    first = EnrollmentFactory(
        offering=offering,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now() - datetime.timedelta(hours=2),
    )
    second = EnrollmentFactory(
        offering=offering,
        status=Status.WAITLISTED,
        confirmed_at=None,
        waitlisted_at=timezone.now() - datetime.timedelta(hours=1),
    )
    return mine, first, second


def test_cancel_asks_for_confirmation_then_promotes_the_next(client, full_with_waitlist):
    mine, first, second = full_with_waitlist
    client.force_login(mine.user)
    url = reverse("courses:cancel", args=[mine.pk])

    response = client.get(url)  # a confirmation page: one button, no checkbox
    assert response.status_code == 200
    assert 'type="checkbox"' not in response.content.decode()
    assert de("Yes, cancel my participation") in page_text(response)
    assert de("The cancellation deadline has passed.") not in page_text(response)
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED

    response = client.post(url, {}, follow=True)
    assert response.redirect_chain == [(reverse("courses:my_trainings"), 302)]
    assert de("Your participation has been cancelled.") in page_text(response)
    mine.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (mine.status, mine.late_cancellation) == (Status.CANCELLED, False)
    assert first.status == Status.CONFIRMED  # first come, first served
    assert second.status == Status.WAITLISTED

    # Cancelling again: the enrolment is no longer active, no error.
    response = client.post(url, {}, follow=True)
    assert de("This enrolment is no longer active.") in page_text(response)


def test_late_cancellation_is_possible_but_marked(client, offering, full_with_waitlist):
    mine, first, _second = full_with_waitlist
    Offering.objects.filter(pk=offering.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(mine.user)
    url = reverse("courses:cancel", args=[mine.pk])

    assert de("The cancellation deadline has passed.") in page_text(client.get(url))
    response = client.post(url, {}, follow=True)

    mine.refresh_from_db()
    assert (mine.status, mine.late_cancellation) == (Status.CANCELLED, True)
    assert de("cancelled after the deadline") in page_text(response)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


# Calendar files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_venue"),
    [
        ("anonymous", False),
        ("not enrolled", False),
        ("waitlisted", False),
        ("requested", False),
        ("cancelled", False),
        ("coordinator", False),
        ("confirmed", True),
    ],
)
def test_offering_ics_has_the_venue_only_for_confirmed_participants(
    client, offering, coordinator, who, sees_venue
):
    statuses = {
        "waitlisted": Status.WAITLISTED,
        "requested": Status.REQUESTED,
        "cancelled": Status.CANCELLED,
        "confirmed": Status.CONFIRMED,
    }
    if who == "coordinator":
        client.force_login(coordinator)
    elif who != "anonymous":
        person = UserFactory()
        if who in statuses:
            EnrollmentFactory(offering=offering, user=person, status=statuses[who])
        client.force_login(person)

    response = client.get(reverse("courses:offering_ics", args=[offering.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    locations = ics_locations(response.content)
    assert len(locations) == 1  # one event per session
    if sees_venue:
        assert locations == [VENUE]
        assert "no-store" in response["Cache-Control"]
    else:
        assert locations == ["Magdeburg"]
        assert "Breiter Weg" not in response.content.decode()


def test_offering_ics_has_one_event_per_session(client, module):
    day = timezone.localdate() + datetime.timedelta(days=20)
    two_days = OfferingFactory(
        module=module,
        sessions=[
            (day, datetime.time(9), datetime.time(16)),
            (day + datetime.timedelta(days=1), datetime.time(9), datetime.time(13)),
        ],
    )
    response = client.get(reverse("courses:offering_ics", args=[two_days.pk]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Rechtsextremismus erkennen (1/2)",
        "Rechtsextremismus erkennen (2/2)",
    ]


def test_feed_never_contains_a_venue(client, offering, professional):
    EnrollmentFactory(offering=offering, user=professional)
    client.force_login(professional)  # even a confirmed participant: the feed is public
    response = client.get(reverse("courses:feed"))
    assert response.status_code == 200
    assert ics_locations(response.content) == ["Magdeburg"]
