"""Demo content of the workshop talks: the listing page (de + en) and twelve talks.

The texts are in ``talks.yaml``. Idempotent: pages and talks are looked up (by parent and
title) before anything is created. The talks lie in Saxony-Anhalt and at the NRW locations over
the last 18 months; the held ones carry a German protocol and attendance counts per field of
work, two upcoming ones are open for registration. Their findings come from
``needs_analysis.demo``, which finds the talks through ``talks()``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale

from portal.demo.data import load
from portal.models import Audience, HomePage, Provider, Region, User
from workshops.models import Workshop, WorkshopAttendanceCount, WorkshopIndexPage

FACILITATOR_EMAIL = "koordination@example.org"


def _data():
    return load(__file__, "talks.yaml")


def talks() -> list[dict]:
    """The talks of ``talks.yaml``: key, title, region, days, status and what they recorded."""
    return _data()["talks"]


def seed(log=print) -> None:
    seed_index_pages(log)
    seed_talks(log)


def seed_index_pages(log) -> WorkshopIndexPage | None:
    """The "Werkstattgespräche" page below the German home page, and its English translation."""
    home_de = HomePage.objects.filter(locale__language_code="de").first()
    if home_de is None:
        return None
    texts = _data()["index_page"]
    page = WorkshopIndexPage.objects.child_of(home_de).first()
    if page is None:
        page = WorkshopIndexPage(**texts["de"], show_in_menus=True)
        home_de.add_child(instance=page)
        page.save_revision().publish()
        log(f"Seite „{page.title}“ angelegt")
    en = Locale.objects.filter(language_code="en").first()
    home_en = home_de.get_translation_or_none(en) if en else None
    if home_en is not None and page.get_translation_or_none(en) is None:
        translation = WorkshopIndexPage(
            **texts["en"], show_in_menus=True, locale=en, translation_key=page.translation_key
        )
        home_en.add_child(instance=translation)
        translation.save_revision().publish()
        log(f"  translated: {translation.title}")
    return page


def _protocol(paragraphs) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return "<h3>Ergebnisse</h3>" + body if body else ""


def _starts(now, days) -> datetime.datetime:
    """10 o'clock, ``days`` from now, moved off the weekend: talks take place on working days."""
    day = (now + datetime.timedelta(days=days)).date()
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def seed_talks(log) -> dict[str, Workshop]:
    data = _data()
    regions = {r.slug: r for r in Region.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    providers = {p.short_name: p for p in Provider.objects.all()}
    facilitator = User.objects.filter(email__iexact=FACILITATOR_EMAIL).first()
    existing = {w.title: w for w in Workshop.objects.all()}
    now = timezone.localtime()
    created, result = 0, {}
    for talk in data["talks"]:
        workshop = existing.get(talk["title"])
        if workshop is None:
            counts = talk.get("attendance", {})
            host = talk.get("host")
            starts = _starts(now, talk["days"])
            workshop = Workshop.objects.create(
                title=talk["title"],
                region=regions[talk["region"]],
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3, minutes=30),
                venue=data["venues"].get(talk["region"], ""),
                host=providers.get(host) if host else None,
                host_name="" if host else data["default_host_name"],
                capacity=talk.get("capacity"),
                status=talk["status"],
                agenda=data["agenda"],
                summary=_protocol(talk.get("protocol", [])),
                participants_count=sum(counts.values()) or None,
            )
            for slug, count in counts.items():
                WorkshopAttendanceCount.objects.create(
                    workshop=workshop, audience=audiences[slug], count=count
                )
            if facilitator:
                workshop.facilitators.add(facilitator)
            created += 1
        result[talk["key"]] = workshop
    if created:
        log(f"Werkstattgespräche: {created} angelegt")
    return result
