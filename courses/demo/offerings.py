"""The demo offerings of ``offerings.yaml`` and their enrolments, through the real services.

Each offering is built from its line in ``offerings.yaml`` and its module's defaults in
``modules.yaml``; its dates are relative to the day of seeding and fall on working days
(``courses.workdays``). Upcoming offerings are filled through ``services.enroll``/``approve``
(and the cancelled one is cancelled through ``services.cancel_offering``), so the rules decide
who is confirmed, waitlisted or waiting for approval. Past offerings are written directly,
since the services rightly refuse enrolments in offerings that have started.
"""

import datetime
import zlib

from django.db.models import F
from django.utils import timezone

from courses import services
from courses.demo.modules import module_specs
from courses.demo.people import COORDINATOR_EMAIL, PROFESSIONAL_EMAIL, TRAINER_EMAIL, account
from courses.models import Contingent, Enrollment, Format, Offering, Session
from courses.models.offerings import BERLIN
from courses.workdays import working_day
from portal.demo.data import load
from portal.models import Audience, Region

NOTE_PREFIX = "Demo-Termin"


def demo_note(key: str) -> str:
    """The internal note that identifies a demo offering on every later run."""
    return f"{NOTE_PREFIX}, angelegt von seed_demo [{key}]"


def demo_key(offering) -> str:
    return offering.internal_notes.rpartition("[")[2].rstrip("]")


def _plan():
    return load(__file__, "offerings.yaml")


def seed_offerings(modules, participants, log) -> None:
    plan = _plan()
    today = timezone.localdate()
    regions = {r.slug: r for r in Region.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    trainer, coordinator = account(TRAINER_EMAIL), account(COORDINATOR_EMAIL)
    professional = account(PROFESSIONAL_EMAIL)
    existing = set(
        Offering.objects.filter(internal_notes__startswith=NOTE_PREFIX).values_list(
            "internal_notes", flat=True
        )
    )
    specs = module_specs()

    created_per_module: dict[str, int] = {}
    enrolments = 0
    for index, spec in enumerate(plan["offerings"]):
        if demo_note(spec["key"]) in existing:
            continue
        module, module_spec = modules[spec["module"]], specs[spec["module"]]
        status = spec.get("status", Offering.Status.OPEN)
        offering = _build(spec, module, module_spec, plan, today, regions, audiences)
        if module_spec["trainer"] and trainer is not None:
            offering.trainers.set([trainer])
        offering.save()  # writes the sessions and the parental many-to-many relations too
        _reserve(offering, spec, audiences)
        created_per_module[module.title] = created_per_module.get(module.title, 0) + 1

        people = _choose(participants, offering, module_spec, spec.get("enrol", 0), index)
        if status == Offering.Status.COMPLETED:
            enrolments += _attended(offering, people, professional, spec)
        elif status in (Offering.Status.OPEN, Offering.Status.CANCELLED):
            enrolments += _enrol(offering, people, professional, coordinator, spec, plan)

    for title, count in created_per_module.items():
        log(f"Termine: {count} × {title}")
    if enrolments:
        log(f"Anmeldungen: {enrolments}")


def _session_dates(first: datetime.date, schedule, today: datetime.date) -> list[tuple]:
    """(day, start, end) per session; a past offering moves back, so it stays in the past."""
    first = working_day(first, step=-1 if first < today else 1)
    return [
        (
            working_day(first + datetime.timedelta(days=offset)),
            datetime.time.fromisoformat(start),
            datetime.time.fromisoformat(end),
        )
        for offset, start, end in schedule
    ]


def _at(day: datetime.date, hour=23, minute=59) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def _online_access(key: str) -> str:
    code = zlib.crc32(key.encode()) % 900000 + 100000
    return (
        f"Videokonferenz: https://meet.example.org/qualifizierung-{key}\n"
        f"Kenncode: {code}\n"
        "Telefonische Einwahl (ohne Kamera) ist möglich; Einwahlnummer und PIN stehen in der "
        "Einladung, die eine Woche vor dem Termin verschickt wird."
    )


def _build(spec, module, module_spec, plan, today, regions, audiences) -> Offering:
    status = spec.get("status", Offering.Status.OPEN)
    form = spec.get("format", module_spec["format"])
    schedule = plan["schedules"][spec.get("schedule", module_spec["schedule"])]
    dates = _session_dates(today + datetime.timedelta(days=spec["days"]), schedule, today)
    first_day = dates[0][0]

    offering = Offering(
        module=module,
        title_suffix=spec.get("suffix", ""),
        format=form,
        region=regions[spec["region"]],
        capacity=spec.get("capacity", module_spec["capacity"]),
        requires_approval=spec.get("approval", False),
        status=status,
        internal_notes=demo_note(spec["key"]),
        # Online offerings close later: nobody has to travel.
        registration_closes=_at(
            first_day - datetime.timedelta(days=3 if form == Format.ONLINE else 5)
        ),
        cancellation_deadline=_at(first_day - datetime.timedelta(days=7)),
    )
    if status == Offering.Status.PLANNED:
        # Not yet announced: registration opens some months before the first day.
        opens = max(first_day - datetime.timedelta(days=90), today + datetime.timedelta(days=14))
        offering.registration_opens = _at(opens, 8, 0)
    # A professional exchange meeting meets in person, with a video link for those far away.
    if form in (Format.IN_PERSON, Format.HYBRID, Format.EXCHANGE):
        offering.venue = plan["venues"][spec["region"]]
    if form in (Format.ONLINE, Format.HYBRID, Format.EXCHANGE):
        offering.online_access = _online_access(spec["key"])
    if spec.get("eligible"):
        offering.eligible_audiences.set([audiences[slug] for slug in spec["eligible"]])
    if spec.get("waitlist") == "offer":
        offering.waitlist_mode = Offering.WaitlistMode.OFFER
    if spec.get("minimum"):
        offering.minimum_participants = spec["minimum"]
        offering.decision_date = min(
            today + datetime.timedelta(days=spec["decide"]), first_day - datetime.timedelta(days=1)
        )
    offering.sessions = [
        Session(date=day, start_time=start, end_time=end) for day, start, end in dates
    ]
    if status == Offering.Status.CANCELLED:
        # Created open, people enrol, then the coordination cancels it (see ``_enrol``).
        offering.status = Offering.Status.OPEN
    return offering


def _state_id(region):
    return region.parent_id or region.pk


def _choose(participants, offering, module_spec, count, index) -> list:
    """Demo participants for an offering: eligible ones only, those from the same state and
    the module's fields of work first, rotated so that not every offering gets the same."""
    if not count:
        return []
    eligible = {a.pk for a in offering.eligible_audiences.all()}
    state = _state_id(offering.region)
    module_audiences = set(module_spec["audiences"])
    size = len(participants)
    candidates = [
        (position, person)
        for position, person in enumerate(participants)
        if not eligible or person.audience_id in eligible
    ]
    candidates.sort(
        key=lambda item: (
            _state_id(item[1].region) != state,
            item[1].audience.slug not in module_audiences,
            (item[0] - index * 7) % size,
        )
    )
    return [person for _position, person in candidates[:count]]


def _enrol(offering, people, professional, coordinator, spec, plan) -> int:
    """Enrol through the services, so that the rules decide: confirmed, waitlisted, requested."""
    order = list(people)
    role = spec.get("fachkraft")
    if professional is not None and role == "confirmed":
        order.insert(0, professional)
    elif professional is not None and role == "waitlisted":
        order.insert(offering.capacity, professional)  # right after the last free seat
    elif professional is not None and role == "requested":
        order.append(professional)

    comments = plan["comments"]
    enrolled = []
    for number, person in enumerate(order):
        comment = comments[number % len(comments)] if number % 4 == 1 else ""
        enrolled.append(services.enroll(offering, person, comment=comment))

    if spec.get("approve") and coordinator is not None:
        requests = [e for e in enrolled if e.user_id != getattr(professional, "pk", None)]
        for enrollment in requests[: spec["approve"]]:
            services.approve(enrollment, by=coordinator)

    # Somebody gives a seat back: the first person waiting gets it (or, in offer mode, an
    # offer with a deadline; in the demo that is the demo professional).
    give_back = spec.get("give_back", 0)
    seated = [e for e in enrolled if e.status == Enrollment.Status.CONFIRMED]
    for enrollment in seated[len(seated) - give_back :] if give_back else []:
        services.cancel(enrollment, by=enrollment.user)

    if spec.get("status") == Offering.Status.CANCELLED:
        services.cancel_offering(offering, by=coordinator, reason=plan["cancellation_reason"])
    return len(enrolled)


def _reserve(offering, spec, audiences) -> None:
    """The offering's seat contingents, reserved until some days before its first day."""
    first_day = offering.ordered_sessions[0].date
    for entry in spec.get("contingents", []):
        contingent = Contingent(
            offering=offering,
            seats=entry["seats"],
            release_at=_at(first_day - datetime.timedelta(days=entry["until"])),
        )
        contingent.audiences.set([audiences[slug] for slug in entry["audiences"]])
        contingent.save()


def _attended(offering, people, professional, spec) -> int:
    """Participants of a past offering.

    ``services.enroll`` refuses offerings that have started (rightly), so these rows are
    written directly: confirmed, with timestamps a few weeks before the first session.
    """
    if spec.get("fachkraft") == "attended" and professional is not None:
        people = [professional, *people[: max(len(people) - 1, 0)]]
    starts_at = offering.starts_at
    rows = [
        Enrollment(
            offering=offering,
            user=person,
            status=Enrollment.Status.CONFIRMED,
            confirmed_at=starts_at - datetime.timedelta(days=30 - number, hours=number),
            acted_by=person,
        )
        for number, person in enumerate(people)
    ]
    Enrollment.objects.bulk_create(rows)
    # ``requested_at`` is set to now on insert (auto_now_add); move it back to the request.
    Enrollment.objects.filter(offering=offering).update(requested_at=F("confirmed_at"))
    return len(rows)
