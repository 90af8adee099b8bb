"""The offer page behind the mail's link, and the offer in "Meine Fortbildungen"."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrollment, Offering
from tests.courses.factories import OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    offering = OfferingFactory(capacity=1, waitlist_mode=Offering.WaitlistMode.OFFER)
    seated = services.enroll(offering, UserFactory())
    waiting = services.enroll(offering, UserFactory())
    services.enroll(offering, UserFactory())
    services.cancel(seated, seated.user)
    return Enrollment.objects.get(pk=waiting.pk)


def url(enrollment):
    return f"/mein-bereich/fortbildungen/{enrollment.pk}/platzangebot/"


def test_the_link_only_shows_the_page_and_changes_nothing(client, offered):
    client.force_login(offered.user)
    response = client.get(url(offered), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Ihnen wird ein Platz angeboten" in response.text
    assert 'name="action" value="accept"' in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    assert Enrollment.objects.get(pk=offered.pk).status == Status.OFFERED


def test_accept_in_the_browser(client, offered):
    client.force_login(offered.user)
    response = client.post(url(offered), {"action": "accept"})
    assert (response.status_code, response["Location"]) == (302, "/mein-bereich/fortbildungen/")
    assert Enrollment.objects.get(pk=offered.pk).status == Status.CONFIRMED
    # A second click (double submit) changes nothing and says so.
    again = client.post(url(offered), {"action": "accept"}, follow=True)
    assert again.status_code == 200
    assert (
        Enrollment.objects.filter(offering=offered.offering, status=Status.CONFIRMED).count() == 1
    )


def test_decline_in_the_browser_offers_the_next(client, offered):
    client.force_login(offered.user)
    response = client.post(url(offered), {"action": "decline"})
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=offered.pk).status == Status.CANCELLED
    assert Enrollment.objects.filter(offering=offered.offering, status=Status.OFFERED).count() == 1


def test_no_action_is_a_message_not_an_error(client, offered):
    client.force_login(offered.user)
    response = client.post(url(offered), {"action": "whatever"})
    assert (response.status_code, response["Location"]) == (302, url(offered))
    assert Enrollment.objects.get(pk=offered.pk).status == Status.OFFERED


def test_somebody_elses_offer_is_not_found(client, offered):
    client.force_login(UserFactory())
    assert client.get(url(offered)).status_code == 404
    assert client.post(url(offered), {"action": "accept"}).status_code == 404
    assert Enrollment.objects.get(pk=offered.pk).status == Status.OFFERED


def test_an_expired_offer_in_the_browser(client, offered):
    Enrollment.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(offered.user)
    response = client.post(url(offered), {"action": "accept"}, follow=True)
    assert response.status_code == 200
    assert (
        "Die Frist zum Annehmen dieses Platzes ist abgelaufen; er wurde der nächsten Person "
        "angeboten." in response.text
    )
    assert Enrollment.objects.get(pk=offered.pk).status == Status.CANCELLED


def test_my_trainings_shows_the_offer_first(client, offered):
    client.force_login(offered.user)
    response = client.get("/mein-bereich/fortbildungen/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    text = response.text
    assert "Ihnen angebotene Plätze" in text
    assert text.index("Ihnen angebotene Plätze") < text.index('id="upcoming-heading"')
    assert url(offered) in text


def test_the_participant_list_shows_held_offers(client, offered):
    from django.urls import reverse

    from tests.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory())
    response = client.get(reverse("offerings:participants", args=[offered.offering_id]))
    assert response.status_code == 200
    assert "Angebotene Plätze aus der Warteliste" in response.text
    assert offered.user.email in response.text
    assert "1 von 1 Plätzen belegt" in response.text
