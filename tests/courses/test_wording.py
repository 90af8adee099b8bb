"""Words people stumbled over (R7, item 14): cancelling, the waiting list, past trainings,
Django's "---------" in selects, and admin messages that say what was done.

Texts are compared through ``de()``: the German a person sees, whatever the catalogue holds.
"""

import datetime

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import Enrollment, Offering
from portal.form_renderer import DJANGO_EMPTY_LABEL
from portal.models import Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all, past_offering
from tests.courses.test_public_views import de, page_text
from tests.factories import UserFactory
from tests.portal import test_url_matrix as site_matrix
from tests.portal.admin_matrix_rows import MATRIX
from tests.portal.test_admin_matrix import objects, projects, site_pages, url_for  # noqa: F401

Status = Enrollment.Status
pytestmark = pytest.mark.django_db
NINE, FOUR = datetime.time(9), datetime.time(16)


def main(response) -> str:
    """The page's ``<main>``: the header's search and the logout have buttons of their own."""
    text = page_text(response)
    return text[text.index("<main") : text.index("</main>")]


def cancel_url(enrollment):
    return reverse("courses:cancel", args=[enrollment.pk])


def full_offering(**kwargs):
    offering = OfferingFactory(capacity=1, **kwargs)
    EnrollmentFactory(offering=offering)
    return offering


# Cancelling: a confirmation page with one button -----------------------------------------------


def test_cancelling_is_one_button_on_a_confirmation_page(client):
    enrollment = EnrollmentFactory()
    client.force_login(enrollment.user)

    response = client.get(cancel_url(enrollment))
    assert response.status_code == 200
    text = main(response)
    assert 'type="checkbox"' not in text
    assert text.count('type="submit"') == 1
    assert f">{de('Yes, cancel my participation')}</button>" in text
    assert f'href="{reverse("courses:my_trainings")}"' in text  # the way back
    assert 'name="csrfmiddlewaretoken"' in text
    assert 'method="post"' in text
    assert de("Do you want to cancel your participation?") in text

    response = client.post(cancel_url(enrollment), {}, follow=True)
    assert response.redirect_chain == [(reverse("courses:my_trainings"), 302)]
    assert de("Your participation has been cancelled.") in page_text(response)
    assert de("This field is required.") not in page_text(response)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.CANCELLED


def test_cancelling_needs_a_post_with_the_csrf_token():
    enrollment = EnrollmentFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrollment.user)
    assert client.post(cancel_url(enrollment), {}).status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == Status.CONFIRMED


def test_a_late_cancellation_is_still_explained(client):
    enrollment = EnrollmentFactory(
        offering=OfferingFactory(
            cancellation_deadline=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
        )
    )
    client.force_login(enrollment.user)
    text = page_text(client.get(cancel_url(enrollment)))
    assert de("The cancellation deadline has passed.") in text
    assert de("Yes, cancel my participation") in text


# The waiting list and requests are left or withdrawn, not "cancelled" ---------------------------


@pytest.mark.parametrize(
    ("status", "action", "question", "confirm", "done"),
    [
        (
            Status.WAITLISTED,
            "Leave the waiting list",
            "Do you want to leave the waiting list?",
            "Yes, leave the waiting list",
            "You have left the waiting list.",
        ),
        (
            Status.REQUESTED,
            "Withdraw request",
            "Do you want to withdraw your request?",
            "Yes, withdraw my request",
            "Your request has been withdrawn.",
        ),
    ],
)
def test_leaving_the_waiting_list_and_withdrawing_a_request_say_so(
    client, status, action, question, confirm, done
):
    offering = full_offering(requires_approval=status == Status.REQUESTED)
    enrollment = services.enroll(offering, UserFactory())
    assert enrollment.status == status
    client.force_login(enrollment.user)

    text = page_text(client.get(reverse("courses:my_trainings")))
    assert f"{de(action)}<span" in text
    assert de("Cancel participation") not in text
    assert de("Cancel enrolment") not in text  # "Teilnahme absagen", the old label

    text = page_text(client.get(cancel_url(enrollment)))
    assert de(question) in text
    assert f">{de(confirm)}</button>" in text
    assert de("Cancel participation") not in text

    response = client.post(cancel_url(enrollment), {}, follow=True)
    assert de(done) in page_text(response)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.CANCELLED


def test_a_confirmed_place_is_cancelled_in_my_trainings(client):
    enrollment = EnrollmentFactory()
    client.force_login(enrollment.user)
    text = page_text(client.get(reverse("courses:my_trainings")))
    assert f"{de('Cancel participation')}<span" in text
    assert de("Leave the waiting list") not in text


def test_the_waiting_list_mail_links_to_leaving_it(sent):
    offering = full_offering()
    [mail] = sent(services.enroll, offering, UserFactory(language="en"))
    assert mail.extra_headers["X-Courses-Event"] == "waitlisted"
    [(html, _mimetype)] = mail.alternatives
    assert "Leave the waiting list: http" in mail.body
    assert ">Leave the waiting list</a>" in html
    for text in (mail.body, html):
        assert "Cancel enrolment" not in text
        assert "Cancel participation" not in text
    [mail] = sent(services.enroll, OfferingFactory(), UserFactory(language="en"))
    assert "Cancel participation: http" in mail.body


# A training that has taken place does not "already begin" ----------------------------------------


def test_a_past_offering_has_taken_place(client, professional):
    module = ModulePageFactory()
    module.save_revision().publish()
    done = past_offering(days=2, module=module)
    running = OfferingFactory(
        module=module, sessions=[(in_days(-1), NINE, FOUR), (in_days(1), NINE, FOUR)]
    )
    client.force_login(professional)

    text = page_text(client.get(reverse("courses:enroll", args=[done.pk])))
    assert de("This offering has already taken place.") in text
    assert de("This offering has already started.") not in text

    text = page_text(client.get(reverse("courses:enroll", args=[running.pk])))
    assert de("This offering has already started.") in text
    assert de("This offering has already taken place.") not in text


def test_the_cancel_page_of_a_past_offering_says_it_has_taken_place(client):
    enrollment = EnrollmentFactory(offering=past_offering(days=1))
    client.force_login(enrollment.user)
    response = client.get(cancel_url(enrollment))
    assert response.status_code == 200
    text = main(response)
    assert de("This offering has already taken place.") in text
    assert de("This offering has already started.") not in text
    assert 'type="submit"' not in text
    client.post(cancel_url(enrollment), {})
    enrollment.refresh_from_db()
    assert enrollment.status == Status.CONFIRMED


# The admin says what it did ---------------------------------------------------------------------


def test_enrolment_actions_name_what_was_done(client, coordinator):
    client.force_login(coordinator)
    offering = OfferingFactory(requires_approval=True, capacity=1)
    first = EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)
    second = EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)
    third = EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)

    def act(enrollment, action):
        url = reverse("offerings:enrollment_action", args=[enrollment.pk, action])
        response = client.post(url, {"reason": ""}, follow=True)
        assert response.redirect_chain[0][1] == 302
        return page_text(response)

    text = act(first, "approve")
    assert de("The enrolment of %(person)s has been confirmed.", person=str(first.user)) in text
    assert "Erledigt" not in text and "Done:" not in text
    text = act(second, "approve")  # the only seat is taken
    assert (
        de(
            "The request of %(person)s was approved; as the offering is full, they are on the "
            "waiting list.",
            person=str(second.user),
        )
        in text
    )
    text = act(third, "decline")
    assert de("The enrolment of %(person)s has been declined.", person=str(third.user)) in text
    text = act(first, "cancel")
    assert de("The enrolment of %(person)s has been cancelled.", person=str(first.user)) in text


def test_the_coordination_takes_a_person_off_the_waiting_list_in_those_words(client, coordinator):
    client.force_login(coordinator)
    offering = full_offering()
    confirmed = offering.enrollments.get()
    waiting = services.enroll(offering, UserFactory())
    assert waiting.status == Status.WAITLISTED

    html = page_text(client.get(reverse("offerings:participants", args=[offering.pk])))
    remove = de("Remove from the waiting list")
    cancel = de("Cancel enrolment")
    assert f'{remove}<span class="w-sr-only">: {waiting.user}</span></button>' in html
    assert f'{cancel}<span class="w-sr-only">: {confirmed.user}</span></button>' in html

    url = reverse("offerings:enrollment_action", args=[waiting.pk, "cancel"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert response.redirect_chain[0][1] == 302
    text = page_text(response)
    assert (
        de("%(person)s has been removed from the waiting list.", person=str(waiting.user)) in text
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED


# No "---------" in any select we render ---------------------------------------------------------


class ExampleForm(forms.Form):
    required_topic = forms.ModelChoiceField(Topic.objects.all())
    optional_topic = forms.ModelChoiceField(Topic.objects.all(), required=False)
    kind = forms.ChoiceField(choices=[("", DJANGO_EMPTY_LABEL), ("a", "A")])
    filter_topic = forms.ModelChoiceField(
        Topic.objects.all(), required=False, empty_label="Alle Themen"
    )


def test_selects_say_please_choose_or_not_specified():
    html = str(ExampleForm())
    assert DJANGO_EMPTY_LABEL not in html
    assert html.count(f'<option value="" selected>{de("Please choose")}</option>') == 2
    assert html.count(f'<option value="" selected>{de("Not specified")}</option>') == 1
    assert '<option value="" selected>Alle Themen</option>' in html  # explicit labels stay


@pytest.fixture
def site_objects(site_pages, professional):  # noqa: F811
    """The values for the site URL matrix, with the professional's own enrolment, certificate
    and a module of the catalogue."""
    module = ModulePageFactory(title="Modul für alle")
    module.save_revision().publish()
    done = past_offering(days=1, module=module)
    enrollment = EnrollmentFactory(offering=done, user=professional)
    attend_all(done)
    certificate = services.issue_certificate(enrollment)
    upcoming = EnrollmentFactory(offering=OfferingFactory(module=module), user=professional)
    return {
        "module": module.pk,
        "offering": OfferingFactory(module=module, status=Offering.Status.OPEN).pk,
        "enrollment": enrollment.pk,
        "upcoming": upcoming.pk,
        "code": certificate.code,
        "workshop": 0,
        "interest": 0,
        "consultation": 0,
        "document": 0,
        "filename": "",
    }


def test_no_page_we_render_shows_django_dashes(client, request, objects, site_objects):  # noqa: F811
    pages = []
    client.force_login(request.getfixturevalue("professional"))
    site_urls = [template.format(**site_objects) for template, _ in site_matrix.EXPECTED.values()]
    site_urls.append(reverse("courses:cancel", args=[site_objects["upcoming"]]))
    for url in site_urls:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            pages.append((url, response.content.decode()))
    for role in ("admin_user", "coordinator", "trainer"):
        client.force_login(request.getfixturevalue(role))
        for method, template, _expected in MATRIX:
            if method == "get":
                url = url_for(template, objects)
                response = client.get(url)
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    pages.append((f"{role} {url}", response.content.decode()))

    shown = sorted({url for url, html in pages if DJANGO_EMPTY_LABEL in html})
    assert shown == []
    forms_seen = {url for url, html in pages if "<select" in html}
    # The sweep reaches the forms it is about: the profile, the public intake forms, the
    # admin's edit forms and filters.
    for url in ("/mein-bereich/profil/", "/bedarf-melden/", "/fachberatung/"):
        assert url in forms_seen
    assert any("/admin/needs/findings/edit/" in url for url in forms_seen)
    assert any(url.endswith("/admin/offerings/") for url in forms_seen)
    profile = dict(pages)["/mein-bereich/profil/"]
    assert f">{de('Please choose')}</option>" in profile
    # Filters offer "All" (django-filter's empty label), not "Not specified".
    offerings = dict(pages)["coordinator /admin/offerings/"]
    assert f">{de('All')}</option>" in offerings
    assert de("Not specified") not in offerings
