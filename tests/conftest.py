"""Shared fixtures: one person per role, the demo page tree, a clean cache for every test."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from portal.demo import seed_organisations, seed_pages, seed_site_settings
from portal.models import HomePage
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory, TrainerFactory


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # PBKDF2 with its full work factor costs a third of a second per login; the tests check
    # who may log in, not the strength of the hash.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _german_by_default():
    # A request to an /en/ page leaves English active in the thread; the next test's
    # reverse() would then build /en/ addresses.
    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the (local memory) cache; one test's failed logins must not lock
    # out the next test's user.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def professional(db):
    return ProfessionalFactory(email="fachkraft@test.example.org")


@pytest.fixture
def trainer(db):
    return TrainerFactory(email="referentin@test.example.org")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(email="koordination@test.example.org")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@test.example.org")


def seed_site():
    """The demo's German and English page tree, its organisations and the site settings."""

    def quiet(message):
        pass

    organisations = seed_organisations(quiet)
    home_de, home_en = seed_pages(quiet)
    seed_site_settings(home_de, organisations, quiet)
    return home_de, home_en


@pytest.fixture
def site_pages(db):
    """The German and the English home page of the demo page tree (see ``seed_site``)."""
    return seed_site()


@pytest.fixture(scope="module")
def site_pages_for_module(django_db_setup, django_db_blocker):
    """``seed_site`` once for a module of tests, rolled back at its end.

    Seeding takes over a second. Modules whose tests only read the page tree override
    ``site_pages`` with ``shared_site_pages``; each test still runs in its own savepoint, so
    what one test changes is gone for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        home_de, home_en = seed_site()
        yield home_de.pk, home_en.pk
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def shared_site_pages(site_pages_for_module, db):
    return tuple(HomePage.objects.get(pk=pk) for pk in site_pages_for_module)
