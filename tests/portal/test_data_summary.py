"""The readable summary of a person's data: an HTML page and a PDF built from the export."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from portal.data_summary import LABELS, SECTION_TITLES, summarise
from portal.privacy import export_user_data
from tests.courses.factories import OfferingFactory
from tests.courses.past_offerings import pdf_text
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import ConsultationRequestFactory
from tests.portal.export_probes import MOMENT, NOT_EXPORTED, PROBES

pytestmark = pytest.mark.django_db

PAGE = "/mein-bereich/datenschutz/export/uebersicht/"
PDF = "/mein-bereich/datenschutz/export/uebersicht.pdf"


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={url}"


def test_the_page_shows_the_person_their_data_by_area(client):
    person = ProfessionalFactory(first_name="Quirina")
    services.enroll(OfferingFactory(module__title="Probe: Fallarbeit"), person, comment="Rampe")
    ConsultationRequestFactory(user=person, preferred_contact="+49 345 5550101", created_at=MOMENT)
    client.force_login(person)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    for key in ("account", "enrollments", "certificates", "needs_analysis"):
        assert f'<h2 id="data-{key}">{SECTION_TITLES[key]}</h2>' in html
    assert f'<h3 id="data-consultation_requests">{SECTION_TITLES["consultation_requests"]}' in html
    assert "Quirina" in html
    assert "Probe: Fallarbeit" in html
    assert "<dd>bestätigt</dd>" in html  # the label of the status, not "confirmed"
    assert "<dd>nein</dd>" in html  # a boolean for people (cancelled late)
    assert "+49 345 5550101" in html
    assert "4. März 2025" in html  # a date for people, in the local time zone
    assert "2025-03-04T" not in html


def test_the_page_speaks_english_under_en(client):
    person = ProfessionalFactory()
    ConsultationRequestFactory(user=person, created_at=MOMENT)
    client.force_login(person)
    html = client.get("/en" + PAGE).content.decode()
    assert ">Account and profile</h2>" in html
    assert "4 March 2025" in html  # en-GB (portal/formats/en)


def test_the_pdf_is_private_and_holds_the_modules(client):
    person = ProfessionalFactory()
    services.enroll(OfferingFactory(module__title="Probe: Deradikalisierung"), person)
    client.force_login(person)

    response = client.get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.pdf"'
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Probe: Deradikalisierung" in text
    assert person.email in text


def test_the_privacy_page_links_the_summary_and_its_pdf(client):
    client.force_login(ProfessionalFactory())
    html = client.get("/mein-bereich/datenschutz/").content.decode()
    assert f'href="{PAGE}"' in html
    assert f'href="{PDF}"' in html


def _page_queries(client, person) -> int:
    client.force_login(person)
    assert client.get(PAGE).status_code == 200  # caches of the site and vocabulary warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return len(queries)


def test_the_page_queries_do_not_grow_with_the_rows(client):
    one, five = ProfessionalFactory(), ProfessionalFactory()
    services.enroll(OfferingFactory(), one)
    ConsultationRequestFactory(user=one)
    for _ in range(5):
        services.enroll(OfferingFactory(), five)
        ConsultationRequestFactory(user=five)
    assert _page_queries(client, one) == _page_queries(client, five)


def _keys(value, found):
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


def test_every_key_of_a_full_export_has_a_label():
    person = ProfessionalFactory()
    for probe in PROBES.values():
        probe(person)
    data = export_user_data(person)
    keys = _keys(data, set()) - {"exported_at"}
    unlabelled = {
        key
        for key in keys
        if key not in LABELS
        and key not in SECTION_TITLES
        and not (key.endswith("_label") and key.removesuffix("_label") in keys)
    }
    assert sorted(unlabelled) == [], ", ".join(sorted(unlabelled))
    assert NOT_EXPORTED  # sessions: no key to label


def test_the_summary_replaces_values_by_labels_and_leaves_out_empty_ones():
    summary = summarise(
        {
            "exported_at": "2025-03-04T05:06:07+00:00",
            "enrollments": [
                {
                    "module": "M",
                    "status": "declined",
                    "status_label": "abgelehnt",
                    "comment": "",
                    "cancelled_at": None,
                    "requested_at": "2025-03-04T05:06:07+00:00",
                    "sessions": ["2025-03-05 09:00-16:00"],
                    "late_cancellation": False,
                }
            ],
            "needs_analysis": {"interests": [], "findings": []},
        }
    )
    enrollments, needs = summary.sections
    [record] = enrollments.records
    assert record.title == "M"
    shown = {field.key: (field.kind, field.value) for field in record.fields}
    assert shown["status"] == ("text", "abgelehnt")
    assert "status_label" not in shown
    assert "comment" not in shown and "cancelled_at" not in shown
    assert shown["requested_at"] == ("datetime", MOMENT)
    assert shown["late_cancellation"] == ("bool", False)
    assert shown["sessions"][0] == "list"
    [session] = shown["sessions"][1]
    assert (session.kind, session.value) == (
        "session",
        (datetime.date(2025, 3, 5), "09:00", "16:00"),
    )
    assert [s.key for s in needs.subsections] == ["interests", "findings"]
    assert needs.is_empty
