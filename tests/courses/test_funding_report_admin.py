"""The funders' report in the admin (courses/admin_reports.py): who may open it and its files,
the form (defaults, bad input), the tables on the page, the XLSX sheets and the PDF."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from courses.admin_reports import FundingReportForm
from tests.courses.funding_data import period, world
from tests.courses.past_offerings import pdf_text

pytestmark = pytest.mark.django_db

PAGE = "/admin/reports/funding/"
XLSX = "/admin/reports/funding/report.xlsx"
PDF = "/admin/reports/funding/report.pdf"
LOGIN, MFA, DENIED = "login", "mfa", "denied"

# anonymous, professional, staff without a second factor, trainer, coordinator, administrator
EXPECTED = {
    "anonymous": LOGIN,
    "professional": LOGIN,
    "staff_without_mfa": MFA,
    "trainer": DENIED,
    "coordinator": 200,
    "admin_user": 200,
}


def outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith("/konto/login/"):
        return LOGIN
    if response.status_code == 302 and location == "/konto/2fa/":
        return MFA
    if response.status_code == 302 and location == "/admin/":
        return DENIED
    return response.status_code


@pytest.fixture
def data(db):
    return world()


def query(**extra):
    start, end = period()
    return {"start": start.isoformat(), "end": end.isoformat(), **extra}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("url", [PAGE, XLSX, PDF])
def test_permission_matrix(client, request, data, role, url):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url, query())
    assert outcome(response) == EXPECTED[role]
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"]


def test_coordinator_counts_every_offering_of_their_scope(client, coordinator, data):
    # There are no project scopes yet: a coordinator's scope is ``offerings_for`` (all).
    client.force_login(coordinator)
    response = client.get(PAGE, query())
    assert response.status_code == 200
    summary = response.context["tables"][0]
    assert summary.rows[0][1] == 2  # offerings held


def test_default_period_is_the_last_twelve_months(client, coordinator, data):
    client.force_login(coordinator)
    response = client.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    today = timezone.localdate()
    assert form.cleaned_data["end"] == today
    assert form.cleaned_data["start"] == today.replace(year=today.year - 1) + datetime.timedelta(1)
    assert response.context["tables"]


def test_page_shows_accessible_tables(client, coordinator, data):
    client.force_login(coordinator)
    html = client.get(PAGE, query()).content.decode()
    assert html.count("<caption") >= 10
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html
    assert "DEMO-F1" in html
    assert f"{XLSX}?" in html and f"{PDF}?" in html


@pytest.mark.parametrize(
    "params",
    [
        {"start": "kein Datum", "end": "2026-01-01"},
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "2000-01-01", "end": "2026-01-01"},
        {"start": "2026-01-01", "end": "9999-99-99"},
        {"start": "2026-01-01", "end": "2026-02-01", "funder": "abc"},
        {"start": "2026-01-01", "end": "2026-02-01", "region": "999999"},
        {"start": "\x00", "end": ""},
    ],
)
@pytest.mark.parametrize("url", [PAGE, XLSX, PDF])
def test_bad_input_gives_form_errors(client, coordinator, params, url):
    client.force_login(coordinator)
    response = client.get(url, params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/html")
        assert response.context["form"].errors
        assert "tables" not in response.context


def test_a_funder_that_is_no_funder_is_refused(client, coordinator, data):
    from tests.factories import ProviderFactory

    provider = ProviderFactory()
    client.force_login(coordinator)
    response = client.get(PAGE, query(funder=provider.pk))
    assert response.status_code == 200
    assert "funder" in response.context["form"].errors


def test_xlsx_has_a_sheet_per_table(client, coordinator, data):
    client.force_login(coordinator)
    response = client.get(XLSX, query(funder=data["f1"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment; filename=")
    workbook = load_workbook(io.BytesIO(response.content))
    tables = response.wsgi_request and len(workbook.sheetnames)
    assert tables == 1 + 11  # details + every table (no gender table: not asked)
    details = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert data["f1"].name in details.values()
    summary = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert summary[1][1] == 1  # offerings held with F1: O1
    offerings = list(workbook.worksheets[-1].iter_rows(values_only=True))
    assert len(offerings) == 1 + 2  # header, O3 (cancelled), O1


def test_pdf_is_an_appendix_to_the_project_report(client, coordinator, data):
    client.force_login(coordinator)
    response = client.get(PDF, query(funder=data["f1"].pk, region=data["state"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert data["f1"].name in text
    assert "Demokratie leben!" in text and "DEMO-F1" in text
    assert "Sachsen-Anhalt" in text
    start, end = period()
    assert start.strftime("%d.%m.%Y") in text and end.strftime("%d.%m.%Y") in text


def test_form_defaults_on_29_february():
    defaults = FundingReportForm.defaults(today=datetime.date(2028, 2, 29))
    assert defaults == {"start": "2027-03-01", "end": "2028-02-29"}


def test_menu_item_only_for_the_coordination(client, coordinator, trainer):
    client.force_login(coordinator)
    assert PAGE in client.get("/admin/").content.decode()
    client.force_login(trainer)
    assert PAGE not in client.get("/admin/").content.decode()
