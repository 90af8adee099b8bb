"""The participant list export (CSV for German Excel, XLSX): content, order, access, audit log."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from courses import exports
from courses.models import Enrollment
from portal.models import Audience, Region
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory, UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db

EXPORTED = "courses.offering.exported"
T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))


def at(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


def enrol(offering, status, minutes, **user_fields):
    """An enrolment whose timestamps are ``minutes`` after T0 (requested_at is auto_now_add)."""
    enrollment = EnrollmentFactory(
        offering=offering,
        user=UserFactory(**user_fields),
        status=status,
        confirmed_at=at(minutes) if status == Status.CONFIRMED else None,
        waitlisted_at=at(minutes) if status == Status.WAITLISTED else None,
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(requested_at=at(minutes - 1))
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def module_trainer(db):
    return TrainerFactory(email="modul-referentin@test.example.org")


@pytest.fixture
def listed(module_trainer):
    """An offering with two participants, two on the waiting list, one request and a cancellation.

    Created deliberately out of order, so the export has to sort.
    """
    module = ModulePageFactory(title="Rechtsextremismus erkennen")
    module.trainers.add(module_trainer)
    module.save()
    offering = OfferingFactory(module=module, capacity=2)
    people = {
        "request": enrol(offering, Status.REQUESTED, 50, first_name="Rita", last_name="Request"),
        "wait2": enrol(offering, Status.WAITLISTED, 40, first_name="Wim", last_name="Zwei"),
        "second": enrol(offering, Status.CONFIRMED, 20, first_name="Bea", last_name="Zweite"),
        "wait1": enrol(
            offering,
            Status.WAITLISTED,
            30,
            first_name="Wanda",
            last_name="Eins",
            organisation="JVA Halle",
            position="Sozialdienst",
            audience=Audience.objects.get(slug="sozialdienst-vollzug"),
            region=Region.objects.get(slug="halle-saale"),
        ),
        "first": enrol(offering, Status.CONFIRMED, 10, first_name="Anna", last_name="Erste"),
        "gone": enrol(offering, Status.CANCELLED, 5, first_name="Carla", last_name="Storno"),
    }
    Enrollment.objects.filter(pk=people["first"].pk).update(
        comment="vegetarisch\nRollstuhl; bitte ebenerdig"
    )
    Enrollment.objects.filter(pk=people["wait2"].pk).update(comment='=HYPERLINK("x")')
    return offering, people


def export_url(offering, export_format):
    return reverse("offerings:participants_export", args=[offering.pk, export_format])


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "German Excel needs the UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# Content -------------------------------------------------------------------------------------


def test_csv_has_the_columns_and_the_order_participants_waitlist_requests(client, listed):
    offering, people = listed
    client.force_login(CoordinatorFactory())
    response = client.get(export_url(offering, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.csv"')
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    table = read_csv(response)
    header, rows = table[0], table[1:]
    assert len(header) == 10
    assert header[:2] == ["Name", "E-Mail"]  # the coordinator's admin speaks German
    assert [row[0] for row in rows] == [
        "Anna Erste",
        "Bea Zweite",
        "Wanda Eins",
        "Wim Zwei",
        "Rita Request",
    ]  # the cancelled enrolment is not on the list
    with translation.override("de"):
        confirmed = str(Status.CONFIRMED.label)
        waitlisted = str(Status.WAITLISTED.label)
        requested = str(Status.REQUESTED.label)
    assert [row[6] for row in rows] == [confirmed, confirmed, waitlisted, waitlisted, requested]
    assert [row[7] for row in rows] == ["", "", "1", "2", ""]

    wanda = rows[2]
    assert wanda == [
        "Wanda Eins",
        people["wait1"].user.email,
        "JVA Halle",
        Audience.objects.get(slug="sozialdienst-vollzug").name,
        Region.objects.get(slug="halle-saale").name,
        "Sozialdienst",
        waitlisted,
        "1",
        "02.03.2026 09:59",  # requested a minute before being waitlisted, local time
        "",
    ]
    # A comment with a line break and the delimiter survives quoting intact.
    assert rows[0][9] == "vegetarisch\nRollstuhl; bitte ebenerdig"
    # Something a spreadsheet would run as a formula is defused.
    assert rows[3][9] == '\'=HYPERLINK("x")'


def test_xlsx_has_the_same_rows_with_real_numbers_and_dates(client, listed):
    offering, _people = listed
    client.force_login(CoordinatorFactory())
    response = client.get(export_url(offering, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    table = read_xlsx(response)
    header, rows = table[0], table[1:]
    assert header[:2] == ["Name", "E-Mail"]
    assert [row[0] for row in rows] == [
        "Anna Erste",
        "Bea Zweite",
        "Wanda Eins",
        "Wim Zwei",
        "Rita Request",
    ]
    assert [row[7] for row in rows] == [None, None, 1, 2, None]
    assert rows[2][8] == datetime.datetime(2026, 3, 2, 9, 59)  # local time, as Excel wants it
    assert rows[0][9] == "vegetarisch\nRollstuhl; bitte ebenerdig"
    assert rows[3][9] == '=HYPERLINK("x")'  # kept as text, not turned into a formula
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.active["J5"].data_type == "s"
    assert workbook.active.title == "Rechtsextremismus erkennen"


def test_an_offering_without_enrolments_exports_only_the_header(client):
    offering = OfferingFactory()
    client.force_login(CoordinatorFactory())
    assert len(read_csv(client.get(export_url(offering, "csv")))) == 1
    assert len(read_xlsx(client.get(export_url(offering, "xlsx")))) == 1


def test_rows_of_a_deleted_account_stay_anonymous():
    offering = OfferingFactory()
    enrollment = EnrollmentFactory(offering=offering, user=None)
    with translation.override("en"):
        (row,) = exports.rows([enrollment])
    assert row[:6] == ["deleted account", "", "", "", "", ""]


def test_unknown_format_is_not_found(client):
    offering = OfferingFactory()
    client.force_login(CoordinatorFactory())
    assert client.get(export_url(offering, "pdf")).status_code == 404


def test_the_participants_view_links_both_downloads(client, listed):
    offering, _people = listed
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("offerings:participants", args=[offering.pk])).content.decode()
    assert export_url(offering, "csv") in html
    assert export_url(offering, "xlsx") in html


# Access and audit log ------------------------------------------------------------------------

ROLES = ["anonymous", "professional", "module_trainer", "other_trainer", "coordinator"]
ALLOWED = {"module_trainer", "coordinator"}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_trainers_of_the_module_may_export(
    client, listed, module_trainer, role, export_format
):
    offering, _people = listed
    user = {
        "anonymous": None,
        "professional": ProfessionalFactory(),
        "module_trainer": module_trainer,
        "other_trainer": TrainerFactory(),
        "coordinator": CoordinatorFactory(),
    }[role]
    if user is not None:
        client.force_login(user)

    response = client.get(export_url(offering, export_format))

    if role in ALLOWED:
        assert response.status_code == 200
        assert b"Anna" in response.content or export_format == "xlsx"
        assert ModelLogEntry.objects.filter(action=EXPORTED, user=user).count() == 1
        return
    if role in ("anonymous", "professional"):
        # No admin access: Wagtail sends them to the login.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        # The same rule as the participants view: another trainer's offering does not exist.
        assert response.status_code == 404
        participants = reverse("offerings:participants", args=[offering.pk])
        assert client.get(participants).status_code == 404
    assert b"Anna" not in response.content
    assert not ModelLogEntry.objects.filter(action=EXPORTED).exists()


def test_a_trainer_of_the_offering_itself_may_export(client):
    trainer = TrainerFactory()
    offering = OfferingFactory()
    offering.trainers.add(trainer)
    offering.save()
    client.force_login(trainer)
    assert client.get(export_url(offering, "csv")).status_code == 200


def test_the_export_is_in_the_audit_log_with_who_and_what(client, listed):
    offering, _people = listed
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.get(export_url(offering, "xlsx"))

    entry = ModelLogEntry.objects.get(action=EXPORTED)
    assert entry.user == coordinator
    assert entry.object_id == str(offering.pk)
    assert entry.data == {"format": "xlsx", "rows": 5}
    with translation.override("en"):
        assert entry.message == "Participant list exported"
