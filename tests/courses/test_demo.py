"""The courses demo content: modules, offerings and enrolments, created once and quietly."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, Revision

from courses import demo as courses_demo
from courses.models import CatalogPage, Enrollment, ModulePage, Offering, Session
from portal import demo as portal_demo
from portal.models import User

pytestmark = pytest.mark.django_db

Status = Enrollment.Status


def quiet(message):
    pass


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker):
    """The portal and courses demo, seeded once for this module and rolled back at its end.

    Seeding takes several seconds; every test still runs in its own savepoint. Returns the
    mails sent while seeding: the on-commit callbacks are run as a real commit would run
    them, so a mail queued by the enrolment services would show up here.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        outbox_before = len(mail.outbox)
        with TestCase.captureOnCommitCallbacks(execute=True):
            portal_demo.seed(log=quiet)
            courses_demo.seed(log=quiet)
        yield mail.outbox[outbox_before:]
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def seeded(demo_for_module, db):
    return demo_for_module


def row_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "offerings": Offering.objects.count(),
        "sessions": Session.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "eligible audiences": Offering.eligible_audiences.through.objects.count(),
        "offering trainers": Offering.trainers.through.objects.count(),
    }


def test_seeding_twice_creates_nothing_new_and_sends_no_mail(seeded):
    assert seeded == []  # demo enrolments must not mail anybody
    first = row_counts()

    messages = []
    courses_demo.seed(log=messages.append)

    assert row_counts() == first
    assert messages == []


def test_modules_in_german_with_content_and_english_translations(seeded):
    catalog_de = CatalogPage.objects.get(locale__language_code="de", slug="fortbildungen")
    modules = (
        ModulePage.objects.child_of(catalog_de)
        .live()
        .prefetch_related("topics", "audiences", "trainers")
    )
    assert modules.count() >= 12
    for module in modules:
        assert module.teaser and module.provider_id and module.teaching_units
        assert module.learning_objectives.startswith("<ul>")
        assert [block.block_type for block in module.body].count("paragraph") >= 2
        assert "agenda" in [block.block_type for block in module.body]
        assert module.topics.all() and module.audiences.all()
    trainer = User.objects.get(email="referentin@example.org")
    assert modules.filter(trainers=trainer).count() >= 5


def test_every_german_module_has_a_live_english_translation_with_an_english_slug(seeded):
    catalog_de = CatalogPage.objects.get(locale__language_code="de", slug="fortbildungen")
    catalog_en = CatalogPage.objects.get(locale__language_code="en", slug="trainings")
    assert catalog_en.translation_key == catalog_de.translation_key
    german = {page.translation_key: page for page in ModulePage.objects.child_of(catalog_de)}
    english = {
        page.translation_key: page for page in ModulePage.objects.child_of(catalog_en).live()
    }
    assert len(german) == 13
    assert english.keys() == german.keys()
    for key, page in english.items():
        source = german[key]
        assert page.slug != source.slug
        assert page.title != source.title
        assert page.teaser != source.teaser
        assert page.url.startswith("/en/trainings/")
        assert [block.block_type for block in page.body].count("paragraph") >= 2
        assert set(page.topics.all()) == set(source.topics.all())
        # English text, not German: no umlauts or ß in the visible texts.
        body = json.dumps(list(page.body.raw_data), ensure_ascii=False)
        visible = " ".join([page.title, page.teaser, page.learning_objectives, body])
        assert not set("äöüÄÖÜß") & set(visible), page.slug


def test_offerings_spread_over_time_with_full_requested_and_cancelled_ones(seeded):
    today = timezone.localdate()
    offerings = Offering.objects.with_seat_counts().with_dates()
    assert offerings.count() >= 35
    assert not offerings.filter(seats_taken__gt=F("capacity")).exists()
    assert offerings.filter(sessions__isnull=True).count() == 0

    upcoming = offerings.filter(first_date__gte=today)
    full = upcoming.filter(
        status=Offering.Status.OPEN, seats_taken__gte=F("capacity"), waitlist_length__gt=0
    )
    assert full.count() >= 3
    assert upcoming.filter(requires_approval=True, requests_count__gt=0).count() >= 2
    assert upcoming.filter(last_date__gt=today + datetime.timedelta(days=200)).exists()

    completed = offerings.filter(status=Offering.Status.COMPLETED)
    assert completed.count() >= 5
    assert not completed.filter(last_date__gte=today).exists()

    cancelled = offerings.get(status=Offering.Status.CANCELLED)
    assert cancelled.cancellation_reason
    assert set(cancelled.enrollments.values_list("status", flat=True)) == {Status.CANCELLED}

    for offering in offerings.prefetch_related("eligible_audiences"):
        if offering.format != Offering.Format.ONLINE:
            assert offering.venue
        if offering.format != Offering.Format.IN_PERSON:
            assert offering.online_access.startswith("Videokonferenz: https://meet.example.org/")
        eligible = {audience.pk for audience in offering.eligible_audiences.all()}
        if eligible:
            people = User.objects.filter(enrollments__offering=offering)
            assert set(people.values_list("audience", flat=True)) <= eligible


def test_demo_professional_has_one_enrolment_of_each_kind(seeded):
    today = timezone.localdate()
    upcoming = Offering.objects.with_dates().filter(first_date__gte=today)
    enrollments = Enrollment.objects.filter(
        user__email="fachkraft@example.org", offering__in=upcoming
    )
    statuses = sorted(enrollments.values_list("status", flat=True))
    # A seat given back on an offering in offer mode is held for the professional (R9).
    assert statuses == sorted(
        [Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED, Status.REQUESTED]
    )

    attended = Enrollment.objects.filter(
        user__email="fachkraft@example.org",
        status=Status.CONFIRMED,
        offering__status=Offering.Status.COMPLETED,
    )
    assert attended.count() == 5  # two of offerings.yaml, three of qualifications.yaml
    for enrollment in attended:
        assert enrollment.requested_at < enrollment.offering.starts_at


def test_demo_has_contingents_an_offer_and_an_offering_below_its_minimum(seeded):
    from courses.models import Contingent

    reserved = Contingent.objects.select_related("offering").prefetch_related("audiences")
    audiences = {
        (c.offering.module.slug, tuple(sorted(a.slug for a in c.audiences.all())))
        for c in reserved
    }
    assert ("persoenliches-bedrohungsmanagement", ("polizei",)) in audiences
    assert ("clan-narrative-perspektiven", ("kommunalverwaltung", "polizei")) in audiences
    assert any("allgemeiner-vollzugsdienst" in slugs for _module, slugs in audiences)
    offered = Enrollment.objects.get(user__email="fachkraft@example.org", status=Status.OFFERED)
    assert offered.offering.waitlist_mode == Offering.WaitlistMode.OFFER
    assert offered.offer_expires_at > timezone.now()
    below = [
        o
        for o in Offering.objects.with_seat_counts().filter(minimum_participants__isnull=False)
        if o.seats_taken < o.minimum_participants
    ]
    assert below and all(o.decision_date for o in below)
    # One of them is due for a decision: it is on the coordination's dashboard.
    from courses.services.minimums import offerings_below_minimum

    assert [o.pk for o in offerings_below_minimum()] != []


def test_demo_participants_can_enrol(seeded):
    participants = User.objects.filter(email__startswith="teilnehmende")
    assert participants.count() == 25
    for person in participants.select_related("audience", "region"):
        assert person.profile_complete
        assert EmailAddress.objects.filter(user=person, verified=True, primary=True).exists()
        assert list(person.groups.values_list("name", flat=True)) == ["Fachkräfte"]


def test_demo_data_files_refer_to_what_exists(seeded):
    """The YAML files are typed by hand: every slug, key and schedule they name must exist."""
    from courses.demo.modules import module_specs
    from portal.demo.data import load
    from portal.models import Audience, Provider, Region, Topic

    audiences = set(Audience.objects.values_list("slug", flat=True))
    regions = set(Region.objects.values_list("slug", flat=True))
    topics = set(Topic.objects.values_list("slug", flat=True))
    providers = set(Provider.objects.values_list("short_name", flat=True))
    plan = load(courses_demo.offerings.__file__, "offerings.yaml")
    days_per_schedule = {"day": 1, "half": 1, "two_days": 2, "two_mornings": 2, "three_weekly": 3}

    modules = module_specs()
    for spec in modules.values():
        assert set(spec["topics"]) <= topics and set(spec["audiences"]) <= audiences
        assert spec["provider"] in providers
        # A count of training days in the demo data (ModulePage.duration_days), not a timing.
        assert spec["duration_days"] == days_per_schedule[spec["schedule"]]
    for spec in plan["offerings"]:
        assert spec["module"] in modules and spec["region"] in regions
        assert set(spec.get("eligible", [])) <= audiences
        assert spec.get("schedule", "day") in plan["schedules"]
    participants = load(courses_demo.offerings.__file__, "participants.yaml")["participants"]
    for person in participants:
        assert person["audience"] in audiences and person["region"] in regions


def test_module_pages_take_their_number_of_days_from_the_data(seeded):
    days = dict(ModulePage.objects.values_list("slug", "duration_days"))
    assert days["case-management-uebergangsmanagement"] == 3
    assert days["case-management-transition-management"] == 3  # the translation too
    assert days["distanzierung-nach-haftentlassung"] == 2
    assert days["rechtsextremismus-erkennen"] == 1


def test_demo_has_attendance_certificates_and_evaluations(seeded):
    from courses import services
    from courses.models import Certificate, Evaluation

    counts = (Certificate.objects.count(), Evaluation.objects.count())
    courses_demo.seed(log=quiet)  # idempotent
    assert (Certificate.objects.count(), Evaluation.objects.count()) == counts
    past = Offering.objects.get(internal_notes__contains="[rex-md-0]")
    confirmed = Enrollment.objects.confirmed().filter(offering=past)
    assert all(services.attended(e) for e in confirmed)
    assert Certificate.objects.filter(enrollment__offering=past).count() == confirmed.count()
    assert Evaluation.objects.filter(offering=past).count() >= 5
    assert services.evaluation_results([past]) is not None
    mine = Certificate.objects.filter(
        enrollment__user__email="fachkraft@example.org", enrollment__offering=past
    )
    assert mine.count() == 1
    assert not mine.get().enrollment.evaluated  # she can try the evaluation herself
    # Her other two come from the qualification's stories (courses/demo/qualifications.yaml).
    assert Certificate.objects.filter(holder__email="fachkraft@example.org").count() == 3


def test_the_demo_ships_materials_with_participant_ones_stored_privately(seeded):
    from pathlib import Path

    from django.conf import settings
    from wagtail.documents.models import Document

    from courses.models import PARTICIPANT_COLLECTION, ParticipantMaterial, PublicMaterial

    documents = Document.objects.all()
    assert documents.count() >= 5
    titles = set(documents.values_list("title", flat=True))
    assert "Wege aus der Kriminalität – Werte- und Ressourcenkarten" in titles
    assert "Checkliste Fallsteuerung aus einer Hand" in titles
    assert PublicMaterial.objects.exists()
    for material in ParticipantMaterial.objects.select_related("document__collection"):
        document = material.document
        assert document.collection.name == PARTICIPANT_COLLECTION
        path = Path(document.file.path)
        assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
        assert path.read_bytes().startswith(b"%PDF")


def test_a_confirmed_demo_participant_downloads_participant_material_and_others_cannot(
    client, seeded
):
    from django.urls import reverse

    from courses.access import can_access_participant_materials
    from courses.models import ParticipantMaterial

    fachkraft = User.objects.get(email="fachkraft@example.org")
    mine = next(
        material
        for material in ParticipantMaterial.objects.select_related("page", "document")
        if can_access_participant_materials(fachkraft, material.page)
    )
    client.force_login(fachkraft)
    response = client.get(mine.document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert mine.display_title in html

    outsider = next(
        user
        for user in User.objects.filter(email__startswith="teilnehmende").order_by("email")
        if not can_access_participant_materials(user, mine.page)
    )
    client.force_login(outsider)
    assert client.get(mine.document.url).status_code == 403
    client.logout()
    assert client.get(mine.document.url).status_code == 302  # to the login


def test_demo_qualifications_with_people_complete_halfway_and_expiring(seeded):
    from courses.models import Certificate, CertificateRenewal, Qualification
    from courses.services.qualifications import qualification_progress

    german = Qualification.objects.live().filter(locale__language_code="de")
    assert sorted(german.values_list("title", flat=True)) == [
        "Fachkraft für Radikalisierungsprävention in der Straffälligenhilfe",
        "Persönliches Bedrohungsmanagement",
        "Übergangsmanagement und Case Management",
    ]
    english = Qualification.objects.live().filter(locale__language_code="en")
    assert set(english.values_list("translation_key", flat=True)) == set(
        german.values_list("translation_key", flat=True)
    )
    rauswege = german.get(slug="fachkraft-radikalisierungspraevention")
    professional = User.objects.get(email="fachkraft@example.org")
    progress = qualification_progress(professional, rauswege)
    assert progress.started and not progress.complete
    assert [r.missing_count for r in progress.requirements] == [0, 0, 1]
    # Her fourth module took place; marking its attendance completes the qualification.
    waiting = Offering.objects.get(internal_notes__contains="[q-kfb-md-h]")
    assert waiting.enrollments.filter(user=professional).exists()
    assert Certificate.objects.filter(
        kind=Certificate.Kind.QUALIFICATION, qualification=rauswege
    ).exists()

    threat = german.get(slug="qualifizierung-bedrohungsmanagement")
    assert threat.validity_months == 24 and threat.refreshers.exists()
    today = timezone.localdate()

    def expiry(email):
        return Certificate.objects.get(qualification=threat, holder__email=email).valid_until

    assert 0 < (expiry("teilnehmende14@example.org") - today).days <= 90
    assert -180 <= (expiry("teilnehmende15@example.org") - today).days < 0  # in the grace period
    assert CertificateRenewal.objects.filter(
        certificate__holder__email="teilnehmende19@example.org"
    ).exists()
    refresher = threat.refreshers.get()
    assert Offering.objects.for_module(refresher).filter(region__slug="essen").exists()
