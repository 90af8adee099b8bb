"""Two-factor authentication: required for staff before the admin, voluntary for professionals;
sensitive account changes ask for reauthentication."""

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.messages import get_messages
from django.core import mail

from portal.demo import ACCOUNTS, DEMO_TOTP_SECRET, demo_totp_code, seed_accounts
from portal.mfa import SETUP_MESSAGE
from portal.models import User
from tests.factories import (
    PASSWORD,
    AdminFactory,
    CoordinatorFactory,
    ProfessionalFactory,
    TrainerFactory,
    totp_code,
)

pytestmark = pytest.mark.django_db

SETUP = "/konto/2fa/"  # authenticator app or security key
ACTIVATE = "/konto/2fa/totp/activate/"
AUTHENTICATE = "/konto/2fa/authenticate/"
STAFF_WITHOUT_MFA = {
    "trainer": lambda: TrainerFactory(mfa=False),
    "coordinator": lambda: CoordinatorFactory(mfa=False),
    "administrator": lambda: AdminFactory(mfa=False),
}


def log_in(client, email, next_url=""):
    return client.post(
        "/konto/login/" + (f"?next={next_url}" if next_url else ""),
        {"login": email, "password": PASSWORD},
    )


def logged_in(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("role", STAFF_WITHOUT_MFA)
@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/offerings/"])
def test_staff_without_two_factor_authentication_are_sent_to_set_it_up(client, role, url):
    client.force_login(STAFF_WITHOUT_MFA[role]())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    [message] = get_messages(response.wsgi_request)
    assert str(message) == str(SETUP_MESSAGE)


@pytest.mark.parametrize("factory", [TrainerFactory, CoordinatorFactory, AdminFactory])
def test_staff_with_two_factor_authentication_reach_the_admin(client, factory):
    client.force_login(factory())
    assert client.get("/admin/").status_code == 200


def test_professionals_are_not_asked_for_it_and_still_have_no_admin(client):
    client.force_login(ProfessionalFactory())
    response = client.get("/admin/")
    assert response["Location"].startswith("/konto/login/")
    assert client.get("/mein-bereich/").status_code == 200


def test_the_rest_of_the_site_and_the_admin_logout_stay_open_without_it(client):
    client.force_login(CoordinatorFactory(mfa=False))
    assert client.get("/mein-bereich/").status_code == 200
    assert client.get("/konto/2fa/").status_code == 200
    response = client.post("/admin/logout/")
    assert response.get("Location") != SETUP
    assert logged_in(client) is None


def test_first_login_of_a_coordinator_sets_up_totp_and_reaches_the_admin(client):
    coordinator = CoordinatorFactory(mfa=False)
    response = log_in(client, coordinator.email, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == SETUP

    # allauth asks for the password once more before a second factor is added.
    response = client.get(ACTIVATE)
    assert response["Location"] == f"/konto/reauthenticate/?next={quote(ACTIVATE, safe='')}"
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE
    assert client.get(ACTIVATE).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert client.post(ACTIVATE, {"code": "000000"}).status_code == 200  # wrong code
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/recovery-codes/"
    assert client.get(response["Location"]).status_code == 200
    types = set(Authenticator.objects.filter(user=coordinator).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}
    assert client.get("/admin/").status_code == 200


def test_staff_log_in_with_password_and_code(client):
    trainer = TrainerFactory()
    response = log_in(client, trainer.email, next_url="/admin/")
    assert response["Location"] == AUTHENTICATE
    assert logged_in(client) is None  # the password alone is not enough

    assert client.post(AUTHENTICATE, {"code": "123456"}).status_code == 200
    assert logged_in(client) is None

    response = client.post(AUTHENTICATE, {"code": totp_code()})
    assert response["Location"] == "/admin/"
    assert logged_in(client) == str(trainer.pk)
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once_instead_of_the_app(client):
    coordinator = CoordinatorFactory()
    recovery = Authenticator.objects.get(user=coordinator, type="recovery_codes").wrap()
    code = recovery.get_unused_codes()[0]
    log_in(client, coordinator.email)
    assert client.post(AUTHENTICATE, {"code": code}).status_code == 302
    assert logged_in(client) == str(coordinator.pk)

    client.logout()
    log_in(client, coordinator.email)
    assert client.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert logged_in(client) is None


def test_professionals_may_turn_it_on(client):
    professional = ProfessionalFactory()
    log_in(client, professional.email)
    assert client.get("/mein-bereich/").status_code == 200
    assert "/konto/2fa/" in client.get("/konto/email/").content.decode()  # in the account menu
    reauthenticate = client.get(ACTIVATE)["Location"]
    client.post(reauthenticate, {"password": PASSWORD})
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]
    assert client.post(ACTIVATE, {"code": totp_code(secret)}).status_code == 302

    client.logout()
    assert log_in(client, professional.email)["Location"] == AUTHENTICATE


# Reauthentication ------------------------------------------------------------------------------


def test_adding_an_email_address_asks_for_the_password_again(
    client, django_capture_on_commit_callbacks
):
    professional = ProfessionalFactory()
    client.force_login(professional)  # a session without a recent login
    response = client.post("/konto/email/", {"action_add": "", "email": "neu@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")
    assert not professional.emailaddress_set.filter(email="neu@example.org").exists()

    assert (
        client.post(response["Location"], {"password": "falsch-falsch-falsch"}).status_code == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert professional.emailaddress_set.filter(email="neu@example.org", verified=False).exists()
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]


def test_once_reauthenticated_no_second_password_is_asked_for_a_while(client):
    professional = ProfessionalFactory()
    client.force_login(professional)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    for address in ("neu@example.org", "zweite@example.org"):
        response = client.post("/konto/email/", {"action_add": "", "email": address})
        assert response["Location"] == "/konto/email/"
    # ACCOUNT_CHANGE_EMAIL: the newer pending address replaces the older one.
    assert professional.emailaddress_set.filter(email="zweite@example.org").exists()


def test_turning_two_factor_authentication_off_asks_to_reauthenticate(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    response = client.post("/konto/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


def test_accounts_with_two_factor_authentication_cannot_add_an_unverified_address(client):
    # allauth's rule (MFA_ALLOW_UNVERIFIED_EMAIL): nobody can slip an address they do not own
    # into an account that is protected by a second factor.
    coordinator = CoordinatorFactory()
    log_in(client, coordinator.email)
    client.post(AUTHENTICATE, {"code": totp_code()})
    response = client.post("/konto/email/", {"action_add": "", "email": "neu@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not coordinator.emailaddress_set.filter(email="neu@example.org").exists()


def test_changing_the_password_needs_the_current_one(client):
    professional = ProfessionalFactory()
    client.force_login(professional)
    new = "Ein-ganz-neues-Passwort-2026"
    data = {"oldpassword": "falsch-falsch-falsch", "password1": new, "password2": new}
    assert client.post("/konto/password/change/", data).status_code == 200
    professional.refresh_from_db()
    assert professional.check_password(PASSWORD)


# Demo accounts ---------------------------------------------------------------------------------


def test_demo_staff_accounts_have_totp_with_the_documented_secret():
    seed_accounts(lambda message: None)
    seed_accounts(lambda message: None)  # idempotent
    for account in ACCOUNTS:
        user = User.objects.get(email=account["email"])
        authenticators = Authenticator.objects.filter(user=user)
        if account["group"] == "Fachkräfte":
            assert not authenticators.exists()
            continue
        assert sorted(authenticators.values_list("type", flat=True)) == ["recovery_codes", "totp"]
        assert authenticators.get(type="totp").wrap().validate_code(demo_totp_code())
    assert demo_totp_code(DEMO_TOTP_SECRET) == demo_totp_code()
