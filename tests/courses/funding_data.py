"""A small, hand-countable world for the funders' report tests (test_funding_report*.py).

Period: the last 60 days. ``world()`` builds:

- module A (8 teaching units, topics Rechtsextremismus + GMF), funded by funder F1
  ("Demokratie leben!", DEMO-F1); module B (no teaching units, topic Rechtsextremismus),
  funded by F1 as well;
- O1: module A, in person in Magdeburg, capacity 10, two past sessions of 7 hours.
  Enrolments: u1, u2, u3 confirmed, one waitlisted, one offered, one cancelled.
  u1 and u2 present at both sessions, u3 at one only (not attended);
- O2: module B, online for Saxony-Anhalt (the state), capacity 20, one past session
  09:00–12:00 (4 whole 45-minute units), its own funding by F2 (replaces F1).
  Enrolments: u1 and u4 confirmed and present;
- O3: module A, cancelled, planned in the period; O4: module A, held before the period;
  O5: module A, still to come (after today, inside the period's end).
- Evaluations: two answers to O1, one to O2. Findings: one linked to O1 (knowledge, 5
  staff), one linked to O1 and O2 (material, 2 staff), one linked to O3 only.

u1, u2 work in Magdeburg (probation service), u4 in Saxony-Anhalt without a district (police).
"""

import datetime
import itertools

from django.utils import timezone

from courses import services
from courses.models import Enrollment, Evaluation, ModuleFunding, Offering, OfferingFunding
from portal.models import Audience, Provider, Region, Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.factories import ProviderFactory, UserFactory

NINE, TWELVE, FOUR = datetime.time(9), datetime.time(12), datetime.time(16)
S = Enrollment.Status
_round = itertools.count(1)


def period():
    return in_days(-60), in_days(30)


def funder(name, short):
    return ProviderFactory(name=name, short_name=short, kind=Provider.Kind.FUNDER)


def evaluation(offering, rating):
    return Evaluation.objects.create(
        offering=offering,
        submitted_on=timezone.localdate(),
        **dict.fromkeys(Evaluation.RATING_FIELDS, rating),
        need_met=Evaluation.NeedMet.YES,
    )


def present(offering, session, users):
    ids = Enrollment.objects.filter(offering=offering, user__in=users).values_list("pk", flat=True)
    services.mark_attendance(offering, session, list(ids), None)


def world():
    from needs_analysis.models import Finding

    magdeburg = Region.objects.get(slug="magdeburg")
    state = Region.objects.get(slug="sachsen-anhalt")
    probation = Audience.objects.get(slug="bewaehrungshilfe")
    police = Audience.objects.get(slug="polizei")
    t1 = Topic.objects.get(slug="rechtsextremismus")
    t2 = Topic.objects.get(slug="gmf")
    n = next(_round)
    f1, f2 = funder(f"Bundesprogramm Eins {n}", "F1"), funder(f"Landesförderung Zwei {n}", "F2")

    module_a = ModulePageFactory(title=f"Modul A{n}", teaching_units=8)
    module_a.topics.set([t1, t2])
    module_a.save()
    module_b = ModulePageFactory(title=f"Modul B{n}")
    module_b.topics.set([t1])
    module_b.save()
    for module in (module_a, module_b):
        ModuleFunding.objects.create(
            page=module, funder=f1, programme="Demokratie leben!", reference="DEMO-F1"
        )

    o1 = OfferingFactory(
        module=module_a,
        capacity=10,
        sessions=[(in_days(-10), NINE, FOUR), (in_days(-9), NINE, FOUR)],
    )
    o2 = OfferingFactory(
        module=module_b,
        format=Offering.Format.ONLINE,
        venue="",
        region=state,
        capacity=20,
        sessions=[(in_days(-5), NINE, TWELVE)],
    )
    OfferingFunding.objects.create(
        offering=o2, funder=f2, programme="Landesprogramm", reference="DEMO-F2"
    )
    o3 = OfferingFactory(
        module=module_a, status=Offering.Status.CANCELLED, sessions=[(in_days(-20), NINE, FOUR)]
    )
    o4 = OfferingFactory(module=module_a, sessions=[(in_days(-90), NINE, FOUR)])
    o5 = OfferingFactory(module=module_a, sessions=[(in_days(10), NINE, FOUR)])

    u1 = UserFactory(audience=probation, region=magdeburg)
    u2 = UserFactory(audience=probation, region=magdeburg)
    u3 = UserFactory(audience=probation, region=magdeburg)
    u4 = UserFactory(audience=police, region=state)
    for user in (u1, u2, u3):
        EnrollmentFactory(offering=o1, user=user)
    EnrollmentFactory(offering=o1, status=S.WAITLISTED, confirmed_at=None)
    EnrollmentFactory(offering=o1, status=S.OFFERED, confirmed_at=None)
    EnrollmentFactory(offering=o1, status=S.CANCELLED)
    for user in (u1, u4):
        EnrollmentFactory(offering=o2, user=user)
    # Present people elsewhere must not count: O4 (before the period) and O5 (to come).
    EnrollmentFactory(offering=o4, user=u3)
    EnrollmentFactory(offering=o5, user=u3)
    present(o4, o4.sessions.get(), [u3])

    first, second = o1.ordered_sessions
    present(o1, first, [u1, u2, u3])
    present(o1, second, [u1, u2])
    present(o2, o2.sessions.get(), [u1, u4])

    evaluation(o1, 5)
    evaluation(o1, 4)
    evaluation(o2, 3)
    evaluation(o4, 1)  # before the period: not counted

    knowledge = Finding.objects.create(
        kind="knowledge", staff_affected=5, description="Wissen fehlt", region=magdeburg
    )
    knowledge.offerings.set([o1])
    material = Finding.objects.create(
        kind="material", staff_affected=2, description="Material fehlt", region=magdeburg
    )
    material.offerings.set([o1, o2])
    other = Finding.objects.create(kind="networking", staff_affected=9, region=magdeburg)
    other.offerings.set([o3])
    return {
        "f1": f1,
        "f2": f2,
        "o1": o1,
        "o2": o2,
        "o3": o3,
        "o4": o4,
        "o5": o5,
        "users": (u1, u2, u3, u4),
        "magdeburg": magdeburg,
        "state": state,
        "t1": t1,
        "t2": t2,
    }
