"""Modules for the search tests: the words users searched for, in titles, teasers, rich text,
the StreamField, venues, trainers' names and providers."""

import datetime

from courses.models import Offering
from portal.models import Region
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.factories import ProviderFactory, TrainerFactory


def module(title, teaser="Grundlagen für die Praxis.", **kwargs):
    return ModulePageFactory(title=title, teaser=teaser, **kwargs)


def offer(page, venue, *, region="magdeburg", days=30, status=Offering.Status.OPEN):
    return OfferingFactory(
        module=page,
        region=Region.objects.get(slug=region),
        venue=venue,
        status=status,
        sessions=[(in_days(days), datetime.time(9), datetime.time(16))],
    )


def seed_search_modules() -> dict:
    """The modules by a short name."""
    modules = {
        "clans": module("Familienstrukturen", "Wie Clans ihre Mitglieder binden."),
        "clankriminalitaet": module("Clankriminalität im Blick"),
        "clan_strukturen": module("Arbeit im Umfeld", "Ein Clan ist mehr als eine Familie."),
        "radikalisierung": module(
            "Radikalisierung verstehen", "Wie Menschen sich radikalisieren."
        ),
        "klienten": module(
            "Ausstieg begleiten",
            "Arbeit mit radikalisierten Klient*innen im Vollzug.",
        ),
        "haft": module(
            "Übergangsmanagement",
            learning_objectives="<p>Die Zeit nach der <strong>Haftentlassung</strong></p>",
        ),
        "agenda": module(
            "Fallarbeit",
            body=[
                (
                    "agenda",
                    {
                        "heading": "Ablauf",
                        "items": [
                            {"time": "09:00", "title": "Täter-Opfer-Ausgleich", "description": ""}
                        ],
                    },
                )
            ],
        ),
        "elsewhere": module("Kommunale Prävention"),
    }
    offer(modules["elsewhere"], "Jugendbildungsstätte, Halle (Saale)", region="halle-saale")
    offer(modules["radikalisierung"], "Tagungshaus, Magdeburg")
    offer(
        modules["klienten"], "Rathaus Dessau", region="stendal", status=Offering.Status.CANCELLED
    )

    trainer = TrainerFactory(first_name="Miriam", last_name="Okonkwo")
    modules["haft"].trainers.set([trainer])
    modules["haft"].provider = ProviderFactory(
        name="Landesnetzwerk Demokratie e. V.", short_name="LND"
    )
    modules["haft"].save()
    return modules
