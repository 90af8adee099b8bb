"""Consultation and in-house requests reach people: the responsible coordination and the
requester each get a mail after commit, in their language, with a link and no request content."""

import uuid

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from needs_analysis import notifications
from needs_analysis.models import ConsultationRequest, InHouseRequest
from needs_analysis.services import intake
from portal.models import Region, Topic
from tests.courses.factories import ModulePageFactory
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
SITUATION = "Herr K. (geb. 1980) äußert sich zunehmend rechtsextrem im Gespräch."
IN_HOUSE_MESSAGE = "Unser Team betreut zwei Klienten aus der Reichsbürger-Szene."
ORGANISATION = "Sozialer Dienst der Justiz Halle"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def magdeburg(db):
    return Region.objects.get(slug="magdeburg")


@pytest.fixture
def people(db):
    return {
        "requester": ProfessionalFactory(email="fachkraft@example.org", first_name="Frida"),
        "coordinator": CoordinatorFactory(email="koordination@example.org"),
        "english_coordinator": CoordinatorFactory(email="coordination@example.org", language="en"),
        # Without a second factor a coordinator could not open the request: not told.
        "unverified": CoordinatorFactory(email="ohne-2fa@example.org", mfa=False),
        "inactive": CoordinatorFactory(email="inaktiv@example.org", is_active=False),
        "trainer": TrainerFactory(email="referentin@example.org"),
    }


def _consult(person, region, token=None):
    return intake.request_consultation(
        person,
        region=region,
        topics=list(Topic.objects.filter(slug="rechtsextremismus")),
        description=SITUATION,
        preferred_contact="0391 123456",
        token=token,
    )


def _in_house(person, region, module):
    return intake.request_in_house(
        person,
        module,
        organisation=ORGANISATION,
        region=region,
        group_size=12,
        preferred_period="Frühjahr",
        message=IN_HOUSE_MESSAGE,
    )


def german(msgid):
    """The German text of ``msgid`` if the catalogue has it yet, else the English msgid;
    placeholders as ``{name}`` (the templates' ``%(name)s``)."""
    with translation.override("de"):
        text = gettext(msgid.replace("{kind}", "%(kind)s").replace("{number}", "%(number)s"))
    return text.replace("%(kind)s", "{kind}").replace("%(number)s", "{number}")


def _mails_to(mailoutbox):
    return {address: mail for mail in mailoutbox for address in mail.to}


def _all_text(mail):
    return "\n".join([mail.subject, mail.body, *(content for content, _ in mail.alternatives)])


def test_a_consultation_request_tells_the_coordination_and_the_requester(
    people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = _consult(people["requester"], magdeburg)

    mails = _mails_to(mailoutbox)
    assert sorted(mails) == [
        "coordination@example.org",
        "fachkraft@example.org",
        "koordination@example.org",
    ]
    edit = BASE + reverse("needs_consultations:request", args=[request.pk])
    to_coordination = mails["koordination@example.org"]
    assert to_coordination.extra_headers["X-Needs-Event"] == "consultation_request_received"
    assert to_coordination.subject == german("New request: {kind} no. {number}").format(
        kind=german("Consultation request"), number=request.pk
    )
    assert edit in to_coordination.body
    assert f'href="{edit}"' in to_coordination.alternatives[0][0]

    confirmation = mails["fachkraft@example.org"]
    assert confirmation.extra_headers["X-Needs-Event"] == "consultation_request_confirmed"
    assert german("Consultation request") in confirmation.subject
    assert "Frida" in confirmation.body
    assert BASE + "/mein-bereich/fortbildungen/#my-requests" in confirmation.body
    assert edit not in confirmation.body  # the admin is not the requester's


def test_no_request_content_in_any_mail(
    people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    module = ModulePageFactory(title="Reichsbürger im Kontakt mit Klient*innen")
    with django_capture_on_commit_callbacks(execute=True):
        _consult(people["requester"], magdeburg)
        _in_house(people["requester"], magdeburg, module)

    assert len(mailoutbox) == 6
    for mail in mailoutbox:
        text = _all_text(mail)
        for content in (SITUATION, "Herr K.", "0391 123456", IN_HOUSE_MESSAGE, ORGANISATION):
            assert content not in text, (mail.to, content)


def test_each_recipient_reads_it_in_their_language(
    people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    people["requester"].language = "en"
    people["requester"].save()
    module = ModulePageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request = _in_house(people["requester"], magdeburg, module)

    mails = _mails_to(mailoutbox)
    english = mails["coordination@example.org"]
    assert english.subject == f"New request: In-house training request no. {request.pk}"
    assert BASE + reverse("needs_in_house:edit", args=[request.pk]) in english.body
    german_mail = mails["koordination@example.org"]
    assert german_mail.subject == german("New request: {kind} no. {number}").format(
        kind=german("In-house training request"), number=request.pk
    )
    confirmation = mails["fachkraft@example.org"]
    assert confirmation.subject == "We have received your request (In-house training request)"
    assert BASE + "/en/mein-bereich/fortbildungen/#my-requests" in confirmation.body


def test_a_double_submit_sends_once(
    people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        _consult(people["requester"], magdeburg, token=token)
    with django_capture_on_commit_callbacks(execute=True):
        _consult(people["requester"], magdeburg, token=token)
    assert ConsultationRequest.objects.count() == 1
    assert len(mailoutbox) == 3


def test_nothing_is_sent_for_a_rolled_back_request(
    people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _consult(people["requester"], magdeburg)
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert mailoutbox == []
    assert InHouseRequest.objects.count() == ConsultationRequest.objects.count() == 0


def test_the_form_sends_the_mails_after_the_request_commits(
    client, people, magdeburg, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["requester"])
    data = {
        "topics": [Topic.objects.get(slug="rechtsextremismus").pk],
        "region": magdeburg.pk,
        "urgency": "high",
        "description": "Ein Klient äußert sich rechtsextrem. Wie spreche ich das an?",
        "token": str(uuid.uuid4()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs_analysis:consultation"), data)
    assert response.status_code == 302
    assert len(mailoutbox) == 3


def test_responsible_coordinators_are_verified_active_coordinators(people, magdeburg):
    found = set(notifications.responsible_coordinators(magdeburg))
    assert found == {people["coordinator"], people["english_coordinator"]}


def test_an_unknown_kind_is_refused(people, magdeburg):
    request = _consult(people["requester"], magdeburg)
    with pytest.raises(ValueError):
        notifications.notify_request("report", request)
