"""Accounts: signup, email confirmation, profile, login, rate limits, password reset, admin."""

import re

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.core import mail
from django.utils import translation

from portal.models import Audience, Region, User
from portal.roles import PROFESSIONALS
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bewaehrung-Magdeburg-2026"


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message, pattern):
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, f"no link matching {pattern} in:\n{message.body}"
    return match.group(1)


def log_in(client, email, password, next_url=""):
    """Log in as a person would; staff (with two-factor authentication) enter their code."""
    url = "/konto/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": email, "password": password})
    if response.get("Location") == "/konto/2fa/authenticate/":
        response = client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    return response


def sign_up(client, django_capture_on_commit_callbacks, email, prefix=""):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            f"{prefix}/konto/signup/",
            {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )


def test_signup_confirmation_profile_and_login(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, "neu@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    # Not logged in before the address is confirmed.
    assert logged_in_user_id(client) is None

    user = User.objects.get(email="neu@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [PROFESSIONALS]
    assert user.language == "de"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["neu@example.org"]
    confirm_url = link_in(confirmation, r"/konto/confirm-email/[^/\s]+/")

    # Opening the link does not confirm by itself (mail scanners follow links) ...
    assert client.get(confirm_url).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    # ... pressing the button does, logs in and asks for the missing profile.
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert response["Location"] == "/mein-bereich/profil/"
    assert EmailAddress.objects.get(user=user).verified
    assert logged_in_user_id(client) == str(user.pk)

    dashboard = client.get("/mein-bereich/").content.decode()
    assert "alert--warning" in dashboard  # "your profile is not complete yet"

    audience = Audience.objects.get(slug="bewaehrungshilfe")
    region = Region.objects.get(slug="halle-saale")
    response = client.post(
        "/mein-bereich/profil/",
        {
            "first_name": "Nora",
            "last_name": "Neumann",
            "organisation": "Soziale Dienste der Justiz",
            "position": "Bewährungshelferin",
            "audience": audience.pk,
            "region": region.pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/mein-bereich/"
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Nora", "Neumann")
    assert user.organisation == "Soziale Dienste der Justiz"
    assert user.position == "Bewährungshelferin"
    assert (user.audience, user.region, user.language) == (audience, region, "en")
    assert user.profile_complete

    dashboard = client.get("/mein-bereich/").content.decode()
    assert "alert--warning" not in dashboard
    assert "Nora Neumann" in dashboard
    assert "Halle (Saale) (Sachsen-Anhalt)" in dashboard

    # Next time: log out, log in with email and password, straight to the dashboard.
    client.post("/konto/logout/")
    assert logged_in_user_id(client) is None
    response = log_in(client, "neu@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/mein-bereich/"
    assert logged_in_user_id(client) == str(user.pk)


def test_signup_in_english_sets_english_mail_language(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, "new@example.org", "/en")
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").language == "en"
    assert "/en/konto/confirm-email/" in mail.outbox[0].body


def test_signup_mail_is_not_sent_before_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            "/konto/signup/",
            {"email": "spaet@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_signup_with_a_taken_address_creates_no_second_account(
    client, professional, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, professional.email.upper())
    # Looks like any signup (no enumeration); the owner of the address hears about it.
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email__iexact=professional.email).count() == 1
    assert [message.to for message in mail.outbox] == [[professional.email]]
    assert "/konto/confirm-email/" not in mail.outbox[0].body


def test_profile_requires_the_work_details(client):
    user = UserFactory(organisation="", position="", audience=None, region=None)
    client.force_login(user)
    response = client.post(
        "/mein-bereich/profil/",
        {"first_name": "Nora", "last_name": "Neumann", "language": "de"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"organisation", "position", "audience", "region"}
    user.refresh_from_db()
    assert user.first_name != "Nora"
    assert not user.profile_complete


def test_incomplete_profile_is_asked_for_after_login(client):
    user = UserFactory(organisation="", region=None)
    response = log_in(client, user.email, PASSWORD)
    assert response["Location"] == "/mein-bereich/profil/"
    assert logged_in_user_id(client) == str(user.pk)


def test_coordinators_are_not_held_up_by_an_incomplete_profile(client):
    coordinator = CoordinatorFactory(organisation="", region=None)
    response = log_in(client, coordinator.email, PASSWORD)
    assert response["Location"] == "/mein-bereich/"


def test_login_with_wrong_password_fails(client, professional):
    response = log_in(client, professional.email, "falsch-falsch-falsch")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_unverified_account_cannot_log_in(client, django_capture_on_commit_callbacks):
    user = UserFactory(unverified=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert logged_in_user_id(client) is None
    assert client.get("/mein-bereich/").status_code == 302
    # A fresh confirmation link is sent instead.
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "/konto/confirm-email/" in mail.outbox[0].body


def test_login_is_blocked_after_five_failures_even_with_the_right_password(client, professional):
    assert "5/5m/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
    for _attempt in range(5):
        response = log_in(client, professional.email, "falsch-falsch-falsch")
        assert response.status_code == 200
        assert logged_in_user_id(client) is None

    response = log_in(client, professional.email, PASSWORD)
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    with translation.override("de"):
        too_many = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert response.context["form"].non_field_errors() == [too_many]
    assert too_many in response.content.decode()


def test_login_limit_is_per_account(client, professional, trainer):
    for _attempt in range(5):
        log_in(client, professional.email, "falsch-falsch-falsch")
    response = log_in(client, trainer.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(trainer.pk)


IP_A, IP_B = "203.0.113.10", "198.51.100.20"


def _client_from(ip):
    from django.test import Client

    return Client(REMOTE_ADDR=ip)


def test_failed_logins_lock_an_address_only_from_the_ip_they_came_from(professional):
    """Nobody can lock a person out by typing wrong passwords for their address: the lock is
    keyed by address and IP address together."""
    attacker, owner = _client_from(IP_A), _client_from(IP_B)
    for _attempt in range(5):
        assert log_in(attacker, professional.email, "falsch-falsch-falsch").status_code == 200

    # From IP A the address is locked, even with the right password ...
    response = log_in(attacker, professional.email, PASSWORD)
    assert response.status_code == 200
    assert logged_in_user_id(attacker) is None
    with translation.override("de"):
        too_many = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert response.context["form"].non_field_errors() == [too_many]
    # ... from IP B the person logs in as usual.
    response = log_in(owner, professional.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(owner) == str(professional.pk)


def test_failed_logins_of_staff_do_not_lock_them_out_elsewhere(trainer):
    attacker, owner = _client_from(IP_A), _client_from(IP_B)
    for _attempt in range(5):
        log_in(attacker, trainer.email, "falsch-falsch-falsch")
    assert log_in(attacker, trainer.email, PASSWORD).status_code == 200
    response = log_in(owner, trainer.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(owner) == str(trainer.pk)


def test_one_ip_address_is_still_limited_over_all_addresses():
    """The global per-IP part of ``login_failed``: ten failures a minute, whichever accounts."""
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].startswith("10/m/ip")
    people = [UserFactory() for _ in range(4)]
    sprayer = _client_from(IP_A)
    for person in people[:3]:
        for _attempt in range(4 if person is not people[2] else 2):
            assert log_in(sprayer, person.email, "falsch-falsch-falsch").status_code == 200
    # Ten failures from IP A, never five for one address: IP A is blocked for everybody ...
    response = log_in(sprayer, people[3].email, PASSWORD)
    assert response.status_code == 200
    assert logged_in_user_id(sprayer) is None
    # ... other IP addresses are not.
    other = _client_from(IP_B)
    assert log_in(other, people[3].email, PASSWORD).status_code == 302
    assert logged_in_user_id(other) == str(people[3].pk)


def test_password_reset_does_not_reveal_which_addresses_exist(
    client, professional, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/konto/password/reset/", {"email": professional.email})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/konto/password/reset/", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/konto/password/reset/done/"

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {professional.email, "niemand@example.org"}
    assert "/konto/password/reset/key/" in by_recipient[professional.email].body
    # The unknown address only learns that there is no account; it gets no reset link.
    assert "/konto/password/reset/key/" not in by_recipient["niemand@example.org"].body


def test_password_reset_link_sets_a_new_password(
    client, professional, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": professional.email})
    reset_url = link_in(mail.outbox[0], r"/konto/password/reset/key/[^/\s]+/")
    # allauth moves the key into the session and redirects to a key-less address.
    form_page = client.get(reset_url, follow=True)
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    client.logout()
    assert log_in(client, professional.email, PASSWORD).status_code == 200  # old one is gone
    assert log_in(client, professional.email, NEW_PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(professional.pk)


def test_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/"


def test_wagtail_login_form_is_replaced_by_allauth(client):
    # Wagtail's own login would bypass allauth's rate limits.
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/konto/login/?next=/admin/pages/"


def test_coordinator_logs_in_to_the_admin(client, coordinator):
    response = log_in(client, coordinator.email, PASSWORD, next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in response.templates]


def test_professional_gets_no_admin_access(client, professional):
    log_in(client, professional.email, PASSWORD)
    assert logged_in_user_id(client) == str(professional.pk)
    response = client.get("/admin/", follow=True)
    # Ends on the login page with an error (no redirect loop, no admin content).
    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    assert "account/login.html" in templates
    assert "wagtailadmin/home.html" not in templates
    assert message_levels.ERROR in [m.level for m in response.context["messages"]]
    # Still logged in as the professional; the personal area keeps working.
    assert client.get("/mein-bereich/").status_code == 200
