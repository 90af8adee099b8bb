"""The portal's URLs behind a hello-world view: the yardstick every page is compared with.

The view runs through the same middleware as every page (security headers, page cache bypass,
sessions, locale, CSRF, authentication), but touches neither templates nor the database.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

HELLO_PATH = "/bench/hello/"


def hello(request):
    return HttpResponse("Hello, world!", content_type="text/plain")


urlpatterns = [
    path(HELLO_PATH.strip("/") + "/", hello, name="bench_hello"),
    # Not include(): the portal's URLs use i18n_patterns, which only a root URLconf may.
    *portal_urlpatterns,
]
