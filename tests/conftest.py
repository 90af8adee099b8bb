import pytest
from django.core.cache import cache
from django.test.utils import override_settings

from portal.demo import seed_organisations, seed_pages, seed_site_settings
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory, TrainerFactory


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # PBKDF2 with its full work factor costs a third of a second per login; the tests check
    # who may log in, not the strength of the hash.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
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


@pytest.fixture
def site_pages(db):
    """The demo's German and English page tree, its organisations and the site settings.

    Returns the German and the English home page.
    """

    def quiet(message):
        pass

    organisations = seed_organisations(quiet)
    home_de, home_en = seed_pages(quiet)
    seed_site_settings(home_de, organisations, quiet)
    return home_de, home_en
