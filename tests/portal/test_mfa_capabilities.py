"""MFA by person, not by path: staff without a second factor have no staff capability anywhere.

A coordinator or trainer without an authenticator app or security key keeps what they have as a
person, but neither the admin, nor other people's certificates, nor participant-only or internal
documents, nor exports. With either factor (TOTP or WebAuthn) everything is back.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses import access, services
from courses.models import PARTICIPANT_COLLECTION, ParticipantMaterial
from portal import mfa
from portal.models import User
from tests.courses.factories import EnrollmentFactory, ModulePageFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db

SETUP = "/konto/2fa/"


def _document(title):
    collection = Collection.objects.get(name=PARTICIPANT_COLLECTION)
    document = Document(title=title, collection=collection)
    document.file.save(f"{title.lower()}.txt", ContentFile(b"intern"), save=False)
    document.save()
    return document


def _add_webauthn(user):
    # The check is whether the person has one; allauth's WebAuthn data is not read here.
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})


@pytest.fixture
def world():
    module = ModulePageFactory(title="Übergangsmanagement")
    offering = past_offering(days=2, module=module)
    enrollment = EnrollmentFactory(offering=offering)
    attend_all(offering)
    certificate = services.issue_certificate(enrollment)
    material = _document("Skript")
    ParticipantMaterial.objects.create(page=module, document=material, title="Skript")
    internal = _document("Entwurf")  # in the participant collection, used by no module yet
    yield {
        "module": module,
        "offering": offering,
        "certificate": certificate,
        "material": material,
        "internal": internal,
    }
    for document in (material, internal):
        document.file.delete(save=False)


def _staff(role, world, factor):
    """A coordinator or a trainer of the module, with the given second factor (or none)."""
    factory = CoordinatorFactory if role == "coordinator" else TrainerFactory
    user = factory(mfa=factor == "totp")
    if factor == "webauthn":
        _add_webauthn(user)
    if factor == "recovery_codes_only":
        RecoveryCodes.activate(user)
    if role == "trainer":
        world["module"].trainers.add(user)
        world["module"].save()
    return User.objects.get(pk=user.pk)  # fresh: nothing cached on the object


def _urls(world):
    offering = world["offering"]
    return {
        "certificate": reverse("courses:certificate_pdf", args=[world["certificate"].code]),
        "material": world["material"].url,
        "internal": world["internal"].url,
        "admin": "/admin/",
        "participants": reverse("offerings:participants", args=[offering.pk]),
        "export": reverse("offerings:participants_export", args=[offering.pk, "csv"]),
        "evaluation": reverse("offerings:evaluation", args=[offering.pk]),
    }


# Without a second factor: the exact answer per URL. Admin URLs go to the setup page; on the
# site the staff capability is simply not there (403, as for anybody else without it).
WITHOUT = {
    "certificate": 403,
    "material": 403,
    "internal": 403,
    "admin": 302,
    "participants": 302,
    "export": 302,
    "evaluation": 302,
}
# With one: a trainer does not get other people's certificates (coordinators do).
WITH = {
    "coordinator": dict.fromkeys(WITHOUT, 200),
    "trainer": {**dict.fromkeys(WITHOUT, 200), "certificate": 403},
}


@pytest.mark.parametrize("role", ["coordinator", "trainer"])
@pytest.mark.parametrize("factor", [None, "recovery_codes_only"])
def test_staff_without_a_second_factor_have_no_staff_capability(client, world, role, factor):
    user = _staff(role, world, factor)
    client.force_login(user)
    for name, url in _urls(world).items():
        response = client.get(url)
        assert response.status_code == WITHOUT[name], name
        if response.status_code == 302:
            assert response["Location"] == SETUP, name
    assert not access.is_coordinator(user)
    assert not access.is_trainer(user)
    assert not access.can_manage_offering(user, world["offering"])
    assert not access.offerings_for(user).exists()
    assert not access.can_read_findings(user)
    assert not access.can_see_findings_aggregates(user)


@pytest.mark.parametrize("role", ["coordinator", "trainer"])
@pytest.mark.parametrize("factor", ["totp", "webauthn"])
def test_staff_with_a_second_factor_have_their_capabilities(client, world, role, factor):
    user = _staff(role, world, factor)
    client.force_login(user)
    for name, url in _urls(world).items():
        assert client.get(url).status_code == WITH[role][name], name
    assert access.can_manage_offering(user, world["offering"])
    assert access.offerings_for(user).filter(pk=world["offering"].pk).exists()


def test_they_keep_what_they_have_as_a_person(client, world):
    """A trainer without a second factor who took part in a training keeps its material and
    their own certificate; the roles themselves (for mail, choices) are unchanged."""
    trainer = TrainerFactory(mfa=False)
    enrollment = world["certificate"].enrollment
    enrollment.user = trainer
    enrollment.save()
    trainer = User.objects.get(pk=trainer.pk)
    client.force_login(trainer)
    assert client.get(_urls(world)["certificate"]).status_code == 200
    assert client.get(world["material"].url).status_code == 200
    assert client.get(world["internal"].url).status_code == 403
    assert client.get("/mein-bereich/").status_code == 200
    assert client.get(SETUP).status_code == 200

    from portal import roles

    assert roles.is_trainer(trainer)
    assert mfa.requires_mfa(trainer)
    assert not mfa.staff_verified(trainer)


def test_professionals_need_no_second_factor():
    professional = ProfessionalFactory()
    assert not mfa.requires_mfa(professional)
    assert mfa.staff_verified(professional)


# WebAuthn (security keys, passkeys) beside the authenticator app ------------------------------


def test_security_keys_are_offered_beside_the_authenticator_app(client):
    from tests.factories import PASSWORD

    coordinator = CoordinatorFactory(mfa=False)
    client.post("/konto/login/", {"login": coordinator.email, "password": PASSWORD})
    html = client.get(SETUP).content.decode()
    assert "/konto/2fa/totp/activate/" in html
    assert "/konto/2fa/webauthn/add/" in html
    assert "Sicherheitsschlüssel" in html
    # allauth asks for the password once more before a second factor is added.
    response = client.get("/konto/2fa/webauthn/add/")
    assert response["Location"].startswith("/konto/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    response = client.get("/konto/2fa/webauthn/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "mfa/js/webauthn.js" in html
    assert "Sicherheitsschlüssel hinzufügen" in html
    for informal in (" du ", " Du ", " dein", " Dein"):
        assert informal not in html
    # Passkeys are a second factor after the password, not a password-free login.
    assert client.get("/konto/2fa/webauthn/login/").status_code == 404


def test_a_security_key_alone_opens_the_admin_and_the_panel_counts_it(client):
    coordinator = CoordinatorFactory(mfa=False)
    _add_webauthn(coordinator)
    client.force_login(coordinator)
    html = client.get("/admin/").content.decode()
    assert "1 Sicherheitsschlüssel (Passkey) registriert" in html
