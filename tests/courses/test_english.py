"""English visitors: every module in the catalogue and the search (untranslated ones marked
"in German", with ``lang="de"``), English titles in calendar files and mails, British dates."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from icalendar import Calendar
from openpyxl import load_workbook
from wagtail.models import Locale

from courses import exports, notifications
from courses.models import CatalogPage, ModulePage
from tests.courses.catalog_data import offer
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days

pytestmark = pytest.mark.django_db

EN_CATALOG = "/en/trainings/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


def translate(page, title, slug, teaser="The basics for practice."):
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug, english.teaser = title, slug, teaser
    english.save_revision().publish()
    return ModulePage.objects.get(pk=english.pk)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def card(page: BeautifulSoup, title: str):
    (link,) = [a for a in page.select(".module-card h3 a") if a.get_text(strip=True) == title]
    return link, link.find_parent("article")


def british(date: datetime.date) -> str:
    return f"{date.day} {date:%B} {date.year}"  # 14 January 2027


def american(date: datetime.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"  # January 14, 2027


def ics_summaries(content: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(content).walk("VEVENT")]


# The catalogue and the search ------------------------------------------------------------------


def test_the_english_catalogue_shows_an_untranslated_module_marked_in_german(client, catalog):
    german_only = ModulePageFactory(title="Nur auf Deutsch", teaser="Grundlagen auf Deutsch.")
    offer(german_only)
    translated = translate(
        ModulePageFactory(title="Rechtsextremismus erkennen"),
        "Recognising right-wing extremism",
        "recognising-right-wing-extremism",
    )

    page = soup(client.get(EN_CATALOG))

    assert "2 modules found" in page.get_text()
    link, article = card(page, "Nur auf Deutsch")
    assert link["lang"] == "de" and link["hreflang"] == "de"
    assert link["href"] == german_only.url and link["href"].startswith("/fortbildungen/")
    badges = [badge.get_text(strip=True) for badge in article.select(".badge")]
    assert "in German" in badges  # a text, not a colour
    assert not article.find(string="in German").find_parent(attrs={"lang": "de"})
    (teaser,) = [p for p in article.find_all("p") if "Grundlagen auf Deutsch." in p.get_text()]
    assert teaser["lang"] == "de"
    assert article.select(".offerings .offering")  # with its dates

    link, article = card(page, "Recognising right-wing extremism")
    assert not link.get("lang")
    assert link["href"] == translated.url and link["href"].startswith(EN_CATALOG)
    assert "in German" not in article.get_text()
    assert "Rechtsextremismus erkennen" not in page.get_text()  # only its translation shows


def test_the_german_catalogue_marks_nothing(client, catalog):
    ModulePageFactory(title="Nur auf Deutsch")
    page = soup(client.get("/fortbildungen/"))
    link, article = card(page, "Nur auf Deutsch")
    assert not link.get("lang") and not article.select(".badge")


def test_english_filters_and_search_find_untranslated_modules(client, catalog):
    german_only = ModulePageFactory(title="Clan-Narrative verstehen")
    offer(german_only, region="koeln")
    translate(ModulePageFactory(title="Clans im Kiez"), "Clans in the neighbourhood", "clans")

    response = client.get(EN_CATALOG + "?q=clan&region=koeln")
    assert [module.title for module in response.context["results"]] == ["Clan-Narrative verstehen"]

    response = client.get(EN_CATALOG + "?q=clan&sort=title")
    results = [(m.title, m.other_language) for m in response.context["results"]]
    assert results == [("Clan-Narrative verstehen", "de"), ("Clans in the neighbourhood", "")]


def test_the_english_header_search_finds_untranslated_modules_marked_in_german(client, catalog):
    german_only = ModulePageFactory(title="Clan-Narrative verstehen", teaser="Hintergründe.")
    translate(ModulePageFactory(title="Clans im Kiez"), "Clans in the neighbourhood", "clans")

    response = client.get("/en/suche/?q=clan")
    page = soup(response)
    modules = [r.title for r in response.context["results"] if isinstance(r, ModulePage)]
    assert modules == ["Clan-Narrative verstehen", "Clans in the neighbourhood"]
    (link,) = page.select(f'main a[href="{german_only.url}"]')
    assert link["lang"] == "de"
    item = link.find_parent("li")
    assert item.select_one(".badge").get_text(strip=True) == "in German"
    assert item.select_one(".muted")["lang"] == "de"  # the teaser
    assert "Clans im Kiez" not in page.get_text()


# Dates ----------------------------------------------------------------------------------------


def test_an_english_module_page_shows_british_dates(client, catalog):
    date = in_days(60)
    german = ModulePageFactory(title="Rechtsextremismus erkennen")
    OfferingFactory(module=german, sessions=[(date, datetime.time(9), datetime.time(16))])
    english = translate(german, "Recognising right-wing extremism", "recognising")

    text = soup(client.get(english.url)).get_text()
    assert british(date) in text
    assert american(date) not in text
    with translation.override("en"):
        assert str(german.offerings.get()).endswith(f"({date:%d/%m/%Y})")  # short dates


# Calendar files and mails ----------------------------------------------------------------------


def test_a_calendar_file_carries_the_title_in_the_readers_language(client, catalog):
    german = ModulePageFactory(title="Rechtsextremismus erkennen")
    offering = offer(german)
    translate(german, "Recognising right-wing extremism", "recognising")

    for language, title in [
        ("en", "Recognising right-wing extremism"),
        ("de", "Rechtsextremismus erkennen"),
    ]:
        with translation.override(language):
            url = reverse("courses:offering_ics", args=[offering.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert ics_summaries(response.content) == [title]
        assert slugify(title) in response["Content-Disposition"]


def feed(client) -> tuple[list[str], int]:
    with translation.override("en"):
        url = reverse("courses:feed")
    assert url.startswith("/en/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return ics_summaries(response.content), len(queries)


def test_the_english_feed_has_english_titles_in_a_fixed_number_of_queries(client, catalog):
    offer(ModulePageFactory(title="Nur auf Deutsch"), days=5)
    offer(translate(ModulePageFactory(title="Modul 0"), "Module 0", "module-0"), days=10)
    feed(client)  # warm the site and locale caches
    summaries, few = feed(client)
    assert summaries == ["Nur auf Deutsch", "Module 0"]

    for number in range(1, 6):
        german = ModulePageFactory(title=f"Modul {number}")
        offer(german, days=10 + number)
        translate(german, f"Module {number}", f"module-{number}")
    feed(client)  # the new pages changed the content version: warm the cached locales again
    summaries, many = feed(client)
    assert summaries == ["Nur auf Deutsch"] + [f"Module {n}" for n in range(6)]
    assert many == few


def test_a_mail_to_an_english_recipient_has_english_title_dates_and_calendar_file(catalog):
    date = in_days(60)
    german = ModulePageFactory(title="Rechtsextremismus erkennen")
    sessions = [(date, datetime.time(9), datetime.time(16))]
    offering = OfferingFactory(module=german, sessions=sessions)
    translate(german, "Recognising right-wing extremism", "recognising")
    enrollment = EnrollmentFactory(offering=offering)

    message = notifications.build_message(
        enrollment, notifications.CONFIRMED, "person@example.org", "en"
    )
    assert "Recognising right-wing extremism" in message.subject
    assert "Recognising right-wing extremism" in message.body
    assert british(date) in message.body and american(date) not in message.body
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    assert ics_summaries(attachment[1].encode()) == ["Recognising right-wing extremism"]

    message = notifications.build_message(
        enrollment, notifications.CONFIRMED, "person@example.org", "de"
    )
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    assert ics_summaries(attachment[1].encode()) == ["Rechtsextremismus erkennen"]


def test_a_participant_export_is_named_after_the_title_in_the_readers_language(catalog):
    german = ModulePageFactory(title="Rechtsextremismus erkennen")
    offering = offer(german)
    translate(german, "Recognising right-wing extremism", "recognising")
    with translation.override("en"):
        assert "recognising-right-wing-extremism" in exports.filename(offering)
        workbook = load_workbook(io.BytesIO(exports.render(offering, [], "xlsx")))
    assert workbook.active.title == "Recognising right-wing extremism"[:31]
    with translation.override("de"):
        assert "rechtsextremismus-erkennen" in exports.filename(offering)
