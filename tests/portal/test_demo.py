"""The demo content: `seed_demo` is idempotent and its accounts work."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, Revision

from portal.demo import ACCOUNTS
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


@pytest.fixture
def seeded(db):
    return seed_demo()


def test_seed_demo_twice_creates_everything_once(seeded):
    first = row_counts()
    assert first["wagtailcore.Page"] >= 1 + 2 * 7  # root, then home, catalogue, 5 pages x de/en
    assert User.objects.filter(email__in=[a["email"] for a in ACCOUNTS]).count() == 4
    assert Provider.objects.count() >= 9

    output = seed_demo()
    assert row_counts() == first
    # Nothing was created the second time, so nothing was logged as created.
    assert "Account:" not in output
    assert "Home page" not in output


def test_seed_demo_prints_the_demo_accounts(seeded):
    assert settings.PORTAL_DEMO_PASSWORD == DEMO_PASSWORD
    assert DEMO_PASSWORD in seeded
    for account in ACCOUNTS:
        assert account["email"] in seeded


def test_seed_demo_sets_up_the_site(client, seeded):
    home = client.get("/")
    assert home.status_code == 200
    assert "Qualifizierung für die Straffälligenhilfe" in home.content.decode()
    assert client.get("/en/").status_code == 200
    site_settings = SiteSettings.objects.get()
    assert site_settings.imprint_page.url == "/impressum/"
    assert site_settings.privacy_page.url == "/datenschutz/"
    assert site_settings.accessibility_page.url == "/barrierefreiheit/"


@pytest.mark.parametrize("account", ACCOUNTS, ids=[a["email"] for a in ACCOUNTS])
def test_demo_accounts_can_log_in(client, seeded, account):
    user = User.objects.get(email=account["email"])
    address = EmailAddress.objects.get(user=user)
    assert address.verified
    assert address.primary
    assert address.email == account["email"]
    assert user.profile_complete

    response = client.post("/konto/login/", {"login": account["email"], "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    if account["group"] is None:
        assert user.is_superuser
    else:
        assert list(user.groups.values_list("name", flat=True)) == [account["group"]]
    admin = client.get("/admin/")
    may_use_admin = account["group"] != "Fachkräfte"
    assert (admin.status_code == 200) is may_use_admin
