"""The demo content: `seed_demo` is idempotent and its accounts work."""

import time
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from wagtail.models import Page, Revision

from portal.demo import ACCOUNTS, demo_totp_code
from portal.models import Provider, SiteSettings, User

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "demo-Passwort-2026"
PROJECT_APPS = ("portal", "courses", "workshops", "needs_analysis")


def seed_demo():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def row_counts():
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy
    ]
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["wagtailcore.Page"] = Page.objects.count()
    counts["wagtailcore.Revision"] = Revision.objects.count()
    counts["account.EmailAddress"] = EmailAddress.objects.count()
    return counts


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seeding takes seconds, so the module shares one run, rolled back at its end.

    The on-commit callbacks are run as a real commit would run them, after ``seed_demo`` has
    returned: a mail queued while seeding would be sent then, and show up in ``mails``.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        sent_before = len(mail.outbox)
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = seed_demo()
        yield {"output": output, "mails": mail.outbox[sent_before:]}
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once["output"]


def test_seed_demo_mails_nobody(seeded_once, db):
    assert seeded_once["mails"] == []


def test_seed_demo_twice_creates_everything_once(seeded):
    first = row_counts()
    assert first["wagtailcore.Page"] >= 1 + 2 * 7  # root, then home, catalogue, 5 pages x de/en
    assert User.objects.filter(email__in=[a["email"] for a in ACCOUNTS]).count() == 8
    assert Provider.objects.count() >= 9

    output = seed_demo()
    assert row_counts() == first
    # Nothing was created the second time, so nothing was logged as created.
    assert "Account:" not in output
    assert "Home page" not in output


def test_seed_demo_sets_up_the_site_and_names_the_accounts(client, seeded):
    assert settings.PORTAL_DEMO_PASSWORD == DEMO_PASSWORD
    assert DEMO_PASSWORD in seeded
    for account in ACCOUNTS:
        assert account["email"] in seeded

    home = client.get("/")
    assert home.status_code == 200
    assert "Qualifizierung für die Straffälligenhilfe" in home.content.decode()
    assert client.get("/en/").status_code == 200
    site_settings = SiteSettings.objects.get()
    assert site_settings.imprint_page.url == "/impressum/"
    assert site_settings.privacy_page.url == "/datenschutz/"
    assert site_settings.accessibility_page.url == "/barrierefreiheit/"


def fresh_totp_code() -> str:
    """The demo code, taken at least two seconds before its time step ends: a code read in the
    last moment of a step is stale by the time the form checks it (allauth, no tolerance)."""
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 2:
        time.sleep(remaining + 0.1)
    return demo_totp_code()


def test_demo_accounts_can_log_in(client, seeded):
    for account in ACCOUNTS:
        client.logout()
        check_demo_account(client, account)


def check_demo_account(client, account):
    user = User.objects.get(email=account["email"])
    address = EmailAddress.objects.get(user=user)
    assert address.verified
    assert address.primary
    assert address.email == account["email"]
    assert user.profile_complete

    response = client.post("/konto/login/", {"login": account["email"], "password": DEMO_PASSWORD})
    assert response.status_code == 302
    if account["group"] != "Fachkräfte":  # staff have two-factor authentication
        assert response["Location"] == "/konto/2fa/authenticate/"
        response = client.post("/konto/2fa/authenticate/", {"code": fresh_totp_code()})
        assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    if account["group"] is None:
        assert user.is_superuser
    else:
        assert list(user.groups.values_list("name", flat=True)) == [account["group"]]
    admin = client.get("/admin/")
    may_use_admin = account["group"] != "Fachkräfte"
    assert (admin.status_code == 200) is may_use_admin


def test_planned_offerings_of_the_needs_analysis_fit_their_module(seeded):
    """Planned from the recommendations: working days, the module's audiences and days."""
    from courses.models import Offering
    from courses.workdays import is_day_off

    planned = Offering.objects.filter(internal_notes__startswith="Demo-Planung")
    assert planned.count() == 6
    for offering in planned.select_related("module").prefetch_related("sessions"):
        days = sorted(session.date for session in offering.sessions.all())
        # One session per training day of the module (a count of days, not a timing).
        assert len(days) == offering.module.duration_days
        assert not [day for day in days if is_day_off(day)]
        assert set(offering.eligible_audiences.all()) == set(offering.module.audiences.all())
