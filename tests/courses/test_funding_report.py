"""The funders' report (courses.reports): every number on a hand-counted example
(tests/courses/funding_data.py explains the world), the filters, the withholding rules and a
query count that does not grow with the data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext
from wagtail.models import Site

from courses.models import Evaluation
from courses.models.pages import Format
from courses.reports import funding_report
from portal.models import SiteSettings
from tests.courses.funding_data import S, evaluation, period, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return world()


def report(**kwargs):
    start, end = period()
    return funding_report(start, end, **kwargs)


def rows(breakdown):
    return [(row.label, row.participations, row.persons) for row in breakdown]


def test_offerings_sessions_hours_units_and_seats(data):
    result = report()
    assert result.offerings_held == 2  # O1, O2 (O4 before, O5 still to come)
    assert result.offerings_cancelled == 1  # O3
    assert result.sessions == 3
    assert result.minutes == 2 * 7 * 60 + 3 * 60
    assert result.hours == Decimal("17.00")
    assert result.teaching_units == 8 + 4  # module A's stated units; B: 180 min / 45
    assert result.seats == 10 + 20


def test_enrolments_attendance_and_persons(data):
    result = report()
    assert result.enrolments_by_status == {
        S.REQUESTED: 0,
        S.CONFIRMED: 5,
        S.WAITLISTED: 1,
        S.OFFERED: 1,
        S.CANCELLED: 1,
        S.DECLINED: 0,
    }
    assert result.attended_participations == 4  # u1, u2 in O1; u1, u4 in O2
    assert result.attended_persons == 3
    assert result.attendance_rate == pytest.approx(4 / 5)


def test_breakdowns(data):
    result = report()
    assert rows(result.by_audience) == [("Bewährungshilfe", 3, 2), ("Polizei", 1, 1)]
    assert rows(result.by_state) == [("Sachsen-Anhalt", 4, 3)]
    assert rows(result.by_district) == [("Magdeburg", 3, 2), (gettext("not stated"), 1, 1)]
    assert rows(result.by_topic) == [
        ("Rechtsextremismus", 4, 3),
        ("Gruppenbezogene Menschenfeindlichkeit", 2, 2),
    ]
    # Equal counts: by label.
    assert rows(result.by_format) == sorted(
        [(str(Format.IN_PERSON.label), 2, 2), (str(Format.ONLINE.label), 2, 2)]
    )


def test_evaluation_averages_only_from_three_answers(data):
    result = report()
    assert result.evaluation.answers == 3
    assert result.evaluation.averages == dict.fromkeys(Evaluation.RATING_FIELDS, 4.0)
    only_o1 = report(funder=data["f1"])
    assert only_o1.evaluation.answers == 2
    assert only_o1.evaluation.withheld
    assert only_o1.evaluation.averages == {}


def test_findings_addressed(data):
    findings = report().findings
    assert findings.count == 2  # the one of the cancelled O3 does not count
    assert findings.staff_affected == 7
    assert [(kind, n) for kind, _label, n in findings.by_kind] == [
        ("knowledge", 1),
        ("material", 1),
    ]


def test_funder_filter_uses_the_effective_funding(data):
    f1 = report(funder=data["f1"])
    assert (f1.offerings_held, f1.offerings_cancelled) == (1, 1)  # O1 and O3; O2 has its own
    assert [
        (line.funder, line.programme, line.reference, line.offerings) for line in f1.fundings
    ] == [(data["f1"].name, "Demokratie leben!", "DEMO-F1", 1)]
    f2 = report(funder=data["f2"])
    assert (f2.offerings_held, f2.attended_participations, f2.attended_persons) == (1, 2, 2)
    assert [line.programme for line in f2.fundings] == ["Landesprogramm"]
    both = report()
    assert [(line.programme, line.offerings) for line in both.fundings] == [
        ("Demokratie leben!", 1),
        ("Landesprogramm", 1),
    ]


def test_region_filter_is_held_in_the_region_or_below(data):
    state = report(region=data["state"])
    assert state.offerings_held == 2
    district = report(region=data["magdeburg"])
    # O2 is online for the whole state: held there, not in Magdeburg.
    assert (district.offerings_held, district.offerings_cancelled) == (1, 1)
    assert district.attended_participations == 2


def test_offering_lines(data):
    lines = report().offerings
    assert [(line.pk, line.cancelled) for line in lines] == [
        (data["o3"].pk, True),
        (data["o1"].pk, False),
        (data["o2"].pk, False),
    ]
    o1 = lines[1]
    assert (o1.sessions, o1.hours, o1.teaching_units, o1.capacity) == (2, Decimal("14.00"), 8, 10)
    assert (o1.confirmed, o1.attended) == (3, 2)


def test_gender_not_asked_by_default(data):
    assert report().gender is None


def _ask_gender():
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.ask_gender = True
    settings.save()


def test_gender_table_shown_when_every_group_has_three(data):
    _ask_gender()
    u1, u2, _u3, u4 = data["users"]
    for user in (u1, u2, u4):
        user.gender = "female"
        user.save()
    gender = report().gender
    assert not gender.withheld
    assert [(value, n) for value, _label, n in gender.rows] == [
        ("female", 3),
        ("male", 0),
        ("diverse", 0),
        ("none", 0),
        ("", 0),
    ]


def test_gender_table_withheld_when_a_group_is_small(data):
    _ask_gender()
    u1, u2, _u3, u4 = data["users"]
    for user, gender in ((u1, "female"), (u2, "female"), (u4, "diverse")):
        user.gender = gender
        user.save()
    gender = report().gender
    assert gender.withheld
    assert {v: n for v, _l, n in gender.rows}["diverse"] == 1


def test_gender_table_withheld_below_three_persons(data):
    _ask_gender()
    gender = report(funder=data["f2"]).gender  # two persons, both "not stated"
    assert [n for *_rest, n in gender.rows] == [0, 0, 0, 0, 2]
    assert gender.withheld


def test_query_count_does_not_grow_with_rows(data):
    _ask_gender()
    with CaptureQueriesContext(connection) as small:
        report()
    world()  # the same again: twice the offerings, enrolments, answers and findings
    evaluation(data["o1"], 2)
    with CaptureQueriesContext(connection) as large:
        result = report()
    assert result.offerings_held == 4
    assert len(large) == len(small)
    assert len(small) <= 20
