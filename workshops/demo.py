"""Demo content of the workshop talks: the listing page (de + en) and about ten talks.

Idempotent: pages and talks are looked up (by slug and title) before anything is created.
The talks lie in Saxony-Anhalt and at the NRW locations over the last 18 months; the held ones
carry a German protocol and attendance counts per field of work, two upcoming ones are open for
registration. Their findings come from ``needs_analysis.demo``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale

from portal.models import Audience, HomePage, Provider, Region, User
from workshops.models import Workshop, WorkshopAttendanceCount, WorkshopIndexPage

FACILITATOR_EMAIL = "koordination@example.org"

INTRO_DE = (
    "<p>In regionalen Werkstattgesprächen berichten Fachkräfte der Straffälligenhilfe, der "
    "Justiz, der Polizei und der Kommunen, was ihnen in der Praxis fehlt: Wissen, "
    "Handlungssicherheit, Fallberatung, Material oder Netzwerke. Aus diesen Befunden planen wir "
    "die Qualifizierungsangebote.</p>"
)
INTRO_EN = (
    "<p>In regional workshop talks, professionals from offender aid, the judiciary, the police "
    "and municipalities tell us what they lack in practice: knowledge, confidence, case "
    "consultation, material or networks. We plan the qualification offerings from these "
    "findings.</p>"
)

# key, title, region, days from today, status, host (short name), audiences {slug: count},
# protocol paragraphs
TALKS = [
    (
        "sa-magdeburg-1",
        "Werkstattgespräch Magdeburg: Rechtsextremismus in der Bewährungshilfe",
        "magdeburg",
        -520,
        "documented",
        "LKR",
        {"bewaehrungshilfe": 9, "freie-straffaelligenhilfe": 6, "gerichtshilfe": 3},
        [
            "Die Teilnehmenden schilderten eine Zunahme rechtsextremer Äußerungen in "
            "Beratungsgesprächen. Viele fühlen sich unsicher, wann und wie sie widersprechen.",
            "Gewünscht werden Grundlagenwissen zu Codes und Symbolen sowie kollegiale "
            "Fallberatung mit Fachträgern der Distanzierungsarbeit.",
        ],
    ),
    (
        "sa-halle-1",
        "Werkstattgespräch Halle (Saale): Übergang aus der Haft",
        "halle-saale",
        -450,
        "documented",
        "Miteinander e. V.",
        {"sozialdienst-vollzug": 7, "freie-straffaelligenhilfe": 8, "bewaehrungshilfe": 4},
        [
            "Im Mittelpunkt stand die kritische Zeit nach der Haftentlassung: Wohnung, "
            "Arbeit und der Kontakt zu alten Szenen entscheiden sich oft in den ersten Wochen.",
            "Die Fachkräfte wünschen sich verbindlichere Absprachen zwischen Vollzug, "
            "Bewährungshilfe und freien Trägern.",
        ],
    ),
    (
        "sa-stendal",
        "Werkstattgespräch Stendal: Ländlicher Raum und rechte Szenen",
        "stendal",
        -380,
        "documented",
        "LKR",
        {"bewaehrungshilfe": 5, "kommunalverwaltung": 4, "freie-straffaelligenhilfe": 3},
        [
            "Im ländlichen Raum fehlen Beratungsstellen in erreichbarer Nähe. Rechte "
            "Strukturen sind sichtbar und werden als normal erlebt.",
            "Gewünscht: aufsuchende Fortbildungen und ein regionales Netzwerk.",
        ],
    ),
    (
        "sa-dessau",
        "Werkstattgespräch Dessau-Roßlau: Gruppenbezogene Menschenfeindlichkeit",
        "dessau-rosslau",
        -300,
        "documented",
        "MKZ Dessau",
        {"sozialdienst-vollzug": 6, "allgemeiner-vollzugsdienst": 7},
        [
            "Im Vollzugsalltag begegnen Bedienstete abwertenden Haltungen gegenüber "
            "Minderheiten. Es fehlt an Methoden, im Alltag klar und professionell zu reagieren.",
        ],
    ),
    (
        "sa-burgenland",
        "Werkstattgespräch Burgenlandkreis: Nach der Haft",
        "burgenlandkreis",
        -200,
        "documented",
        "LKR",
        {"bewaehrungshilfe": 4, "fuehrungsaufsicht": 3, "freie-straffaelligenhilfe": 5},
        [
            "Die Führungsaufsicht berichtet von Klient*innen mit rechtsextremer Vorgeschichte, "
            "für die nach der Entlassung kaum spezialisierte Angebote bestehen.",
        ],
    ),
    (
        "nrw-dortmund",
        "Werkstattgespräch Dortmund: Übergangsmanagement und Arbeit",
        "dortmund",
        -420,
        "documented",
        None,
        {"sozialdienst-vollzug": 6, "arbeitsmarktakteure": 7, "freie-straffaelligenhilfe": 5},
        [
            "Übergänge scheitern an Schnittstellen: Jobcenter, Vollzug und freie Träger "
            "arbeiten mit unterschiedlichen Fristen und Zuständigkeiten.",
            "Gewünscht werden gemeinsame Fortbildungen zu Case Management und "
            "Arbeitsmarktintegration.",
        ],
    ),
    (
        "nrw-koeln",
        "Werkstattgespräch Köln: Case Management nach der Entlassung",
        "koeln",
        -260,
        "documented",
        None,
        {"bewaehrungshilfe": 6, "arbeitsmarktakteure": 4, "freie-straffaelligenhilfe": 6},
        [
            "Die Teilnehmenden beschrieben hohe Fallzahlen und fehlende Zeit für die "
            "Entlassungsvorbereitung. Ein gemeinsames Verständnis von Case Management fehlt.",
        ],
    ),
    (
        "nrw-essen",
        "Werkstattgespräch Essen: Bedrohungsmanagement in Kommunen",
        "essen",
        -160,
        "documented",
        None,
        {"polizei": 8, "kommunalverwaltung": 9},
        [
            "Beschäftigte in Bürgerämtern und Ordnungsbehörden erleben Drohungen. "
            "Es fehlen abgestimmte Abläufe zwischen Polizei und Kommune.",
        ],
    ),
    (
        "nrw-duisburg",
        "Werkstattgespräch Duisburg: Clan-Narrative und Prävention",
        "duisburg",
        -90,
        "held",
        None,
        {"polizei": 7, "kommunalverwaltung": 5, "jugendhilfe-im-strafverfahren": 3},
        [
            "Diskutiert wurde, wie Prävention ohne Stigmatisierung von Familien gelingt. "
            "Gewünscht: Wissen zu Narrativen und interkulturelle Kompetenz.",
        ],
    ),
    (
        "nrw-gelsenkirchen",
        "Werkstattgespräch Gelsenkirchen: Bedrohungslagen erkennen",
        "gelsenkirchen",
        -40,
        "held",
        None,
        {"polizei": 6, "kommunalverwaltung": 7},
        [
            "Die Teilnehmenden wünschen sich Fallbesprechungen zu konkreten Bedrohungslagen "
            "und Schulungen für neue Mitarbeitende.",
        ],
    ),
    (
        "sa-harz-upcoming",
        "Werkstattgespräch Harz: Rechtsextremismus und Resozialisierung",
        "harz",
        24,
        "planned",
        "LKR",
        {},
        [],
    ),
    (
        "nrw-wuppertal-upcoming",
        "Werkstattgespräch Wuppertal: Übergänge gestalten",
        "wuppertal",
        38,
        "planned",
        None,
        {},
        [],
    ),
]

VENUES = {
    "magdeburg": "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg",
    "halle-saale": "Begegnungszentrum, Große Ulrichstraße 5, 06108 Halle (Saale)",
    "stendal": "Rathaus, Markt 1, 39576 Stendal",
    "dessau-rosslau": "MKZ, Parkstraße 7, 06846 Dessau-Roßlau",
    "burgenlandkreis": "Kreisverwaltung, Schönburger Straße 41, 06618 Naumburg",
    "harz": "Landratsamt, Friedrich-Ebert-Straße 42, 38820 Halberstadt",
    "dortmund": "Justizzentrum, Hamm-Dortmund-Weg, 44137 Dortmund",
    "koeln": "Bürgerzentrum, Venloer Straße 429, 50825 Köln",
    "essen": "Rathaus, Porscheplatz 1, 45127 Essen",
    "duisburg": "Stadthaus, Burgplatz 19, 47051 Duisburg",
    "gelsenkirchen": "Wissenschaftspark, Munscheidstraße 14, 45886 Gelsenkirchen",
    "wuppertal": "Stadtteilzentrum, Gathe 6, 42107 Wuppertal",
}


def seed(log=print) -> None:
    seed_index_pages(log)
    seed_talks(log)


def seed_index_pages(log) -> WorkshopIndexPage | None:
    home_de = HomePage.objects.filter(locale__language_code="de").first()
    if home_de is None:
        return None
    page = WorkshopIndexPage.objects.child_of(home_de).first()
    if page is None:
        page = WorkshopIndexPage(
            title="Werkstattgespräche",
            slug="werkstattgespraeche",
            intro=INTRO_DE,
            show_in_menus=True,
        )
        home_de.add_child(instance=page)
        page.save_revision().publish()
        log("Seite „Werkstattgespräche“ angelegt")
    en = Locale.objects.filter(language_code="en").first()
    home_en = home_de.get_translation_or_none(en) if en else None
    if home_en is not None and page.get_translation_or_none(en) is None:
        translation = WorkshopIndexPage(
            title="Workshop talks",
            slug="workshop-talks",
            intro=INTRO_EN,
            show_in_menus=True,
            locale=en,
            translation_key=page.translation_key,
        )
        home_en.add_child(instance=translation)
        translation.save_revision().publish()
        log("  translated: Workshop talks")
    return page


def _protocol(paragraphs) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return "<h3>Ergebnisse</h3>" + body if body else ""


def seed_talks(log) -> dict[str, Workshop]:
    regions = {r.slug: r for r in Region.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    providers = {p.short_name: p for p in Provider.objects.all()}
    facilitator = User.objects.filter(email__iexact=FACILITATOR_EMAIL).first()
    existing = {w.title: w for w in Workshop.objects.all()}
    now = timezone.localtime()
    created, talks = 0, {}
    for key, title, region, days, status, host, counts, protocol in TALKS:
        workshop = existing.get(title)
        if workshop is None:
            day = (now + datetime.timedelta(days=days)).date()
            while day.weekday() >= 5:  # talks take place on working days
                day += datetime.timedelta(days=1)
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            workshop = Workshop.objects.create(
                title=title,
                region=regions[region],
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3, minutes=30),
                venue=VENUES.get(region, ""),
                host=providers.get(host) if host else None,
                host_name="" if host else "INA / 360° – Landesprojekt NRW",
                capacity=25 if status == "planned" else None,
                status=status,
                agenda=(
                    "<ul><li>Ankommen und Vorstellung</li><li>Erfahrungen aus der Praxis</li>"
                    "<li>Was fehlt? Bedarfe sammeln und gewichten</li>"
                    "<li>Nächste Schritte</li></ul>"
                ),
                summary=_protocol(protocol),
                participants_count=sum(counts.values()) or None,
            )
            for slug, count in counts.items():
                WorkshopAttendanceCount.objects.create(
                    workshop=workshop, audience=audiences[slug], count=count
                )
            if facilitator:
                workshop.facilitators.add(facilitator)
            created += 1
        talks[key] = workshop
    if created:
        log(f"Werkstattgespräche: {created} angelegt")
    return talks
