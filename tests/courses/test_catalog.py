"""The catalogue: filters, search, sorting, pagination, English, the feed."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar
from wagtail.models import Locale

from courses.models import CatalogPage, Enrollment, ModulePage, Offering
from courses.page_context import PER_PAGE
from portal.models import Audience, Topic
from tests.courses.catalog_data import offer
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, in_days

pytestmark = pytest.mark.django_db

CATALOG = "/fortbildungen/"
Format = Offering.Format


def de(msgid: str) -> str:
    with translation.override("de"):
        return gettext(msgid)


def module(title, *, teaser="Grundlagen für die Praxis.", topics=(), audiences=()):
    page = ModulePageFactory(title=title, teaser=teaser)
    if topics or audiences:
        page.topics.set(Topic.objects.filter(slug__in=topics))
        page.audiences.set(Audience.objects.filter(slug__in=audiences))
        page.save()
    return page


def titles(client, query="", url=CATALOG) -> list[str]:
    response = client.get(url + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


# Filters -------------------------------------------------------------------------------------


def test_without_filters_every_published_module_shows_also_without_dates(client, catalog):
    offer(module("Mit Termin"))
    module("Ohne Termin")
    ModulePageFactory(title="Entwurf", live=False)
    assert titles(client) == ["Mit Termin", "Ohne Termin"]  # next date first, then the rest
    response = client.get(CATALOG)
    assert de("No dates are scheduled at the moment.") in text(response)


def test_topic_filter(client, catalog):
    offer(module("Rechts", topics=["rechtsextremismus"]))
    offer(module("Islamismus", topics=["islamismus"]))
    module("Rechts ohne Termin", topics=["rechtsextremismus", "gmf"])
    assert titles(client, "topic=rechtsextremismus") == ["Rechts", "Rechts ohne Termin"]
    assert titles(client, "topic=gmf") == ["Rechts ohne Termin"]


def test_audience_filter_keeps_modules_for_everyone(client, catalog):
    offer(module("Für die Polizei", audiences=["polizei"]))
    offer(module("Für die Bewährungshilfe", audiences=["bewaehrungshilfe"]))
    offer(module("Für alle"))
    assert titles(client, "audience=polizei") == ["Für alle", "Für die Polizei"]


def test_audience_filter_hides_dates_reserved_for_other_fields_of_work(client, catalog):
    page = module("Für alle")
    offer(page, days=10, eligible_audiences=[Audience.objects.get(slug="bewaehrungshilfe")])
    open_to_all = offer(page, days=20)
    response = client.get(f"{CATALOG}?audience=polizei")
    (result,) = response.context["results"]
    assert [offering.pk for offering in result.next_offerings] == [open_to_all.pk]


def test_region_filter_a_state_includes_its_districts(client, catalog):
    offer(module("Magdeburg"), region="magdeburg", days=10)
    offer(module("Halle"), region="halle-saale", days=20)
    offer(module("Köln"), region="koeln", days=30)
    assert titles(client, "region=sachsen-anhalt") == ["Magdeburg", "Halle"]
    assert titles(client, "region=nordrhein-westfalen") == ["Köln"]
    assert titles(client, "region=halle-saale") == ["Halle"]


def test_region_filter_an_online_offering_for_the_state_shows_for_its_districts(client, catalog):
    offer(module("Online für Sachsen-Anhalt"), region="sachsen-anhalt", format=Format.ONLINE)
    offer(module("Präsenz irgendwo in Sachsen-Anhalt"), region="sachsen-anhalt", days=40)
    offer(module("Online für NRW"), region="nordrhein-westfalen", format=Format.ONLINE)
    offer(module("In Magdeburg"), region="magdeburg", days=50)
    assert titles(client, "region=magdeburg") == ["Online für Sachsen-Anhalt", "In Magdeburg"]


def test_format_filter(client, catalog):
    offer(module("Präsenz"))
    offer(module("Online"), format=Format.ONLINE, days=31)
    offer(module("Hybrid"), format=Format.HYBRID, days=32)
    assert titles(client, "format=online") == ["Online"]
    assert titles(client, "format=hybrid") == ["Hybrid"]
    assert titles(client, "format=in_person") == ["Präsenz"]


def test_period_filter(client, catalog):
    offer(module("Bald"), days=5)
    offer(module("Im Sommer"), days=60)
    offer(module("Später"), days=200)
    date_from, date_to = in_days(30).isoformat(), in_days(90).isoformat()
    assert titles(client, f"date_from={date_from}&date_to={date_to}") == ["Im Sommer"]
    assert titles(client, f"date_from={date_from}") == ["Im Sommer", "Später"]
    assert titles(client, f"date_to={date_to}") == ["Bald", "Im Sommer"]


def test_an_inverted_period_is_explained_and_only_its_valid_part_used(client, catalog):
    offer(module("Bald"), days=5)
    offer(module("Später"), days=100)
    response = client.get(
        f"{CATALOG}?date_from={in_days(90).isoformat()}&date_to={in_days(30).isoformat()}"
    )
    assert response.status_code == 200
    assert response.context["filter_form"].errors["date_to"]
    assert [page.title for page in response.context["results"]] == ["Später"]


def test_free_seats_filter(client, catalog):
    full = offer(module("Ausgebucht"), capacity=1)
    EnrollmentFactory(offering=full)
    almost = offer(module("Noch Platz"), capacity=2, days=31)
    EnrollmentFactory(offering=almost)
    EnrollmentFactory(offering=almost, status=Enrollment.Status.CANCELLED)
    assert titles(client) == ["Ausgebucht", "Noch Platz"]
    assert titles(client, "free_seats=on") == ["Noch Platz"]


def test_filters_combine(client, catalog):
    wanted = module("Treffer", topics=["rechtsextremismus"])
    offer(wanted, region="halle-saale", format=Format.ONLINE, days=20)
    offer(
        module("Falsches Thema", topics=["islamismus"]), region="halle-saale", format=Format.ONLINE
    )
    offer(
        module("Falsche Region", topics=["rechtsextremismus"]),
        region="koeln",
        format=Format.ONLINE,
    )
    offer(module("Falsches Format", topics=["rechtsextremismus"]), region="halle-saale")
    too_late = module("Zu spät", topics=["rechtsextremismus"])
    offer(too_late, region="halle-saale", format=Format.ONLINE, days=120)
    full = offer(
        module("Voll", topics=["rechtsextremismus"]),
        region="halle-saale",
        format=Format.ONLINE,
        capacity=1,
    )
    EnrollmentFactory(offering=full)
    query = (
        "topic=rechtsextremismus&region=sachsen-anhalt&format=online&free_seats=on"
        f"&date_to={in_days(90).isoformat()}"
    )
    assert titles(client, query) == ["Treffer"]
    response = client.get(f"{CATALOG}?{query}")
    assert len(response.context["active_filters"]) == 5  # one removable chip per filter


def test_only_matching_dates_are_shown_when_filtering_by_dates(client, catalog):
    page = module("Zwei Orte")
    offer(page, region="magdeburg", days=10)
    offer(page, region="koeln", days=20)
    response = client.get(f"{CATALOG}?region=koeln")
    (result,) = response.context["results"]
    assert [offering.region.slug for offering in result.next_offerings] == ["koeln"]


def test_search_finds_a_module_by_a_word_in_its_teaser(client, catalog):
    offer(module("Begleitung nach der Haft", teaser="Distanzierungsbegleitung im Übergang."))
    offer(module("Fallmanagement", teaser="Case Management im Übergangsmanagement."))
    assert titles(client, "q=Distanzierungsbegleitung") == ["Begleitung nach der Haft"]
    assert titles(client, "q=Distanzierungsbegleitung&region=koeln") == []


# Sorting, pagination, empty results ----------------------------------------------------------


def test_sort_by_date_and_by_title(client, catalog):
    offer(module("Alpha"), days=90)
    offer(module("Beta"), days=10)
    offer(module("Gamma"), days=40)
    module("Delta")  # no date: last when sorted by date
    assert titles(client) == ["Beta", "Gamma", "Alpha", "Delta"]
    assert titles(client, "sort=date") == ["Beta", "Gamma", "Alpha", "Delta"]
    assert titles(client, "sort=title") == ["Alpha", "Beta", "Delta", "Gamma"]


def test_pagination_keeps_the_filters_in_its_links(client, catalog):
    for number in range(PER_PAGE + 3):
        offer(module(f"Modul {number:02}", topics=["gmf"]), days=10 + number)
    module("Anderes Thema", topics=["islamismus"])

    response = client.get(f"{CATALOG}?topic=gmf&sort=title")
    assert response.context["page_obj"].paginator.count == PER_PAGE + 3
    assert 'href="?topic=gmf&amp;sort=title&amp;page=2"' in response.content.decode()

    response = client.get(f"{CATALOG}?topic=gmf&sort=title&page=2")
    assert [page.title for page in response.context["results"]] == [
        "Modul 10",
        "Modul 11",
        "Modul 12",
    ]
    assert 'href="?topic=gmf&amp;sort=title&amp;page=1"' in response.content.decode()


def test_an_empty_result_explains_itself_and_offers_to_show_all(client, catalog):
    offer(module("Magdeburg"), region="magdeburg")
    response = client.get(f"{CATALOG}?region=koeln&format=online")
    assert response.context["results"] == []
    page = text(response)
    assert de("No module matches all of your filters.") in page
    assert f'<a href="{CATALOG}">{de("Show all trainings")}</a>' in page
    # Each active filter can be removed on its own.
    urls = [chip["url"] for chip in response.context["active_filters"]]
    assert sorted(urls) == ["?format=online", "?region=koeln"]


def test_an_unknown_filter_value_does_not_break_the_page(client, catalog):
    offer(module("Magdeburg"))
    response = client.get(f"{CATALOG}?topic=gibt-es-nicht&page=999&sort=quatsch")
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == ["Magdeburg"]


# English -------------------------------------------------------------------------------------


def test_the_english_catalogue_lists_the_translation_with_the_german_dates(client, catalog):
    german = module("Rechtsextremismus erkennen", teaser="Grundlagen.")
    offering = offer(german, region="halle-saale")
    module("Nur auf Deutsch")
    english = german.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Recognising right-wing extremism"
    english.slug = "recognising-right-wing-extremism"
    english.teaser = "The basics."
    english.save_revision().publish()

    response = client.get("/en/trainings/")
    assert response.status_code == 200
    # The untranslated module shows too, in German (tests/courses/test_english.py).
    result, untranslated = response.context["results"]
    assert result.title == "Recognising right-wing extremism"
    assert [o.pk for o in result.next_offerings] == [offering.pk]
    assert "Recognising right-wing extremism" in response.content.decode()
    assert "Rechtsextremismus erkennen" not in response.content.decode()
    assert (untranslated.title, untranslated.other_language) == ("Nur auf Deutsch", "de")

    response = client.get(ModulePage.objects.get(pk=english.pk).url)
    assert response.status_code == 200
    assert [o.pk for o in response.context["offerings"]] == [offering.pk]

    with translation.override("en"):
        response = client.get("/en/trainings/?region=koeln")
    assert response.context["results"] == []


# The calendar feed ---------------------------------------------------------------------------


def feed_summaries(client, query="") -> list[str]:
    response = client.get(reverse("courses:feed") + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_feed_takes_the_catalogue_filters(client, catalog):
    offer(module("Rechts in Halle", topics=["rechtsextremismus"]), region="halle-saale", days=10)
    offer(module("Rechts in Köln", topics=["rechtsextremismus"]), region="koeln", days=20)
    offer(module("Islamismus in Halle", topics=["islamismus"]), region="halle-saale", days=30)
    offer(module("Geplant"), status=Offering.Status.PLANNED)
    offer(module("Abgesagt"), status=Offering.Status.CANCELLED)
    offer(module("Vorbei"), days=-3)

    assert feed_summaries(client) == ["Rechts in Halle", "Rechts in Köln", "Islamismus in Halle"]
    assert feed_summaries(client, "topic=rechtsextremismus") == [
        "Rechts in Halle",
        "Rechts in Köln",
    ]
    assert feed_summaries(client, "topic=rechtsextremismus&region=sachsen-anhalt") == [
        "Rechts in Halle"
    ]
    assert feed_summaries(client, "q=Islamismus") == ["Islamismus in Halle"]


def test_the_catalogue_links_the_feed_with_its_filters(client, catalog):
    response = client.get(f"{CATALOG}?topic=gmf&region=magdeburg")
    assert response.context["feed_url"] == reverse("courses:feed") + "?topic=gmf&region=magdeburg"
    assert (
        'href="/termine/kalender.ics?topic=gmf&amp;region=magdeburg"' in response.content.decode()
    )
