"""Demo content of the needs analysis: 150+ findings from every channel, requests, and
offerings already planned (and some opened) from the recommendations.

The picture: a strong need on right-wing extremism and the time after release in several
Saxony-Anhalt districts; transition management and labour-market integration in NRW; threat
management and clan-crime prevention for police and municipalities in the Ruhr cities. Findings
are spread over the last 18 months. Everything goes through the services (``intake``,
``services.plan_offering``), so the demo shows what the platform does.

Idempotent: findings, requests and planned offerings carry a "Demo" marker and are created
only once.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from courses.models import Offering
from needs_analysis import intake, services
from needs_analysis.models import ConsultationRequest, Finding, InHouseRequest
from portal.models import Audience, Region, Topic, User
from workshops.models import Workshop

MARKER = "Demo:"
PLAN_MARKER = "Demo-Planung"
FACILITATOR_EMAIL = "koordination@example.org"

SA_HOTSPOTS = ["magdeburg", "halle-saale", "stendal", "burgenlandkreis", "dessau-rosslau"]
SA_OTHER = ["saalekreis", "harz", "mansfeld-suedharz", "salzlandkreis", "anhalt-bitterfeld"]
NRW_INA = ["dortmund", "koeln", "duesseldorf", "wuppertal", "bochum"]
RUHR = ["essen", "duisburg", "gelsenkirchen", "oberhausen", "bochum", "dortmund"]

# profile: (topic sets, audiences, phases, high-urgency share)
PROFILES = {
    "sa": (
        [
            ["rechtsextremismus"],
            ["rechtsextremismus", "nach-der-haft"],
            ["nach-der-haft"],
            ["gmf"],
            ["radikalisierungspraevention", "rechtsextremismus"],
            ["netzwerkarbeit"],
        ],
        [
            "bewaehrungshilfe",
            "freie-straffaelligenhilfe",
            "sozialdienst-vollzug",
            "fuehrungsaufsicht",
            "allgemeiner-vollzugsdienst",
            "gerichtshilfe",
        ],
        ["after_release", "release_preparation", "probation", "custody"],
        0.45,
    ),
    "nrw": (
        [
            ["uebergangsmanagement"],
            ["arbeitsmarktintegration"],
            ["uebergangsmanagement", "arbeitsmarktintegration"],
            ["nach-der-haft", "uebergangsmanagement"],
            ["netzwerkarbeit"],
        ],
        [
            "sozialdienst-vollzug",
            "arbeitsmarktakteure",
            "bewaehrungshilfe",
            "freie-straffaelligenhilfe",
        ],
        ["release_preparation", "after_release", "probation"],
        0.3,
    ),
    "ruhr": (
        [
            ["bedrohungsmanagement"],
            ["bedrohungsmanagement", "netzwerkarbeit"],
            ["clankriminalitaet"],
            ["clankriminalitaet", "interkulturelle-kompetenz"],
        ],
        ["polizei", "kommunalverwaltung", "jugendhilfe-im-strafverfahren"],
        ["prevention", "probation"],
        0.35,
    ),
}

WORKSHOP_PROFILES = {
    "sa-magdeburg-1": "sa",
    "sa-halle-1": "sa",
    "sa-stendal": "sa",
    "sa-dessau": "sa",
    "sa-burgenland": "sa",
    "nrw-dortmund": "nrw",
    "nrw-koeln": "nrw",
    "nrw-essen": "ruhr",
    "nrw-duisburg": "ruhr",
    "nrw-gelsenkirchen": "ruhr",
}

DESCRIPTIONS = {
    "rechtsextremismus": [
        "Unsicher, wie auf rechtsextreme Äußerungen im Beratungsgespräch zu reagieren ist.",
        "Codes, Symbole und Musik der Szene werden nicht sicher erkannt.",
        "Wunsch nach Fallberatung mit Fachträgern der Distanzierungsarbeit.",
    ],
    "nach-der-haft": [
        "In den ersten Wochen nach der Entlassung fehlen Wohnung und feste Ansprechpersonen.",
        "Der Kontakt zu alten Szenen nach der Entlassung wird als größtes Risiko beschrieben.",
    ],
    "gmf": [
        "Abwertende Haltungen gegenüber Minderheiten im Vollzugsalltag; Methoden fehlen.",
    ],
    "radikalisierungspraevention": [
        "Distanzierungsprozesse begleiten: Methoden und Haltung sind unklar.",
    ],
    "netzwerkarbeit": [
        "Ansprechpersonen bei Polizei, Kommune und freien Trägern sind nicht bekannt.",
        "Regionale Vernetzung fehlt, besonders im ländlichen Raum.",
    ],
    "uebergangsmanagement": [
        "Schnittstellen zwischen Vollzug, Jobcenter und freien Trägern funktionieren nicht.",
        "Gemeinsames Verständnis von Case Management fehlt.",
    ],
    "arbeitsmarktintegration": [
        "Kenntnisse zu Förderinstrumenten der Arbeitsagentur fehlen.",
        "Arbeitgeber*innen für Menschen mit Hafterfahrung gewinnen: Vorgehen unklar.",
    ],
    "bedrohungsmanagement": [
        "Drohungen gegen Beschäftigte im Bürgeramt: abgestimmte Abläufe fehlen.",
        "Warnsignale erkennen und Fälle gemeinsam mit der Polizei bewerten.",
    ],
    "clankriminalitaet": [
        "Prävention ohne Stigmatisierung von Familien: Wissen zu Narrativen fehlt.",
    ],
    "interkulturelle-kompetenz": [
        "Kommunikation mit Familien aus unterschiedlichen Herkunftskulturen.",
    ],
}

CONSULTATIONS = [
    (
        "magdeburg",
        ["rechtsextremismus"],
        "high",
        "Ein Proband trägt szenetypische Kleidung und äußert sich abwertend über Geflüchtete. "
        "Wie spreche ich das im nächsten Termin an, ohne den Kontakt zu verlieren?",
    ),
    (
        "halle-saale",
        ["nach-der-haft", "rechtsextremismus"],
        "high",
        "Eine Person wird in sechs Wochen entlassen und hat angekündigt, zu ihren alten Freunden "
        "aus der Szene zurückzukehren. Welche Angebote gibt es in der Region?",
    ),
    (
        "stendal",
        ["rechtsextremismus", "netzwerkarbeit"],
        "medium",
        "Im Landkreis gibt es keine spezialisierte Beratungsstelle. An wen kann ich mich wenden?",
    ),
    (
        "dortmund",
        ["uebergangsmanagement"],
        "medium",
        "Die Übergabe zwischen Vollzug und Bewährungshilfe klappt in einem Fall nicht. "
        "Wie können wir die Zuständigkeiten klären?",
    ),
    (
        "koeln",
        ["arbeitsmarktintegration"],
        "low",
        "Welche Förderinstrumente passen für einen Klienten ohne Abschluss nach langer Haft?",
    ),
    (
        "essen",
        ["bedrohungsmanagement"],
        "high",
        "Eine Kollegin im Bürgeramt wurde wiederholt bedroht. Wie bewerten wir die Lage?",
    ),
    (
        "duisburg",
        ["clankriminalitaet", "interkulturelle-kompetenz"],
        "medium",
        "Wie gehen wir in einem Präventionsprojekt mit dem Vorwurf der Stigmatisierung um?",
    ),
    (
        "burgenlandkreis",
        ["nach-der-haft"],
        "medium",
        "Für eine Person unter Führungsaufsicht fehlt nach der Entlassung eine Wohnung.",
    ),
]

IN_HOUSE = [
    (
        "Sozialer Dienst der Justiz Sachsen-Anhalt, Dienststelle Magdeburg",
        "magdeburg",
        14,
        "bewaehrungshilfe",
        "Frühjahr",
        ["rechtsextremismus"],
    ),
    (
        "Justizvollzugsanstalt Burg",
        "jerichower-land",
        18,
        "allgemeiner-vollzugsdienst",
        "Herbst",
        ["gmf", "rechtsextremismus"],
    ),
    (
        "Jobcenter Dortmund",
        "dortmund",
        12,
        "arbeitsmarktakteure",
        "im ersten Quartal",
        ["arbeitsmarktintegration"],
    ),
    (
        "Stadt Gelsenkirchen, Ordnungsamt",
        "gelsenkirchen",
        20,
        "kommunalverwaltung",
        "nach den Sommerferien",
        ["bedrohungsmanagement"],
    ),
    (
        "Polizeipräsidium Essen",
        "essen",
        16,
        "polizei",
        "zweites Halbjahr",
        ["clankriminalitaet", "bedrohungsmanagement"],
    ),
]


def seed(log=print) -> None:
    rng = random.Random(2026)
    coordinator = User.objects.filter(email__iexact=FACILITATOR_EMAIL).first()
    topics = {t.slug: t for t in Topic.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    if not topics or not regions:
        return
    if not Finding.objects.filter(source__startswith=MARKER).exists():
        count = seed_workshop_findings(rng, topics, audiences, coordinator)
        count += seed_reports(rng, topics, audiences, regions)
        count += seed_requests(rng, topics, audiences, regions)
        log(f"Bedarfsanalyse: {count} Befunde aus allen Kanälen")
    if coordinator and not Offering.objects.filter(internal_notes__startswith=PLAN_MARKER):
        planned, opened = seed_planned_offerings(coordinator)
        log(f"Bedarfsanalyse: {planned} Angebote geplant, davon {opened} geöffnet")


def _pick(rng, profile, topics, audiences):
    topic_sets, audience_slugs, phases, high_share = PROFILES[profile]
    chosen = rng.choice(topic_sets)
    urgency = "high" if rng.random() < high_share else rng.choice(["medium", "medium", "low"])
    return {
        "topics": [topics[slug] for slug in chosen if slug in topics],
        "audience": audiences.get(rng.choice(audience_slugs)),
        "phase": rng.choice(phases),
        "kind": rng.choice(
            [
                "knowledge",
                "knowledge",
                "confidence",
                "confidence",
                "consultation",
                "material",
                "networking",
                "structural",
            ]
        ),
        "urgency": urgency,
        "staff_affected": rng.choice([1, 2, 3, 3, 4, 5, 6, 8, 10, 12]),
        "description": rng.choice(DESCRIPTIONS.get(chosen[0], ["Bedarf an Fortbildung."])),
    }


def seed_workshop_findings(rng, topics, audiences, coordinator) -> int:
    from workshops.demo import TALKS

    titles = {key: title for key, title, *_rest in TALKS}
    by_title = {w.title: w for w in Workshop.objects.filter(title__in=titles.values())}
    total = 0
    for key, profile in WORKSHOP_PROFILES.items():
        workshop = by_title.get(titles.get(key))
        if workshop is None:
            continue
        rows = []
        for _ in range(rng.randint(10, 13)):
            values = _pick(rng, profile, topics, audiences)
            rows.append(intake.FindingRow(**values))
        findings = intake.record_workshop_findings(workshop, rows, coordinator)
        Finding.objects.filter(pk__in=[f.pk for f in findings]).update(
            source=f"{MARKER} Werkstattgespräch", status="reviewed"
        )
        total += len(findings)
    return total


def _reporters():
    people = list(
        User.objects.filter(email__iexact="fachkraft@example.org")
        | User.objects.filter(email__istartswith="teilnehmende")
    )
    return people


def _day(rng, max_days=540) -> datetime.date:
    # More recent reports are more frequent.
    age = int(max_days * rng.random() ** 1.4)
    return timezone.localdate() - datetime.timedelta(days=age)


def _region_profile(rng):
    roll = rng.random()
    if roll < 0.5:
        return "sa", rng.choice(SA_HOTSPOTS if rng.random() < 0.75 else SA_OTHER)
    if roll < 0.8:
        return "nrw", rng.choice(NRW_INA)
    return "ruhr", rng.choice(RUHR)


def seed_reports(rng, topics, audiences, regions) -> int:
    reporters = _reporters()
    if not reporters:
        return 0
    created = []
    for number in range(45):
        profile, region_slug = _region_profile(rng)
        values = _pick(rng, profile, topics, audiences)
        reporter = rng.choice(reporters)
        finding = intake.report_need(reporter, region=regions[region_slug], **values)
        created.append(finding.pk)
        Finding.objects.filter(pk=finding.pk).update(
            recorded_on=_day(rng), source=f"{MARKER} Meldung {number + 1}"
        )
    return len(created)


def seed_requests(rng, topics, audiences, regions) -> int:
    from courses.models import ModulePage

    reporters = _reporters()
    if not reporters:
        return 0
    count = 0
    for region, slugs, urgency, text in CONSULTATIONS:
        person = rng.choice(reporters)
        request = intake.request_consultation(
            person,
            region=regions[region],
            topics=[topics[s] for s in slugs],
            audience=person.audience,
            urgency=urgency,
            description=text,
        )
        day = _day(rng, 360)
        ConsultationRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11))),
            status=rng.choice(["new", "in_progress", "closed"]),
        )
        request.findings.update(recorded_on=day, source=f"{MARKER} Fachberatung")
        count += 1

    modules = list(ModulePage.objects.live().filter(locale__language_code="de"))
    for organisation, region, size, audience, period, slugs in IN_HOUSE:
        module = next(
            (m for m in modules if set(slugs) & set(m.topics.values_list("slug", flat=True))),
            None,
        )
        if module is None:
            continue
        request = intake.request_in_house(
            rng.choice(reporters),
            module,
            organisation=organisation,
            region=regions[region],
            group_size=size,
            audience=audiences.get(audience),
            preferred_period=period,
        )
        day = _day(rng, 300)
        InHouseRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        )
        request.findings.update(recorded_on=day, source=f"{MARKER} Inhouse-Anfrage")
        count += 1

    # Interests of professionals in modules without a date in their region (as on the site).
    from courses.catalog import module_offerings

    offerings = {m.pk: module_offerings(m) for m in modules}
    for person in reporters[:8]:
        if not person.region_id:
            continue
        subtree = person.region.subtree_ids()
        above = intake.ancestor_ids(person.region)
        candidates = [
            m
            for m in modules
            if not any(
                intake.offered_in_region(o, person.region, subtree, above) for o in offerings[m.pk]
            )
        ]
        if not candidates:
            continue
        module = rng.choice(candidates)
        interest = intake.express_interest(person, module)
        Finding.objects.filter(interest=interest).update(
            recorded_on=_day(rng, 200), source=f"{MARKER} Interesse"
        )
        count += 1
    return count


def seed_planned_offerings(coordinator) -> tuple[int, int]:
    """Plan offerings for the largest uncovered needs in districts and cities; open some."""
    recommendations = [
        rec
        for rec in services.recommendations()
        if rec.region.parent_id is not None and rec.modules
    ]
    planned, opened, seen = 0, 0, set()
    for rec in recommendations:
        if planned >= 6:
            break
        option = rec.modules[0]
        key = (option.module.pk, rec.region.pk)
        if key in seen:
            continue
        seen.add(key)
        findings = services.findings_for_cell(rec.topic, rec.region).open().distinct()
        offering = services.plan_offering(
            option.module,
            rec.region,
            findings,
            coordinator,
            topic=rec.topic,
            capacity=option.suggested_capacity,
            venue="Ort wird noch bekannt gegeben",
            session_date=timezone.localdate() + datetime.timedelta(days=42 + 14 * planned),
            internal_notes=(
                f"{PLAN_MARKER}: aus der Bedarfsanalyse geplant ({rec.topic}, {rec.region})."
            ),
        )
        planned += 1
        if planned <= 4:
            # Opened for registration: a direct update, so that the demo mails nobody.
            Offering.objects.filter(pk=offering.pk).update(status=Offering.Status.OPEN)
            opened += 1
    return planned, opened
