"""The voluntary gender field of the profile: only while the site settings ask for it, never
required, with a help text that says what it is for."""

import pytest
from wagtail.models import Site

from portal.forms import GENDER_HELP
from portal.models import SiteSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/mein-bereich/profil/"


def ask_gender(on=True):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.ask_gender = on
    settings.save()


def profile_data(user, **extra):
    return {
        "first_name": "Nora",
        "last_name": "Neumann",
        "organisation": user.organisation,
        "position": user.position,
        "audience": user.audience_id,
        "region": user.region_id,
        "language": "de",
        **extra,
    }


def test_not_shown_by_default(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert "gender" not in response.context["form"].fields
    assert 'name="gender"' not in response.content.decode()
    # Posted anyway, it is ignored.
    response = client.post(PROFILE, profile_data(user, gender="male"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.gender == ""


def test_shown_voluntary_with_help_text_when_asked(client):
    ask_gender()
    user = UserFactory()
    client.force_login(user)
    response = client.get(PROFILE)
    field = response.context["form"].fields["gender"]
    assert not field.required
    assert field.help_text == GENDER_HELP
    html = response.content.decode()
    assert 'name="gender"' in html
    # Saved without it, then with it.
    assert client.post(PROFILE, profile_data(user)).status_code == 302
    user.refresh_from_db()
    assert user.gender == ""
    assert client.post(PROFILE, profile_data(user, gender="none")).status_code == 302
    user.refresh_from_db()
    assert user.gender == "none"


def test_unknown_gender_value_is_a_form_error(client):
    ask_gender()
    user = UserFactory()
    client.force_login(user)
    response = client.post(PROFILE, profile_data(user, gender="robot"))
    assert response.status_code == 200
    assert "gender" in response.context["form"].errors


def test_privacy_notice_mentions_it():
    from pathlib import Path

    text = Path("portal/demo/pages.yaml").read_text()
    assert "Geschlecht (freiwillig)" in text
    assert "Your gender is asked only where a funder" in text
