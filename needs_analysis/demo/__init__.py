"""Demo content of the needs analysis: findings from every channel, requests, and offerings
already planned (and some opened) from the recommendations.

The profiles the findings are drawn from are data (``findings.yaml``): a strong need on
right-wing extremism and the time after release in Saxony-Anhalt districts, transition
management and labour-market integration in NRW, threat management and clan-crime prevention
in the Ruhr cities, spread over the last 18 months. The drawing uses a fixed random seed, so
every fresh database gets the same picture. Everything goes through the services (``intake``,
``plan_offering``), so the demo shows what the platform does.

Idempotent: findings, requests and planned offerings carry a "Demo" marker and are created
only once.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from courses.catalog import module_offerings
from courses.models import ModulePage, Offering
from courses.workdays import working_day
from needs_analysis import aggregates
from needs_analysis.demand import findings_for_cell
from needs_analysis.models import ConsultationRequest, Finding, InHouseRequest
from needs_analysis.recommendations import recommendations
from needs_analysis.services import intake
from needs_analysis.services.planning import plan_offering
from portal.demo.data import load
from portal.models import Audience, Region, Topic, User
from workshops.demo import talks
from workshops.models import Workshop

MARKER = "Demo:"
PLAN_MARKER = "Demo-Planung"
FACILITATOR_EMAIL = "koordination@example.org"
SEED = 2026


def _data():
    return load(__file__, "findings.yaml")


def seed(log=print) -> None:
    rng = random.Random(SEED)
    coordinator = User.objects.filter(email__iexact=FACILITATOR_EMAIL).first()
    topics = {t.slug: t for t in Topic.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    if not topics or not regions:
        return
    if not Finding.objects.filter(source__startswith=MARKER).exists():
        # The order of these calls is part of the picture: they share one random sequence.
        count = seed_workshop_findings(rng, topics, audiences, coordinator)
        count += seed_reports(rng, topics, audiences, regions)
        count += seed_requests(rng, topics, audiences, regions)
        log(f"Bedarfsanalyse: {count} Befunde aus allen Kanälen")
        aggregates.findings_changed()  # dates and statuses were set with update()
    if coordinator and not Offering.objects.filter(internal_notes__startswith=PLAN_MARKER):
        planned, opened = seed_planned_offerings(coordinator)
        log(f"Bedarfsanalyse: {planned} Angebote geplant, davon {opened} geöffnet")


def _pick(rng, profile_name, topics, audiences) -> dict:
    """The fields of one finding, drawn from a profile of ``findings.yaml``."""
    data = _data()
    profile = data["profiles"][profile_name]
    chosen = rng.choice(profile["topic_sets"])
    if rng.random() < profile["high_urgency_share"]:
        urgency = "high"
    else:
        urgency = rng.choice(data["other_urgencies"])
    # The draws below happen in this order; reordering them changes every finding.
    audience = audiences.get(rng.choice(profile["audiences"]))
    phase = rng.choice(profile["phases"])
    kind = rng.choice(data["kinds"])
    staff_affected = rng.choice(data["staff_affected"])
    descriptions = data["descriptions"].get(chosen[0], [data["default_description"]])
    return {
        "topics": [topics[slug] for slug in chosen if slug in topics],
        "audience": audience,
        "phase": phase,
        "kind": kind,
        "urgency": urgency,
        "staff_affected": staff_affected,
        "description": rng.choice(descriptions),
    }


def seed_workshop_findings(rng, topics, audiences, coordinator) -> int:
    """10–13 findings per held demo talk, recorded as the facilitator would record them."""
    titles = {talk["key"]: talk["title"] for talk in talks()}
    by_title = {w.title: w for w in Workshop.objects.filter(title__in=titles.values())}
    low, high = _data()["findings_per_talk"]
    total = 0
    for key, profile in _data()["workshop_profiles"].items():
        workshop = by_title.get(titles.get(key))
        if workshop is None:
            continue
        rows = [
            intake.FindingRow(**_pick(rng, profile, topics, audiences))
            for _ in range(rng.randint(low, high))
        ]
        findings = intake.record_workshop_findings(workshop, rows, coordinator)
        Finding.objects.filter(pk__in=[f.pk for f in findings]).update(
            source=f"{MARKER} Werkstattgespräch", status="reviewed"
        )
        total += len(findings)
    return total


def _reporters() -> list[User]:
    return list(
        User.objects.filter(email__iexact="fachkraft@example.org")
        | User.objects.filter(email__istartswith="teilnehmende")
    )


def _day(rng, max_days=540) -> datetime.date:
    """A day in the last ``max_days``; more recent days are drawn more often."""
    age = int(max_days * rng.random() ** 1.4)
    return timezone.localdate() - datetime.timedelta(days=age)


def _region_profile(rng) -> tuple[str, str]:
    """Half of the reports from Saxony-Anhalt (mostly its hotspots), the rest from NRW."""
    regions = _data()["regions"]
    roll = rng.random()
    if roll < 0.5:
        hotspot = rng.random() < 0.75
        return "sa", rng.choice(regions["sa_hotspots"] if hotspot else regions["sa_other"])
    if roll < 0.8:
        return "nrw", rng.choice(regions["nrw_ina"])
    return "ruhr", rng.choice(regions["ruhr"])


def seed_reports(rng, topics, audiences, regions) -> int:
    reporters = _reporters()
    if not reporters:
        return 0
    count = _data()["reports"]
    for number in range(count):
        profile, region_slug = _region_profile(rng)
        values = _pick(rng, profile, topics, audiences)
        reporter = rng.choice(reporters)
        finding = intake.report_need(reporter, region=regions[region_slug], **values)
        Finding.objects.filter(pk=finding.pk).update(
            recorded_on=_day(rng), source=f"{MARKER} Meldung {number + 1}"
        )
    return count


def _created_at(day, hour) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_requests(rng, topics, audiences, regions) -> int:
    """Consultation and in-house requests, and interests in modules without a local date."""
    data = _data()
    reporters = _reporters()
    if not reporters:
        return 0
    count = 0
    for spec in data["consultations"]:
        person = rng.choice(reporters)
        request = intake.request_consultation(
            person,
            region=regions[spec["region"]],
            topics=[topics[slug] for slug in spec["topics"]],
            audience=person.audience,
            urgency=spec["urgency"],
            description=spec["description"],
        )
        day = _day(rng, 360)
        ConsultationRequest.objects.filter(pk=request.pk).update(
            created_at=_created_at(day, 11), status=rng.choice(["new", "in_progress", "closed"])
        )
        request.findings.update(recorded_on=day, source=f"{MARKER} Fachberatung")
        count += 1

    modules = list(ModulePage.objects.live().filter(locale__language_code="de"))
    for spec in data["in_house"]:
        wanted = set(spec["topics"])
        module = next(
            (m for m in modules if wanted & set(m.topics.values_list("slug", flat=True))), None
        )
        if module is None:
            continue
        request = intake.request_in_house(
            rng.choice(reporters),
            module,
            organisation=spec["organisation"],
            region=regions[spec["region"]],
            group_size=spec["group_size"],
            audience=audiences.get(spec["audience"]),
            preferred_period=spec["preferred_period"],
        )
        day = _day(rng, 300)
        InHouseRequest.objects.filter(pk=request.pk).update(created_at=_created_at(day, 9))
        request.findings.update(recorded_on=day, source=f"{MARKER} Inhouse-Anfrage")
        count += 1

    # Interests of professionals in modules without a date in their region (as on the site).
    offerings = {m.pk: module_offerings(m) for m in modules}
    for person in reporters[:8]:
        if not person.region_id:
            continue
        candidates = [
            m for m in modules if not any(o.serves(person.region) for o in offerings[m.pk])
        ]
        if not candidates:
            continue
        interest = intake.express_interest(person, rng.choice(candidates))
        Finding.objects.filter(interest=interest).update(
            recorded_on=_day(rng, 200), source=f"{MARKER} Interesse"
        )
        count += 1
    return count


def seed_planned_offerings(coordinator) -> tuple[int, int]:
    """Plan offerings for the largest uncovered needs in districts and cities; open some.

    ``plan_offering`` gives each the module's audiences and one session per module day; the
    first days are spread two weeks apart, from six weeks ahead, on working days.
    """
    plan = _data()["planned_offerings"]
    candidates = [
        rec for rec in recommendations() if rec.region.parent_id is not None and rec.modules
    ]
    today = timezone.localdate()
    planned, opened, seen = 0, 0, set()
    for rec in candidates:
        if planned >= plan["count"]:
            break
        option = rec.modules[0]
        key = (option.module.pk, rec.region.pk)
        if key in seen:
            continue
        seen.add(key)
        first_day = today + datetime.timedelta(days=plan["first_in_days"] + 14 * planned)
        offering = plan_offering(
            option.module,
            rec.region,
            findings_for_cell(rec.topic, rec.region).open().distinct(),
            coordinator,
            topic=rec.topic,
            capacity=option.suggested_capacity,
            venue=plan["venue"],
            session_date=working_day(first_day),
            internal_notes=(
                f"{PLAN_MARKER}: aus der Bedarfsanalyse geplant ({rec.topic}, {rec.region})."
            ),
        )
        planned += 1
        if planned <= plan["opened"]:
            # Opened for registration: a direct update, so that the demo mails nobody.
            Offering.objects.filter(pk=offering.pk).update(status=Offering.Status.OPEN)
            opened += 1
    return planned, opened
