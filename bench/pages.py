"""The pages ``make bench`` measures, their addresses in the current data, and their queries.

Runs inside the bench process (Django set up with ``bench.settings``, on the bench database):
it looks up the addresses that depend on the data (a module page, a certificate code, the
professional's feed token), logs the demo accounts in for the personal and admin pages (a
session in the database, whose cookie wrk sends), and counts each page's queries with Django's
test client. The queries of a cacheable page are counted twice: on a cache miss (a fresh query
string, after one request that filled the site frame) and on a hit.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.urls import HELLO_PATH

ANONYMOUS, PROFESSIONAL, COORDINATOR = "anonymous", "professional", "coordinator"
# The catalogue with two filters and a search term (a topic, a state, and a word that is in
# many teasers).
FILTERED = "?q=Beratung&topic=radikalisierungspraevention&region=sachsen-anhalt"


@dataclass
class Page:
    name: str
    path: str
    who: str = ANONYMOUS
    cacheable: bool = False  # one of the public pages the page cache serves
    headers: dict = field(default_factory=dict)


def pages() -> list[Page]:
    """Hello first, then the pages of the issue, in the data as it is now."""
    from courses.models import Certificate, ModulePage
    from courses.services import calendar_feed
    from portal.models import User

    # The German module with the most offerings, so the module page lists some.
    module = (
        ModulePage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(offering_count=Count("offerings"))
        .order_by("-offering_count", "pk")
        .first()
    )
    certificate = Certificate.objects.order_by("pk").first()
    professional = User.objects.get(email="fachkraft@example.org")
    token = calendar_feed.feed_token_for(professional) or calendar_feed.create_feed_token(
        professional
    )
    catalogue = reverse("wagtail_serve", args=["fortbildungen/"])
    found = [
        Page("hello", HELLO_PATH),
        Page("home", "/", cacheable=True),
        Page("catalogue", catalogue, cacheable=True),
        Page("catalogue, 2 filters + search", catalogue + FILTERED, cacheable=True),
        Page("module page", module.get_url(), cacheable=True),
        Page(
            "workshop listing",
            reverse("wagtail_serve", args=["werkstattgespraeche/"]),
            cacheable=True,
        ),
    ]
    if certificate is not None:
        path = reverse("courses:verify_certificate", args=[certificate.code])
        found.append(Page("verification", path, cacheable=True))
    found += [
        Page("iCalendar feed", reverse("courses:feed")),
        Page("personal calendar feed", reverse("courses:calendar_feed", args=[token.token])),
        Page("my trainings", reverse("courses:my_trainings"), who=PROFESSIONAL),
        Page("personal dashboard", reverse("portal:dashboard"), who=PROFESSIONAL),
        Page("needs dashboard", reverse("needs_analysis_dashboard"), who=COORDINATOR),
        Page("findings list", reverse("needs_findings:index"), who=COORDINATOR),
    ]
    return found


def clients() -> dict[str, Client]:
    """A test client per role; the logged-in ones hold a session stored in the database."""
    from portal.models import User

    made = {ANONYMOUS: _client()}
    for who, email in (
        (PROFESSIONAL, "fachkraft@example.org"),
        (COORDINATOR, "koordination@example.org"),
    ):
        client = _client()
        client.force_login(User.objects.get(email=email))
        made[who] = client
    return made


def _client() -> Client:
    # A page that fails is reported with its status (500), not raised: the bench goes on.
    return Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)


def cookie_header(client: Client) -> dict[str, str]:
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.value}"} if session else {}


def count_queries(page: Page, client: Client, *, cold: bool, serial: int = 0) -> tuple[int, int]:
    """(queries, status) of one request, on a cache miss (``cold``) or a hit."""
    path = page.path
    if page.cacheable:
        separator = "&" if "?" in path else "?"
        client.get(path + f"{separator}bench=warmup{serial}")  # fills the site frame
        path = path + f"{separator}bench=count{serial}" if cold else path
        if not cold:
            client.get(path)  # fills the page cache
    else:
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), response.status_code
