"""The intake channels end to end: form → finding with the right channel, region and topics."""

import datetime
import uuid
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.models import Offering
from needs_analysis.models import ConsultationRequest, Finding, InHouseRequest, Interest
from needs_analysis.services import intake
from portal.models import Audience, Region, Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory
from tests.needs_analysis.responses import is_private

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def module(site_pages):
    page = ModulePageFactory(title="Rechtsextremismus im Kontakt mit Klient*innen")
    page.topics.set(Topic.objects.filter(slug__in=["rechtsextremismus", "nach-der-haft"]))
    page.save_revision().publish()
    return page


def topic_ids(*slugs):
    return [t.pk for t in Topic.objects.filter(slug__in=slugs)]


def report_data(**overrides):
    data = {
        "topics": topic_ids("rechtsextremismus"),
        "region": Region.objects.get(slug="halle-saale").pk,
        "audience": Audience.objects.get(slug="bewaehrungshilfe").pk,
        "phase": "after_release",
        "kind": "confidence",
        "urgency": "high",
        "staff_affected": 6,
        "description": "Unsicherheit bei rechtsextremen Äußerungen in Gesprächen.",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


PUBLIC_VIEWS = [
    ("needs_analysis:report", False),
    ("needs_analysis:consultation", False),
    ("needs_analysis:in_house", True),
]


@pytest.mark.parametrize(("name", "needs_module"), PUBLIC_VIEWS)
def test_intake_forms_need_a_login_and_are_private(client, module, name, needs_module):
    url = reverse(name, args=[module.pk] if needs_module else [])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    for person in (ProfessionalFactory(), TrainerFactory(), CoordinatorFactory()):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert is_private(response)
        assert "personenbezogenen Daten" in response.content.decode() or (
            "personal data about clients" in response.content.decode()
        )


def test_report_form_is_prefilled_from_the_profile(client):
    person = ProfessionalFactory(region=Region.objects.get(slug="halle-saale"))
    client.force_login(person)
    form = client.get(reverse("needs_analysis:report")).context["form"]
    assert form.initial["region"] == person.region_id
    assert form.initial["audience"] == person.audience_id


def test_needs_report_becomes_a_finding_once(client):
    person = ProfessionalFactory()
    client.force_login(person)
    data = report_data()
    response = client.post(reverse("needs_analysis:report"), data)
    assert response.status_code == 302
    assert is_private(response)
    # The same form sent again (double click, back button, second tab) adds nothing.
    client.post(reverse("needs_analysis:report"), data)
    finding = Finding.objects.get()
    assert finding.channel == Finding.Channel.REPORT
    assert finding.region.slug == "halle-saale"
    assert set(finding.topics.values_list("slug", flat=True)) == {"rechtsextremismus"}
    assert (finding.urgency, finding.staff_affected, finding.created_by) == ("high", 6, person)


def test_needs_report_without_topics_is_refused(client):
    client.force_login(ProfessionalFactory())
    response = client.post(reverse("needs_analysis:report"), report_data(topics=[]))
    assert response.status_code == 200
    assert "topics" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_consultation_request_counts_as_a_finding_for_its_topics(client):
    person = ProfessionalFactory()
    client.force_login(person)
    data = {
        "topics": topic_ids("islamismus", "radikalisierungspraevention"),
        "region": Region.objects.get(slug="magdeburg").pk,
        "urgency": "high",
        "description": "Ein Klient teilt islamistische Inhalte. Wie spreche ich das an?",
        "token": str(uuid.uuid4()),
    }
    client.post(reverse("needs_analysis:consultation"), data)
    client.post(reverse("needs_analysis:consultation"), data)
    request = ConsultationRequest.objects.get()
    assert request.user == person
    finding = Finding.objects.get()
    assert finding.channel == Finding.Channel.CONSULTATION
    assert finding.consultation_request == request
    assert finding.kind == Finding.Kind.CONSULTATION
    assert set(finding.topics.values_list("slug", flat=True)) == {
        "islamismus",
        "radikalisierungspraevention",
    }


def test_in_house_request_from_a_module_page(client, module):
    person = ProfessionalFactory()
    form_url = reverse("needs_analysis:in_house", args=[module.pk])
    # Anonymous people are sent to the login first, then to the form.
    assert quote(form_url, safe="") in client.get(module.url).content.decode()
    client.force_login(person)
    assert form_url in client.get(module.url).content.decode()
    data = {
        "organisation": "Sozialer Dienst der Justiz Halle",
        "region": Region.objects.get(slug="halle-saale").pk,
        "group_size": 14,
        "preferred_period": "Frühjahr",
        "message": "",
        "token": str(uuid.uuid4()),
    }
    url = reverse("needs_analysis:in_house", args=[module.pk])
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    request = InHouseRequest.objects.get()
    assert (request.module_id, request.group_size) == (module.pk, 14)
    finding = Finding.objects.get()
    assert finding.channel == Finding.Channel.IN_HOUSE
    assert finding.staff_affected == 14
    assert finding.region.slug == "halle-saale"
    assert set(finding.topics.values_list("slug", flat=True)) == {
        "rechtsextremismus",
        "nach-der-haft",
    }


def test_interest_button_only_without_an_offering_in_the_region(client, module):
    person = ProfessionalFactory(region=Region.objects.get(slug="magdeburg"))
    client.force_login(person)
    interest_url = reverse("needs_analysis:interest", args=[module.pk])
    assert interest_url in client.get(module.url).content.decode()

    # An online offering for the whole state serves Magdeburg too: no button.
    offering = OfferingFactory(
        module=module, region=Region.objects.get(slug="sachsen-anhalt"), format="online"
    )
    assert interest_url not in client.get(module.url).content.decode()
    # An in-person offering elsewhere in the state does not.
    offering.format = "in_person"
    offering.region = Region.objects.get(slug="halle-saale")
    offering.save()
    assert interest_url in client.get(module.url).content.decode()


def test_anonymous_people_are_sent_to_the_login_for_interest_and_in_house(client, module):
    content = client.get(module.url).content.decode()
    assert reverse("account_login") in content
    response = client.post(reverse("needs_analysis:interest", args=[module.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Interest.objects.exists()


def test_interest_is_recorded_once_and_feeds_a_finding(client, module):
    person = ProfessionalFactory(region=Region.objects.get(slug="magdeburg"))
    client.force_login(person)
    url = reverse("needs_analysis:interest", args=[module.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert is_private(response)
    client.post(url)
    interest = Interest.objects.get()
    assert (interest.user, interest.region.slug) == (person, "magdeburg")
    finding = Finding.objects.get()
    assert finding.channel == Finding.Channel.INTEREST
    assert finding.interest == interest
    assert "You will be notified" in client.get(module.url).content.decode() or (
        "benachrichtigt" in client.get(module.url).content.decode()
    )


def test_interested_people_are_emailed_once_when_an_offering_in_their_region_opens(
    module, django_capture_on_commit_callbacks
):
    magdeburg = ProfessionalFactory(region=Region.objects.get(slug="magdeburg"), language="en")
    halle = ProfessionalFactory(region=Region.objects.get(slug="halle-saale"))
    intake.express_interest(magdeburg, module)
    intake.express_interest(halle, module)
    with django_capture_on_commit_callbacks(execute=True):
        offering = OfferingFactory(module=module, status=Offering.Status.PLANNED)
    assert mail.outbox == []  # planned: not announced yet
    with django_capture_on_commit_callbacks(execute=True):
        offering.status = Offering.Status.OPEN
        offering.save()
    assert [m.to for m in mail.outbox] == [[magdeburg.email]]
    message = mail.outbox[0]
    assert module.title in message.subject
    assert message.subject.startswith("New date in your region")
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    # Saving the open offering again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        offering.capacity = 20
        offering.save()
    assert len(mail.outbox) == 1
    interest = Interest.objects.get(user=magdeburg)
    assert interest.status == Interest.Status.NOTIFIED
    assert interest.notified_offering == offering
    assert Interest.objects.get(user=halle).status == Interest.Status.ACTIVE


def test_an_online_offering_for_the_state_notifies_the_districts(
    module, django_capture_on_commit_callbacks
):
    person = ProfessionalFactory(region=Region.objects.get(slug="halle-saale"))
    intake.express_interest(person, module)
    with django_capture_on_commit_callbacks(execute=True):
        OfferingFactory(
            module=module, region=Region.objects.get(slug="sachsen-anhalt"), format="online"
        )
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_requests_are_in_the_data_export_and_anonymised(module):
    from portal.privacy import delete_account, export_user_data

    person = ProfessionalFactory()
    intake.request_consultation(
        person, region=person.region, topics=[], description="Allgemeine Frage"
    )
    intake.express_interest(person, module)
    data = export_user_data(person)
    assert data["needs_analysis"]["consultation_requests"][0]["description"] == "Allgemeine Frage"
    delete_account(person)
    assert ConsultationRequest.objects.get().user is None
    assert Finding.objects.count() == 2  # the needs stay


def test_every_report_is_audit_logged(client):
    person = ProfessionalFactory()
    client.force_login(person)
    client.post(reverse("needs_analysis:report"), report_data())
    assert ModelLogEntry.objects.filter(action="needs_analysis.finding.reported").count() == 1


def test_offering_in_the_future_only(module, django_capture_on_commit_callbacks):
    person = ProfessionalFactory()
    intake.express_interest(person, module)
    with django_capture_on_commit_callbacks(execute=True):
        OfferingFactory(
            module=module, sessions=[(in_days(-3), datetime.time(9), datetime.time(16))]
        )
    assert mail.outbox == []


def test_interest_mail_is_plain_text_unescaped_and_html_escaped(
    site_pages, django_capture_on_commit_callbacks
):
    module = ModulePageFactory(title="Werte & Ressourcen")
    module.topics.set(Topic.objects.filter(slug="rechtsextremismus"))
    module.save_revision().publish()
    person = ProfessionalFactory(
        region=Region.objects.get(slug="magdeburg"), first_name="Ren'e", language="de"
    )
    intake.express_interest(person, module)
    with django_capture_on_commit_callbacks(execute=True):
        OfferingFactory(module=module)
    [message] = mail.outbox
    assert "Werte & Ressourcen" in message.subject
    assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert "Werte & Ressourcen" in message.body
    assert "Ren'e" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "Werte &amp; Ressourcen" in html
    assert "Ren&#x27;e" in html


# Client data, length and resubmits in the needs report (issue R7, item 13) -------------------


@pytest.mark.parametrize(
    "text",
    [
        "Klient geb. 12.03.1985 braucht Hilfe",
        "Der Klient (12.03.1985) ist unsicher",
        "Fall Az. 123 Js 456/24 zeigt den Bedarf",
        "AZ: 4711 – Unsicherheit im Umgang",
        "Verfahren 5 Ls 12/2023 ohne Begleitung",
        "Gespräch mit Frau Müller über Radikalisierung",
        "Herrn Dr. Yilmaz fehlt Material",
    ],
)
def test_a_report_with_client_data_is_refused(client, text):
    client.force_login(ProfessionalFactory())
    response = client.post(reverse("needs_analysis:report"), report_data(description=text))
    assert response.status_code == 200
    [error] = response.context["form"].errors["description"]
    assert (
        "Az" in error
        or "Aktenzeichen" in error
        or "Frau" in error
        or "Geburt" in error
        or ("birth" in error)
    )
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Unsicherheit bei rechtsextremen Äußerungen in Gesprächen.",
        "Seit 01.03.2024 gelten neue Regeln, die Frau Angst machen",
        "Herr K. und Frau S. (anonymisiert) fragen nach Material",
        "Dienst rund um die Uhr, 24/7, Frauen und Männer",
    ],
)
def test_general_text_is_accepted(client, text):
    client.force_login(ProfessionalFactory())
    response = client.post(reverse("needs_analysis:report"), report_data(description=text))
    assert response.status_code == 302
    assert Finding.objects.get().description == text


def test_the_client_data_rule_guards_the_consultation_request_too(client):
    client.force_login(ProfessionalFactory())
    data = {
        "topics": topic_ids("islamismus"),
        "region": Region.objects.get(slug="magdeburg").pk,
        "urgency": "high",
        "description": "Herr Schmidt, geboren am 1.2.1990, teilt islamistische Inhalte.",
        "token": str(uuid.uuid4()),
    }
    response = client.post(reverse("needs_analysis:consultation"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not ConsultationRequest.objects.exists()


def test_a_long_report_is_refused_not_cut_and_the_limit_is_shown(client):
    client.force_login(ProfessionalFactory())
    page = client.get(reverse("needs_analysis:report")).content.decode()
    textarea = page.split('name="description"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in textarea  # a browser would cut a pasted text silently
    helptext = page.split('id="id_description_helptext">', 1)[1].split("</p>", 1)[0]
    assert "4.000" in helptext  # "Höchstens 4.000 Zeichen.", grouped the German way
    response = client.post(reverse("needs_analysis:report"), report_data(description="x" * 4001))
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not Finding.objects.exists()
    response = client.post(reverse("needs_analysis:report"), report_data(description="x" * 4000))
    assert response.status_code == 302
    assert len(Finding.objects.get().description) == 4000


def test_back_and_send_again_records_the_report_once(client):
    from django.contrib.messages import INFO, get_messages

    person = ProfessionalFactory()
    client.force_login(person)
    first = client.post(reverse("needs_analysis:report"), report_data())
    assert first.status_code == 302
    # Back to the form: a fresh page, a fresh token, the same text sent again.
    again = client.post(reverse("needs_analysis:report"), report_data())
    assert again.status_code == 302
    assert again["Location"] == reverse("needs_analysis:report_done")
    assert [m.level for m in get_messages(again.wsgi_request)][-1] == INFO
    assert Finding.objects.count() == 1
    # Another person, or another text, is another report.
    client.post(reverse("needs_analysis:report"), report_data(description="Anderer Bedarf"))
    client.force_login(ProfessionalFactory())
    client.post(reverse("needs_analysis:report"), report_data())
    assert Finding.objects.count() == 3
