"""Who reaches which site URL (not /admin/) of our apps: every URL pattern of portal, courses,
workshops and needs_analysis × anonymous, professional, staff without a second factor, trainer,
coordinator and administrator, with the exact status code each must get (GET), and a
coordinator of another project (derived from the coordinator's column, ``other_project``).

Outcomes are status codes; a redirect names where it goes: ``302 login`` (the allauth login
with ``?next=``), ``302 mfa`` (the two-factor setup) or ``302 <path>``. The people are the
shared role fixtures (tests/conftest.py); none of them is enrolled in the offering or holds the
certificate, which belongs to somebody else.

``test_every_site_url_of_our_apps_has_expectations`` fails when one of our apps gains a URL
pattern outside /admin/ without an entry in ``EXPECTED``: add it. The admin is covered in
tests/portal/test_admin_matrix.py.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve
from django.urls.resolvers import RoutePattern

from courses import services
from courses.models import PUBLIC_COLLECTION
from portal.models import Region
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.courses.test_materials import make_document
from tests.factories import ProjectFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    InterestFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "professional", "staff_without_mfa", "trainer", "coordinator", "admin_user"]
OUR_APPS = ("portal", "courses", "workshops", "needs_analysis")

LOGIN, MFA = "302 login", "302 mfa"
ALL_200 = ("200",) * len(ROLES)
SIGNED_IN_200 = (LOGIN, *("200",) * (len(ROLES) - 1))
POST_ONLY = (LOGIN, *("405",) * (len(ROLES) - 1))
# Somebody else's enrolment: not found for everybody signed in.
NOT_THEIRS = (LOGIN, *("404",) * (len(ROLES) - 1))
REAUTHENTICATE = (
    "302 /konto/reauthenticate/?next=%2Fmein-bereich%2Fdatenschutz%2Fkonto-loeschen%2F"
)

# route (as ``ResolverMatch.route`` has it): (url, (anonymous, professional, staff_without_mfa,
# trainer, coordinator, admin_user))
EXPECTED = {
    "health/": ("/health/", ALL_200),
    "documents/<int:document_id>/<str:document_filename>": (
        "/documents/{document}/{filename}",
        ALL_200,
    ),
    "mein-bereich/": ("/mein-bereich/", SIGNED_IN_200),
    "mein-bereich/profil/": ("/mein-bereich/profil/", SIGNED_IN_200),
    "mein-bereich/datenschutz/": ("/mein-bereich/datenschutz/", SIGNED_IN_200),
    "mein-bereich/datenschutz/export/": ("/mein-bereich/datenschutz/export/", SIGNED_IN_200),
    "mein-bereich/datenschutz/export/uebersicht/": (
        "/mein-bereich/datenschutz/export/uebersicht/",
        SIGNED_IN_200,
    ),
    "mein-bereich/datenschutz/export/uebersicht.pdf": (
        "/mein-bereich/datenschutz/export/uebersicht.pdf",
        SIGNED_IN_200,
    ),
    "mein-bereich/datenschutz/konto-loeschen/": (
        "/mein-bereich/datenschutz/konto-loeschen/",
        (LOGIN, *(REAUTHENTICATE,) * (len(ROLES) - 1)),
    ),
    "suche/": ("/suche/?q=Modul", ALL_200),
    "termine/kalender.ics": ("/termine/kalender.ics", ALL_200),
    "termine/<int:pk>/anmelden/": ("/termine/{offering}/anmelden/", SIGNED_IN_200),
    "termine/<int:pk>/kalender.ics": ("/termine/{offering}/kalender.ics", ALL_200),
    "mein-bereich/fortbildungen/": ("/mein-bereich/fortbildungen/", SIGNED_IN_200),
    "mein-bereich/fortbildungen/<int:pk>/stornieren/": (
        "/mein-bereich/fortbildungen/{enrollment}/stornieren/",
        NOT_THEIRS,
    ),
    "mein-bereich/fortbildungen/<int:pk>/platzangebot/": (
        "/mein-bereich/fortbildungen/{enrollment}/platzangebot/",
        NOT_THEIRS,
    ),
    "mein-bereich/fortbildungen/<int:pk>/evaluation/": (
        "/mein-bereich/fortbildungen/{enrollment}/evaluation/",
        NOT_THEIRS,
    ),
    "mein-bereich/fortbildungen/<int:pk>/transfer/": (
        "/mein-bereich/fortbildungen/{enrollment}/transfer/",
        NOT_THEIRS,
    ),
    "mein-bereich/fortbildungen/bescheinigung/<str:code>.pdf": (
        "/mein-bereich/fortbildungen/bescheinigung/{code}.pdf",
        # Somebody else's certificate: the coordination only, not staff without a second factor.
        (LOGIN, "403", "403", "403", "200", "200"),
    ),
    "mein-bereich/fortbildungen/fortbildungsnachweis.<str:export_format>": (
        "/mein-bereich/fortbildungen/fortbildungsnachweis.csv",
        SIGNED_IN_200,
    ),
    "nachweis/<str:code>/": ("/nachweis/{code}/", ALL_200),
    # The personal calendar feed: the token is the key, no login; an unknown one is not found.
    "kalender/<str:token>.ics": ("/kalender/unbekannt.ics", ("404",) * len(ROLES)),
    "mein-bereich/fortbildungen/kalender-abo/": (
        "/mein-bereich/fortbildungen/kalender-abo/",
        POST_ONLY,
    ),
    "werkstattgespraeche/<int:pk>/anmelden/": (
        "/werkstattgespraeche/{workshop}/anmelden/",
        POST_ONLY,
    ),
    "werkstattgespraeche/<int:pk>/abmelden/": (
        "/werkstattgespraeche/{workshop}/abmelden/",
        POST_ONLY,
    ),
    "bedarf-melden/": ("/bedarf-melden/", SIGNED_IN_200),
    "bedarf-melden/danke/": ("/bedarf-melden/danke/", SIGNED_IN_200),
    "fachberatung/": ("/fachberatung/", SIGNED_IN_200),
    "fachberatung/danke/": ("/fachberatung/danke/", SIGNED_IN_200),
    "bedarf/inhouse/<int:module_pk>/": ("/bedarf/inhouse/{module}/", SIGNED_IN_200),
    "bedarf/interesse/<int:module_pk>/": ("/bedarf/interesse/{module}/", POST_ONLY),
    # Withdrawing one's interest ("Meine Fortbildungen"): POST only; somebody else's is a 404
    # (tests/courses/test_my_trainings_sections.py).
    "bedarf/interessen/<int:pk>/zurueckziehen/": (
        "/bedarf/interessen/{interest}/zurueckziehen/",
        POST_ONLY,
    ),
    # Somebody else's consultation request: not found, whoever asks (the coordination answers
    # in the admin); closing is POST only (tests/needs_analysis/test_consultation_pages.py).
    "mein-bereich/fachberatung/<int:pk>/": (
        "/mein-bereich/fachberatung/{consultation}/",
        NOT_THEIRS,
    ),
    "mein-bereich/fachberatung/<int:pk>/schliessen/": (
        "/mein-bereich/fachberatung/{consultation}/schliessen/",
        POST_ONLY,
    ),
}


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


# A coordinator of another project than the module's (``coordinator_other``) gets what the
# coordinator gets, except where the coordination's right comes from the project: somebody
# else's certificate of a module of the first project is not theirs to download.
OTHER_PROJECT = {"mein-bereich/fortbildungen/bescheinigung/<str:code>.pdf": "403"}


def other_project(route, expected_per_role):
    return OTHER_PROJECT.get(route, expected_per_role[ROLES.index("coordinator")])


@pytest.fixture
def objects(site_pages, coordinator, coordinator_other):
    project = ProjectFactory(
        regions=[Region.objects.get(slug="sachsen-anhalt")], coordinators=[coordinator]
    )
    ProjectFactory(
        regions=[Region.objects.get(slug="nordrhein-westfalen")],
        coordinators=[coordinator_other],
    )
    module = ModulePageFactory(title="Modul für alle", project=project)
    module.save_revision().publish()
    offering = OfferingFactory(module=module)
    done = past_offering(days=1, module=module)
    enrollment = EnrollmentFactory(offering=done)
    attend_all(done)
    certificate = services.issue_certificate(enrollment)
    flyer = make_document("Flyer", PUBLIC_COLLECTION)
    yield {
        "module": module.pk,
        "offering": offering.pk,
        "enrollment": enrollment.pk,
        "code": certificate.code,
        "workshop": WorkshopFactory().pk,
        "interest": InterestFactory(module=module).pk,
        "consultation": ConsultationRequestFactory().pk,
        "document": flyer.pk,
        "filename": flyer.filename,
    }
    flyer.file.delete(save=False)


def outcome(response):
    code = response.status_code
    if code in (301, 302):
        location = response.get("Location", "")
        if location.startswith("/konto/login/?next="):
            return f"{code} login"
        if location == "/konto/2fa/":
            return f"{code} mfa"
        return f"{code} {location}"
    return str(code)


def _view_module(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return view.__module__


def site_urls(resolver=None, prefix=""):
    """(route, module of the view) of every URL pattern outside /admin/."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from site_urls(pattern, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("admin/"):
            yield route, _view_module(pattern.callback)


def missing_expectations(resolver=None):
    return sorted(
        f"/{route} ({module})"
        for route, module in site_urls(resolver)
        if module.split(".")[0] in OUR_APPS and route not in EXPECTED
    )


@pytest.mark.parametrize("role", [*ROLES, "coordinator_other"])
def test_site_url_matrix(client, objects, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = {}
    for route, (template, expected_per_role) in EXPECTED.items():
        url = template.format(**objects)
        assert resolve(url.split("?")[0]).route == route, url
        if role == "coordinator_other":
            expected = other_project(route, expected_per_role)
        else:
            expected = expected_per_role[ROLES.index(role)]
        got = outcome(client.get(url))
        if got != expected:
            wrong[url] = f"expected {expected}, got {got}"
    print("\n".join(f"{k}: {v}" for k, v in wrong.items()))
    assert wrong == {}


def test_every_site_url_of_our_apps_has_expectations():
    assert missing_expectations() == []


def test_the_check_notices_a_site_url_without_expectations():
    from courses.views import feed

    probe = URLResolver(
        RoutePattern(""),
        [path("neu/", feed), path("termine/kalender.ics", feed), path("admin/neu/", feed)],
    )
    assert missing_expectations(probe) == ["/neu/ (courses.views)"]
