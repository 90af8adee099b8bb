"""The go/no-go decision in the admin (issue R9): the dashboard panel of offerings below their
minimum, "Findet statt" and "Absagen", and who may reach them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from courses.admin_minimums import BelowMinimumPanel
from courses.models import Enrollment, Offering
from courses.services.minimums import ALREADY_CONFIRMED
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "professional", "staff_without_mfa", "trainer", "coordinator", "admin_user"]


def below(title="Unter Minimum", decision_in=5, minimum=5, confirmed=2, module=None):
    offering = OfferingFactory(
        title_suffix=title,
        minimum_participants=minimum,
        decision_date=in_days(decision_in),
        sessions=[(in_days(20), datetime.time(9), datetime.time(16))],
        **({"module": module} if module else {}),
    )
    EnrollmentFactory.create_batch(confirmed, offering=offering)
    return offering


def confirm_url(offering):
    return reverse("course_minimum_confirm", args=[offering.pk])


def cancel_url(offering):
    return reverse("course_minimum_cancel", args=[offering.pk])


def admin_request(client, user):
    client.force_login(user)
    return client.get("/admin/").wsgi_request


def render(client, user, request=None):
    request = request or admin_request(client, user)
    with translation.override("en"):
        return BelowMinimumPanel().render_html({"request": request})


# The panel ------------------------------------------------------------------------------------


def test_the_panel_lists_offerings_below_their_minimum_with_both_decisions(client, coordinator):
    offering = below("Halle", decision_in=5, minimum=6, confirmed=2)
    below("zu früh", decision_in=30)
    below("voll genug", minimum=2, confirmed=2)
    html = render(client, coordinator)
    assert 'id="offerings-below-minimum' in html
    assert f"{offering.module.title} – Halle" in html
    assert "2 of 6" in html
    assert in_days(5).strftime("%d/%m/%Y") in html  # the decision date, en-GB
    assert in_days(20).strftime("%d/%m/%Y") in html  # the first session
    assert f'action="{confirm_url(offering)}"' in html
    assert 'name="notify_participants"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="{cancel_url(offering)}?next=/admin/"' in html
    assert "zu früh" not in html
    assert "voll genug" not in html


def test_an_overdue_decision_is_marked(client, coordinator):
    below("überfällig", decision_in=-1)
    assert "overdue" in render(client, coordinator)


def test_the_panel_is_empty_without_offerings_below_minimum(client, coordinator):
    below("voll genug", minimum=2, confirmed=2)
    assert render(client, coordinator).strip() == ""


def test_the_admin_home_shows_the_panel_to_the_coordination_only(client, coordinator, trainer):
    module = ModulePageFactory()
    module.trainers.add(trainer)
    module.save()  # a parental many-to-many is written on save
    below("Halle", module=module)
    client.force_login(coordinator)
    assert 'id="offerings-below-minimum' in client.get("/admin/").content.decode()
    client.force_login(trainer)
    home = client.get("/admin/")
    assert home.status_code == 200
    assert 'id="offerings-below-minimum' not in home.content.decode()


def test_administrators_see_every_offering(client, admin_user):
    first, second = below("eins"), below("zwei")
    html = render(client, admin_user)
    assert f"{first.module.title} – eins" in html and f"{second.module.title} – zwei" in html


def count_queries(client, user):
    request = admin_request(client, user)
    with CaptureQueriesContext(connection) as queries:
        render(client, user, request)
    return len(queries)


def test_the_panel_costs_the_same_queries_however_many_rows(
    client, coordinator, django_assert_max_num_queries
):
    below("eins")
    below("zwei")
    count_queries(client, coordinator)  # warm caches
    few = count_queries(client, coordinator)
    for n in range(6):
        below(f"mehr {n}")
    request = admin_request(client, coordinator)
    with django_assert_max_num_queries(few):
        html = render(client, coordinator, request)
    assert "mehr 5" in html
    assert few <= 3


# Who may reach the two actions ----------------------------------------------------------------

LOGIN, MFA, DENIED, DONE, OK, NOT_ALLOWED = "login", "mfa", "denied", "done", "ok", "405"


def outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302:
        if location.startswith("/konto/login/?next="):
            return LOGIN
        if location == "/konto/2fa/":
            return MFA
        if location == "/admin/":
            return DENIED
        return DONE
    return OK if response.status_code == 200 else str(response.status_code)


OUT = (LOGIN, LOGIN, MFA)
# (method, url, offering, data, outcome per role in ROLES). "mine": an offering of a module the
# trainer teaches; "other": one they do not. Coordinators have no project scope yet (R10):
# every coordinator sees every offering (``courses.access.offerings_for``).
MATRIX = [
    ("post", "confirm", "mine", {}, (*OUT, DENIED, DONE, DONE)),
    ("post", "confirm", "other", {"notify_participants": "on"}, (*OUT, DENIED, DONE, DONE)),
    ("get", "confirm", "mine", {}, (*OUT, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
    ("get", "cancel", "mine", {}, (*OUT, DENIED, OK, OK)),
    ("get", "cancel", "other", {}, (*OUT, DENIED, OK, OK)),
    ("post", "cancel", "mine", {"reason": "Zu wenige"}, (*OUT, DENIED, DONE, DONE)),
    ("post", "cancel", "other", {"reason": ""}, (*OUT, DENIED, OK, OK)),  # reason missing
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "action", "whose", "data", "expected"), MATRIX)
def test_permission_matrix(client, request, trainer, role, method, action, whose, data, expected):
    module = ModulePageFactory()
    module.trainers.add(trainer)
    module.save()  # a parental many-to-many is written on save
    offerings = {"mine": below("eigen", module=module), "other": below("fremd")}
    offering = offerings[whose]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = confirm_url(offering) if action == "confirm" else cancel_url(offering)
    if method == "post":
        data = {**data, "next": "/admin/offerings/"}  # done: back there; refused: to /admin/
    response = getattr(client, method)(url, data)
    got = outcome(response)
    assert got == expected[ROLES.index(role)]
    offering.refresh_from_db()
    if got == DONE and action == "confirm":
        assert offering.confirmed_to_run_at is not None
    elif got == DONE:
        assert offering.status == Offering.Status.CANCELLED
        assert offering.cancellation_reason == "Zu wenige"
    else:
        assert offering.confirmed_to_run_at is None
        assert offering.status == Offering.Status.OPEN


def test_a_missing_offering_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("course_minimum_cancel", args=[0])).status_code == 404
    assert client.post(reverse("course_minimum_confirm", args=[0])).status_code == 404


def test_the_actions_need_the_csrf_token(coordinator):
    offering = below()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(confirm_url(offering)).status_code == 403
    assert client.post(cancel_url(offering), {"reason": "x"}).status_code == 403
    offering.refresh_from_db()
    assert offering.confirmed_to_run_at is None and offering.status == Offering.Status.OPEN


# The actions ----------------------------------------------------------------------------------


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_takes_place_twice_is_recorded_and_mailed_once(
    client, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    offering = below("Halle", confirmed=2)
    client.force_login(coordinator)
    data = {"notify_participants": "on", "next": "/admin/"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(confirm_url(offering), data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(confirm_url(offering), data)
    assert (first.status_code, first["Location"]) == (302, "/admin/")
    assert (second.status_code, second["Location"]) == (302, "/admin/")
    assert len(mailoutbox) == 2  # the two confirmed participants, once
    assert ModelLogEntry.objects.filter(action="courses.offering.confirmed_to_run").count() == 1
    assert any("takes place" in m or "findet statt" in m.lower() for m in messages_of(first))
    # Not followed, the first redirect leaves its message in the store.
    with translation.override("de"):  # the admin's language here
        assert messages_of(second)[-1] == str(ALREADY_CONFIRMED)


def test_takes_place_without_the_checkbox_mails_nobody(
    client, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    offering = below(confirmed=3)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(offering))
    assert response.status_code == 302
    assert mailoutbox == []
    assert Offering.objects.get(pk=offering.pk).confirmed_to_run_by == coordinator


def test_cancel_shows_a_confirmation_with_the_numbers(client, coordinator):
    offering = below("Halle", minimum=6, confirmed=2)
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.get(cancel_url(offering) + "?next=/admin/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in html
    assert "Zu wenige" not in html
    assert f'action="{confirm_url(offering)}"' in html  # the other decision, on the same page
    assert 'value="/admin/"' in html


def test_cancelling_twice_cancels_and_mails_once(
    client, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    offering = below("Halle", confirmed=2)
    EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    client.force_login(coordinator)
    data = {"reason": "Zu wenige Anmeldungen", "next": "/admin/"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(cancel_url(offering), data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(cancel_url(offering), data)
    assert (first.status_code, first["Location"]) == (302, "/admin/")
    assert (second.status_code, second["Location"]) == (302, "/admin/")
    offering.refresh_from_db()
    assert offering.status == Offering.Status.CANCELLED
    assert offering.cancellation_reason == "Zu wenige Anmeldungen"
    assert len(mailoutbox) == 3  # everybody enrolled, once
    assert all("Zu wenige Anmeldungen" in mail.body for mail in mailoutbox)
    assert ModelLogEntry.objects.filter(action="courses.offering.cancelled").count() == 1
    assert messages_of(second)[-1] == "Dieser Termin wurde abgesagt."


def test_next_must_be_a_local_address(client, coordinator):
    offering = below()
    client.force_login(coordinator)
    response = client.post(confirm_url(offering), {"next": "https://evil.example.org/"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_professional_with_a_confirmed_place_cannot_decide(client):
    offering = below()
    person = UserFactory()
    EnrollmentFactory(offering=offering, user=person)
    client.force_login(person)
    response = client.post(confirm_url(offering))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_the_participants_page_links_to_the_decision(client, coordinator, trainer):
    module = ModulePageFactory()
    module.trainers.add(trainer)
    module.save()  # a parental many-to-many is written on save
    offering = below("Halle", minimum=6, confirmed=2, module=module)
    enough = below("genug", minimum=2, confirmed=2)
    participants = reverse("offerings:participants", args=[offering.pk])
    link = f'href="{cancel_url(offering)}?next={participants}"'
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(participants, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert link in html
    enough_page = reverse("offerings:participants", args=[enough.pk])
    assert cancel_url(enough) not in client.get(enough_page).content.decode()
    client.force_login(trainer)  # a trainer sees the participants, but does not decide
    response = client.get(participants)
    assert response.status_code == 200
    assert cancel_url(offering) not in response.content.decode()
