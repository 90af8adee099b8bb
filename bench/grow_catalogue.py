"""Grow the demo catalogue to benchmark size: 200 modules, 1,000 offerings, 11,500 enrolments.

``grow_catalogue()`` tops the demo data (``manage.py seed_demo``) up to these totals, with one
professional (fachkraft@example.org, the demo account) holding 65 enrolments, so that "my
trainings", the personal dashboard and the calendar feeds have a realistic load:

- **modules**: German module pages under the catalogue, through Wagtail's tree API
  (``add_child``, so paths, depth and the search index are right), published without a revision
  (live, as ``publish()`` leaves them). Their texts, topics, audiences and provider are copied
  from the demo modules in turn, so a page weighs what a real one does.
- **offerings**: five per module on average, ``bulk_create`` with their sessions: a fifth in the
  past (completed), the rest upcoming (open, a few planned, requiring approval or cancelled), in
  every region, in person, online and hybrid.
- **enrolments**: ``bulk_create`` among 600 bench participants (bench-0001@example.org, …):
  confirmed up to the capacity, then waitlisted; requests where approval is needed; cancelled
  in cancelled offerings; attended (confirmed) in past ones.

Bulk inserts bypass the services and their signals, which is why the content version is bumped
once at the end (the page cache and the site frame see the new data). A fixed seed draws the
same data every time; a second run adds only what is missing.

    DATABASE_URL=... python manage.py shell -c \
        "from bench.grow_catalogue import grow_catalogue; grow_catalogue()"
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

MODULES = 200
OFFERINGS = 1_000
ENROLMENTS = 11_500
PROFESSIONAL_ENROLMENTS = 65
PARTICIPANTS = 600
PARTICIPANT_EMAIL = "bench-{:04d}@example.org"
NOTE = "Bench-Termin (make bench)"
VARIANTS = [
    "Grundlagen",
    "Vertiefung",
    "Praxiswerkstatt",
    "Aufbaukurs",
    "Fallarbeit",
    "Kompaktseminar",
    "für Leitungskräfte",
    "für Ehrenamtliche",
    "im ländlichen Raum",
    "digital",
]
SCHEDULES = {1: [(0, "09:00", "16:30")], 2: [(0, "09:00", "16:30"), (1, "09:00", "15:00")]}


def grow_catalogue(
    modules: int = MODULES,
    offerings: int = OFFERINGS,
    enrolments: int = ENROLMENTS,
    professional_enrolments: int = PROFESSIONAL_ENROLMENTS,
    seed: int = 8,
    *,
    log=print,
) -> dict[str, int]:
    """Add modules, offerings and enrolments up to the totals; returns how many were added."""
    from courses.models import CatalogPage, Enrollment, ModulePage, Offering
    from portal import content_version

    rng = random.Random(seed)
    catalog = CatalogPage.objects.get(locale__language_code="de")
    with transaction.atomic():
        added_modules = _grow_modules(catalog, modules, rng)
        module_list = list(ModulePage.objects.child_of(catalog).order_by("path"))
        added_offerings = _grow_offerings(module_list, offerings - Offering.objects.count(), rng)
        added_enrolments = _grow_enrolments(
            enrolments - Enrollment.objects.count(), professional_enrolments, rng
        )
        content_version.bump()
    added = {
        "modules": added_modules,
        "offerings": added_offerings,
        "enrolments": added_enrolments,
    }
    log(
        "Grown by {modules} modules, {offerings} offerings, {enrolments} enrolments".format(
            **added
        )
    )
    return added


def _grow_modules(catalog, target: int, rng: random.Random) -> int:
    from courses.models import ModulePage

    templates = list(
        ModulePage.objects.child_of(catalog)
        .prefetch_related("topics", "audiences")
        .order_by("path")
    )
    if not templates:
        raise RuntimeError("No demo modules: run `manage.py seed_demo` first.")
    existing = len(templates)
    now = timezone.now()
    for number in range(existing, target):
        source = templates[number % len(templates)]
        variant = VARIANTS[(number // len(templates)) % len(VARIANTS)]
        page = ModulePage(
            title=f"{source.title} – {variant} ({number + 1})",
            slug=f"{source.slug[:40]}-bench-{number + 1}",
            locale=catalog.locale,
            teaser=source.teaser,
            search_description=source.search_description,
            learning_objectives=source.learning_objectives,
            prerequisites=source.prerequisites,
            body=source.body.raw_data,
            provider=source.provider,
            duration_hours=source.duration_hours,
            duration_days=source.duration_days,
            teaching_units=source.teaching_units,
            default_capacity=source.default_capacity,
            default_format=source.default_format,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        page.topics.set(list(source.topics.all()))
        page.audiences.set(list(source.audiences.all()))
        catalog.add_child(instance=page)
    return max(target - existing, 0)


def _grow_offerings(modules, count: int, rng: random.Random) -> int:
    from courses.models import Format, Offering, Session
    from courses.models.offerings import BERLIN
    from courses.workdays import working_day
    from portal.models import Region

    if count <= 0:
        return 0
    regions = list(Region.objects.all())
    today = timezone.localdate()
    rows, plans = [], []
    for number in range(count):
        module = modules[number % len(modules)]
        past = rng.random() < 0.2
        first = working_day(
            today
            + datetime.timedelta(days=-rng.randint(7, 700) if past else rng.randint(10, 400)),
            step=-1 if past else 1,
        )
        form = rng.choice([Format.IN_PERSON] * 3 + [Format.ONLINE] * 2 + [Format.HYBRID])
        status = Offering.Status.COMPLETED if past else Offering.Status.OPEN
        roll = rng.random()
        if not past and roll < 0.05:
            status = Offering.Status.PLANNED
        elif not past and roll < 0.08:
            status = Offering.Status.CANCELLED
        region = rng.choice(regions)
        rows.append(
            Offering(
                module=module,
                format=form,
                region=region,
                capacity=rng.randint(10, 20),
                requires_approval=not past and rng.random() < 0.1,
                status=status,
                venue=f"Bildungszentrum {region.name}" if form != Format.ONLINE else "",
                online_access="Videokonferenz: https://meet.example.org/bench"
                if form != Format.IN_PERSON
                else "",
                registration_closes=datetime.datetime.combine(
                    first - datetime.timedelta(days=5), datetime.time(23, 59), tzinfo=BERLIN
                ),
                cancellation_reason="Zu wenige Anmeldungen." if status == "cancelled" else "",
                internal_notes=NOTE,
            )
        )
        plans.append((first, SCHEDULES[min(max(module.duration_days, 1), 2)]))
    created = Offering.objects.bulk_create(rows, batch_size=500)
    sessions = [
        Session(
            offering=offering,
            date=working_day(first + datetime.timedelta(days=offset)),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
        )
        for offering, (first, schedule) in zip(created, plans, strict=True)
        for offset, start, end in schedule
    ]
    Session.objects.bulk_create(sessions, batch_size=1000)
    return len(created)


def _participants(rng: random.Random) -> list[int]:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from portal.models import Audience, Region, User
    from portal.roles import PROFESSIONALS

    existing = set(User.objects.filter(email__startswith="bench-").values_list("email", flat=True))
    audiences = list(Audience.objects.all())
    regions = list(Region.objects.all())
    password = make_password(None)  # unusable: nobody logs in as a bench participant
    users = [
        User(
            email=PARTICIPANT_EMAIL.format(number),
            password=password,
            first_name=f"Teilnehmende{number}",
            last_name="Bench",
            organisation="Freier Träger der Straffälligenhilfe",
            position="Sozialarbeiter*in",
            audience=rng.choice(audiences),
            region=rng.choice(regions),
        )
        for number in range(1, PARTICIPANTS + 1)
        if PARTICIPANT_EMAIL.format(number) not in existing
    ]
    User.objects.bulk_create(users, batch_size=500)
    people = User.objects.filter(email__startswith="bench-")
    Group.objects.get(name=PROFESSIONALS).user_set.add(*people)
    return list(people.values_list("pk", flat=True))


def _grow_enrolments(count: int, professional_target: int, rng: random.Random) -> int:
    from courses.demo.people import PROFESSIONAL_EMAIL
    from courses.models import Enrollment, Offering
    from portal.models import User

    if count <= 0:
        return 0
    people = _participants(rng)
    offerings = list(
        Offering.objects.filter(internal_notes=NOTE, enrollments__isnull=True)
        .exclude(status=Offering.Status.PLANNED)
        .order_by("pk")
    )
    if not offerings:
        return 0
    now = timezone.now()
    professional = User.objects.filter(email__iexact=PROFESSIONAL_EMAIL).first()
    extra = 0
    if professional is not None:
        extra = max(professional_target - professional.enrollments.count(), 0)
    # The professional's enrolments first, one per offering, in the first ``extra`` offerings.
    mine = set(rng.sample(range(len(offerings)), min(extra, len(offerings))))
    remaining = count - len(mine)
    per_offering = _spread(remaining, len(offerings), rng)

    rows = []
    for index, (offering, size) in enumerate(zip(offerings, per_offering, strict=True)):
        chosen = rng.sample(people, min(size, len(people)))
        users = [professional.pk, *chosen] if index in mine else chosen
        for position, user in enumerate(users):
            rows.append(_enrolment(offering, user, position, now))
    Enrollment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _spread(total: int, slots: int, rng: random.Random) -> list[int]:
    """``total`` split over ``slots``, each near the average, summing exactly to ``total``."""
    average = total / slots
    sizes = [max(int(rng.uniform(average * 0.5, average * 1.5)), 0) for _ in range(slots)]
    difference = total - sum(sizes)
    step = 1 if difference > 0 else -1
    index = 0
    while difference:
        if sizes[index % slots] + step >= 0:
            sizes[index % slots] += step
            difference -= step
        index += 1
    return sizes


def _enrolment(offering, user: int, position: int, now):
    from courses.models import Enrollment, Offering

    Status = Enrollment.Status
    row = Enrollment(offering=offering, user_id=user, acted_by_id=user)
    if offering.status == Offering.Status.CANCELLED:
        row.status, row.cancelled_at = Status.CANCELLED, now
    elif offering.requires_approval and position >= offering.capacity // 2:
        row.status = Status.REQUESTED
    elif position < offering.capacity:
        row.status, row.confirmed_at = Status.CONFIRMED, now
    else:
        row.status, row.waitlisted_at = Status.WAITLISTED, now
    return row
