"""Professional exchange meetings ("Fachaustausch", ``Format.EXCHANGE``): attendance as usual,
no certificates, no evaluation requests, no transfer surveys; marked as such in the catalogue,
on the module page and on "Meine Fortbildungen"."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from courses import services
from courses.cards import offering_card
from courses.catalog import module_offerings
from courses.models import Certificate, Enrollment, Format, Offering
from courses.services.reminders import send_evaluation_requests
from courses.services.transfer import send_transfer_surveys
from portal.demo.data import load
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all, past_offering, trainer_of
from tests.courses.test_cards import OFFERING_CARD, engine_template
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

NINE, FOUR = datetime.time(9), datetime.time(16)


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def badge() -> str:
    """The badge as a German reader sees it ("Fachaustausch", whatever the catalogue says
    today)."""
    return f'<span class="badge badge--exchange">{Format.EXCHANGE.label}</span>'


def exchange_held(days_ago=1, participants=2):
    offering = OfferingFactory(format=Format.EXCHANGE, sessions=[(in_days(-days_ago), NINE, FOUR)])
    enrollments = [EnrollmentFactory(offering=offering) for _ in range(participants)]
    attend_all(offering)
    return offering, enrollments


def test_attendance_is_recorded_as_usual():
    _offering, enrollments = exchange_held()
    assert services.attended_ids(enrollments) == {e.pk for e in enrollments}


def test_no_certificate_for_an_exchange_meeting():
    offering, (enrollment, _other) = exchange_held()
    with pytest.raises(services.EnrollmentError) as error:
        services.issue_certificate(enrollment)
    assert error.value.code == "no_certificates"
    with pytest.raises(services.EnrollmentError):
        services.issue_certificates(offering, None)
    assert not Certificate.objects.exists()
    # A training still issues them.
    training = past_offering(days=1)
    EnrollmentFactory(offering=training)
    attend_all(training)
    assert len(services.issue_certificates(training, None)) == 1


def test_the_admin_says_why_no_certificates_are_issued(client):
    offering, _enrollments = exchange_held()
    client.force_login(CoordinatorFactory())
    attendance = reverse("offerings:attendance", args=[offering.pk])
    html = client.get(attendance).content.decode()
    assert reverse("offerings:issue_certificates", args=[offering.pk]) not in html
    assert "no certificates" in html or "keine Teilnahmebescheinigungen" in html
    response = client.post(reverse("offerings:issue_certificates", args=[offering.pk]))
    assert (response.status_code, response["Location"]) == (302, attendance)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert not Certificate.objects.exists()
    # The trainer of the module sees the same.
    client.force_login(trainer_of(offering))
    assert client.get(attendance).status_code == 200


def test_no_evaluation_requests_and_no_transfer_surveys(
    mailoutbox, django_capture_on_commit_callbacks
):
    exchange_held(days_ago=1)
    exchange_held(days_ago=100)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_evaluation_requests() == 0
        assert send_transfer_surveys() == 0
    assert mailoutbox == []
    assert not Enrollment.objects.filter(evaluation_requested_at__isnull=False).exists()
    assert not Enrollment.objects.filter(transfer_survey_sent_at__isnull=False).exists()


# Labels -----------------------------------------------------------------------------------------


@pytest.fixture
def exchange_page(shared_site_pages):
    module = ModulePageFactory(title="Fachaustausch Übergang", slug="fachaustausch-uebergang")
    OfferingFactory(module=module, format=Format.EXCHANGE, title_suffix="Runde 1")
    OfferingFactory(module=module, format=Format.ONLINE)
    return module


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_card_reads_as_the_template(exchange_page, language):
    before = engine_template(OFFERING_CARD)
    with translation.override(language):
        offerings = module_offerings(exchange_page)
        assert {o.format for o in offerings} == {Format.EXCHANGE, Format.ONLINE}
        for offering in offerings:
            for with_button in (False, True):
                context = {"offering": offering, "with_button": with_button}
                card = offering_card(offering, with_button)
                assert card == before.render(context)
                assert ('class="badge badge--exchange"' in card) == (
                    offering.format == Format.EXCHANGE
                )


def test_the_catalogue_and_the_module_page_show_fachaustausch(client, exchange_page):
    for url in ("/fortbildungen/", exchange_page.url):
        html = client.get(url).content.decode()
        assert badge() in html, url


def test_my_trainings_marks_the_meeting_without_certificate_or_evaluation(client):
    _offering, (enrollment, _other) = exchange_held()
    training = past_offering(days=1)
    other = EnrollmentFactory(offering=training, user=enrollment.user)
    attend_all(training)
    client.force_login(enrollment.user)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert badge() in html
    assert reverse("courses:evaluate", args=[enrollment.pk]) not in html
    assert reverse("courses:evaluate", args=[other.pk]) in html  # a training is evaluated
    assert html.count('class="badge badge--exchange"') == 1


def test_the_demo_has_one_exchange_meeting():
    from courses.demo import offerings as demo_offerings

    plan = load(demo_offerings.__file__, "offerings.yaml")
    exchange = [spec for spec in plan["offerings"] if spec.get("format") == Format.EXCHANGE]
    assert len(exchange) == 1
    assert exchange[0].get("status", Offering.Status.OPEN) == Offering.Status.OPEN
