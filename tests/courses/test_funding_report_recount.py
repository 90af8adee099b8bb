"""The funders' report against a recount from raw rows, over random data (Hypothesis).

The recount reads plain rows into Python and counts them the simple way, with the attendance
rule of ``courses.services.attendance.attended_ids``; the report must agree on every number.
"""

import datetime
from collections import Counter, defaultdict
from statistics import mean

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import (
    Attendance,
    Enrollment,
    Evaluation,
    ModuleFunding,
    Offering,
    OfferingFunding,
    Session,
)
from courses.report_parts import gender_table
from courses.reports import attended_enrollments, funding_report, selected_offerings
from courses.services.attendance import attended_ids
from portal.models import Audience, Provider, Region, Topic, User
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import ProviderFactory, UserFactory

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=40), TODAY + datetime.timedelta(days=10)
S = Enrollment.Status

offering_spec = st.fixed_dictionaries(
    {
        "module": st.integers(0, 2),
        "first": st.integers(-60, 20),  # days from today
        "sessions": st.lists(
            st.tuples(st.integers(7, 12), st.integers(1, 8), st.sampled_from([0, 15, 30, 45])),
            min_size=1,
            max_size=3,
        ),
        "cancelled": st.booleans(),
        "region": st.integers(0, 3),
        "format": st.sampled_from(list(Offering.Format.values)),
        "capacity": st.integers(1, 30),
        "own_funder": st.sampled_from([None, 0, 1]),
        "enrolments": st.lists(
            st.tuples(
                st.sampled_from([None, 0, 1, 2, 3, 4]),  # person (None: deleted account)
                st.sampled_from(list(S.values)),
                st.lists(st.booleans(), min_size=3, max_size=3),  # present per session
            ),
            max_size=6,
        ),
        "answers": st.lists(st.integers(1, 5), max_size=4),
        "findings": st.integers(0, 2),
    }
)


@pytest.fixture
def setting(db):
    funders = [ProviderFactory(kind=Provider.Kind.FUNDER) for _ in range(2)]
    topics = list(Topic.objects.all()[:3])
    modules = []
    for n, units in enumerate([8, None, 2]):
        module = ModulePageFactory(teaching_units=units)
        module.topics.set(topics[: n + 1])
        module.save()
        ModuleFunding.objects.create(page=module, funder=funders[n % 2], programme=f"P{n}")
        modules.append(module)
    regions = [
        Region.objects.get(slug="magdeburg"),
        Region.objects.get(slug="sachsen-anhalt"),
        Region.objects.filter(parent__slug="nordrhein-westfalen").first(),
        Region.objects.get(slug="nordrhein-westfalen"),
    ]
    audiences = list(Audience.objects.all()[:3])
    genders = ["female", "male", "", "diverse", "female"]
    people = [
        UserFactory(
            audience=audiences[i % 3] if i != 4 else None,
            region=regions[i % 4] if i != 3 else None,
            gender=genders[i],
        )
        for i in range(5)
    ]
    return {"funders": funders, "modules": modules, "regions": regions, "people": people}


def build(setting, specs):
    from needs_analysis.models import Finding

    now = timezone.now()
    for spec in specs:
        first = TODAY + datetime.timedelta(days=spec["first"])
        sessions = [
            (first + datetime.timedelta(days=i), datetime.time(h), datetime.time(h + length, m))
            for i, (h, length, m) in enumerate(spec["sessions"])
        ]
        offering = OfferingFactory(
            module=setting["modules"][spec["module"]],
            status=Offering.Status.CANCELLED if spec["cancelled"] else Offering.Status.OPEN,
            region=setting["regions"][spec["region"]],
            format=spec["format"],
            capacity=spec["capacity"],
            sessions=sessions,
        )
        if spec["own_funder"] is not None:
            OfferingFunding.objects.create(
                offering=offering, funder=setting["funders"][spec["own_funder"]], programme="Own"
            )
        ordered = list(offering.sessions.order_by("date"))
        used = set()
        for person, status, present in spec["enrolments"]:
            user = None if person is None else setting["people"][person]
            if user is not None and (user.pk in used):
                continue
            if user is not None:
                used.add(user.pk)
            enrollment = Enrollment.objects.create(offering=offering, user=user, status=status)
            for session, here in zip(ordered, present, strict=False):
                Attendance.objects.create(
                    enrollment=enrollment, session=session, present=here, marked_at=now
                )
        for rating in spec["answers"]:
            Evaluation.objects.create(
                offering=offering,
                submitted_on=TODAY,
                **dict.fromkeys(Evaluation.RATING_FIELDS, rating),
                need_met="yes",
            )
        for n in range(spec["findings"]):
            finding = Finding.objects.create(
                region=setting["regions"][0], staff_affected=n + 1, kind="knowledge"
            )
            finding.offerings.add(offering)


def state_and_district(region_id, regions):
    if region_id is None:
        return None, None
    chain = [region_id]
    while regions[chain[-1]] is not None:
        chain.append(regions[chain[-1]])
    chain.reverse()  # state first
    return chain[0], chain[1] if len(chain) > 1 else None


def recount(funder=None, region=None):
    """Every number of the report, counted from raw rows in Python."""
    from needs_analysis.models import Finding

    subtree = region.subtree_ids() if region else None
    held, cancelled = [], []
    for offering in Offering.objects.all():
        sessions = list(Session.objects.filter(offering=offering))
        first = min(s.date for s in sessions)
        own = list(OfferingFunding.objects.filter(offering=offering))
        rows = own or list(ModuleFunding.objects.filter(page_id=offering.module_id))
        if not START <= first <= END:
            continue
        if funder is not None and funder.pk not in {r.funder_id for r in rows}:
            continue
        if subtree is not None and offering.region_id not in subtree:
            continue
        if offering.status == Offering.Status.CANCELLED:
            cancelled.append(offering)
        elif first <= TODAY:
            held.append((offering, sessions))
    minutes = {
        o.pk: sum(
            (s.end_time.hour * 60 + s.end_time.minute)
            - (s.start_time.hour * 60 + s.start_time.minute)
            for s in sessions
        )
        for o, sessions in held
    }
    ids = [o.pk for o, _ in held]
    enrolments = list(Enrollment.objects.filter(offering_id__in=ids))
    attended = [e for e in enrolments if e.pk in attended_ids(enrolments)]
    users = {u.pk: u for u in User.objects.all()}
    regions = dict(Region.objects.values_list("pk", "parent_id"))

    def breakdown(key_of):
        parts, persons = Counter(), defaultdict(set)
        for e in attended:
            for key in key_of(e):
                parts[key] += 1
                persons[key].add(e.user_id if e.user_id else f"deleted-{e.pk}")
        return {key: (parts[key], len(persons[key])) for key in parts}

    def user_attr(e, name):
        return getattr(users[e.user_id], name) if e.user_id else None

    answers = list(Evaluation.objects.filter(offering_id__in=ids))
    findings = set(Finding.objects.filter(offerings__in=ids).values_list("pk", flat=True))
    return {
        "held": len(held),
        "cancelled": len(cancelled),
        "sessions": sum(len(s) for _, s in held),
        "minutes": sum(minutes.values()),
        "units": sum(o.module.teaching_units or minutes[o.pk] // 45 for o, _ in held),
        "seats": sum(o.capacity for o, _ in held),
        "status": Counter(e.status for e in enrolments),
        "attended": len(attended),
        "persons": len({e.user_id for e in attended if e.user_id})
        + sum(1 for e in attended if not e.user_id),
        "audience": breakdown(lambda e: [user_attr(e, "audience_id")]),
        "state": breakdown(lambda e: [state_and_district(user_attr(e, "region_id"), regions)[0]]),
        "district": breakdown(
            lambda e: [state_and_district(user_attr(e, "region_id"), regions)[1]]
        ),
        "topic": breakdown(
            lambda e: list(e.offering.module.topics.values_list("pk", flat=True)) or [None]
        ),
        "format": breakdown(lambda e: [e.offering.format]),
        "gender": Counter(
            (user_attr(e, "gender") or "")
            for e in {e.user_id or -e.pk: e for e in attended}.values()
        ),
        "answers": len(answers),
        "overall": round(mean(a.overall for a in answers), 2) if len(answers) >= 3 else None,
        "findings": len(findings),
        "staff": sum(Finding.objects.get(pk=pk).staff_affected for pk in findings),
    }


def as_dict(rows):
    return {row.key: (row.participations, row.persons) for row in rows}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(offering_spec, min_size=1, max_size=5),
    funder=st.sampled_from([None, 0, 1]),
    region=st.sampled_from([None, 0, 1, 3]),
)
def test_report_agrees_with_a_recount(setting, specs, funder, region):
    with transaction.atomic():
        build(setting, specs)
        funder = None if funder is None else setting["funders"][funder]
        region = None if region is None else setting["regions"][region]
        report = funding_report(START, END, funder=funder, region=region, today=TODAY)
        expected = recount(funder, region)
        assert report.offerings_held == expected["held"]
        assert report.offerings_cancelled == expected["cancelled"]
        assert report.sessions == expected["sessions"]
        assert report.minutes == expected["minutes"]
        assert report.teaching_units == expected["units"]
        assert report.seats == expected["seats"]
        assert report.enrolments_by_status == {s: expected["status"][s] for s in S.values}
        assert report.attended_participations == expected["attended"]
        assert report.attended_persons == expected["persons"]
        assert as_dict(report.by_audience) == expected["audience"]
        assert as_dict(report.by_state) == expected["state"]
        assert as_dict(report.by_district) == expected["district"]
        assert as_dict(report.by_topic) == expected["topic"]
        assert as_dict(report.by_format) == expected["format"]
        assert report.evaluation.answers == expected["answers"]
        assert report.evaluation.averages.get("overall") == expected["overall"]
        assert report.findings.count == expected["findings"]
        assert report.findings.staff_affected == expected["staff"]

        held, _ = selected_offerings(START, END, funder=funder, region=region, today=TODAY)
        gender = gender_table(attended_enrollments(held.values("pk")))
        assert {v: n for v, _l, n in gender.rows if n} == +expected["gender"]
        transaction.set_rollback(True)
