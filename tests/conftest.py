"""Shared fixtures: one person per role, the demo page tree, a clean cache for every test."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from courses.demo.catalog import seed_catalog
from portal.demo import seed_organisations, seed_pages, seed_site_settings
from portal.models import HomePage
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory, TrainerFactory


def pytest_collection_modifyitems(config, items):
    # Skip the PostgreSQL tests before their fixtures run. Skipped only inside a fixture, their
    # transactional database setup would still flush the database at their end, and the tests
    # after them on the same worker would find the data of the migrations gone.
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL with real parallel connections; set DATABASE_URL to run it"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Where the test databases live: ``--reuse-db`` keeps SQLite's in a file under var/.

    SQLite's test database is in memory by default, which ``--reuse-db`` cannot keep; for a
    reused run it goes to ``var/test-db`` instead. Under pytest-xdist every worker gets
    a database of its own (``..._gw0``, ``..._gw1``), on SQLite and on PostgreSQL alike. A
    fresh run (CI, ``make test``) builds every database from the migrations.
    """
    database = settings.DATABASES["default"]
    if (
        request.config.getoption("reuse_db")
        and database["ENGINE"] == "django.db.backends.sqlite3"
        and not database.get("TEST", {}).get("NAME")
    ):
        database.setdefault("TEST", {})["NAME"] = str(settings.BASE_DIR / "var" / "test-db")
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """pytest-django's database setup; a reused database keeps the data of the migrations.

    A transactional test with ``serialized_rollback`` (the PostgreSQL concurrency tests) flushes
    the database at its end and Django restores the data only when the next such test starts;
    with ``--reuse-db`` the next run would start without groups, vocabulary and content types.
    """
    yield
    if not django_db_keepdb:
        return
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents and not ContentType.objects.exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session", autouse=True)
def _local_cache():
    # The rate limits and the cache clearing below must stay within this process: with Redis
    # (REDIS_URL) the pytest-xdist workers would share one cache and clear each other's keys.
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_page_cache():
    # The suite checks what views render and how many queries they cost: from the database, not
    # from the page cache (tests/portal/test_page_cache.py turns it on). The content version
    # lives in the per-test cache instead of a file under var/.
    with override_settings(PORTAL_PAGE_CACHE=False, PORTAL_CONTENT_VERSION_FILE=None):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # PBKDF2 with its full work factor costs a third of a second per login; the tests check
    # who may log in, not the strength of the hash.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _files_in_a_temporary_place(tmp_path_factory):
    # Uploads (images, private documents) must not pile up in var/ of the working tree, and
    # a backup or restore there must not find them.
    root = tmp_path_factory.mktemp("files")
    with override_settings(MEDIA_ROOT=root / "media", PRIVATE_MEDIA_ROOT=root / "private"):
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
def coordinator_other(db):
    """A coordinator of another project than the one the matrices' objects belong to."""
    return CoordinatorFactory(email="koordination-anderes-projekt@test.example.org")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@test.example.org")


@pytest.fixture
def staff_without_mfa(db):
    """A coordinator without a second factor: no staff capability until they set one up."""
    return CoordinatorFactory(email="ohne-2fa@test.example.org", mfa=False)


def seed_site():
    """The demo's German and English page tree, its organisations and the site settings."""

    def quiet(message):
        pass

    organisations = seed_organisations(quiet)
    home_de, home_en = seed_pages(quiet)
    seed_catalog(home_de, quiet)
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
