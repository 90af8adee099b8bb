"""Wagtail's routing from the cache: the site of a host and the page of an address.

For every page Wagtail looks up the site of the host (a query), then walks the tree from the
site's root page one address segment at a time, reading each page and then its specific page
(two queries per segment), and finally reads the page's view restrictions with those of its
ancestors (two queries). A module page cost seven queries before its own content. The answers
only change when pages, sites, locales or view restrictions change, and each of those bumps the
content version (``portal/cache_signals.py``), so they are kept per version, like the site
frame (``portal/site_frame.py``):

* the site of a host (``Site.find_for_request``) as the pickled ``Site`` with its root page;
* for an address that routed to a page: the page's content type, id, how many segments of the
  address it took, and whether it or a page above it has a view restriction.

On a hit the page is read with one query from its own table; its ``route()`` still runs for
the rest of the address (a routable page's sub-address) and checks that it is live. A page
without restrictions gets none (``get_view_restrictions``) without the two queries; a page with
any goes Wagtail's way, every time. Addresses that do not route (404) are not kept. A cached
entry whose page is gone (a test's rolled-back data) falls back to Wagtail's routing.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404
from django.utils.translation import get_language

from portal import content_version

NO_SITE = "-"


def _timeout() -> int:
    return settings.PORTAL_PAGE_CACHE_TIMEOUT


def _host_key(request) -> str | None:
    try:  # only hosts the site answers: no keys for made-up Host headers
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{content_version.current()}:{host}:{request.get_port()}"


def install() -> None:
    """Wrap ``Site._find_for_request``, ``Page.route_for_request`` and
    ``Page.get_view_restrictions`` (from ``ready()``)."""
    from wagtail.models import Page, PageViewRestriction, Site

    if getattr(Page.route_for_request, "_portal_cached", False):
        return
    find_site = Site._find_for_request
    view_restrictions = Page.get_view_restrictions

    def _find_for_request(request):
        key = _host_key(request)
        if key is None:
            return find_site(request)
        key = f"portal:site:{key}"
        site = cache.get(key)
        if site is None:
            site = find_site(request)
            cache.set(key, NO_SITE if site is None else site, _timeout())
        return None if site == NO_SITE else site

    def route_for_request(request, path):
        if not hasattr(request, "_wagtail_route_for_request"):
            try:
                request._wagtail_route_for_request = _route(request, path)
            except Http404:
                request._wagtail_route_for_request = None
        return request._wagtail_route_for_request

    def _route(request, path):
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [component for component in path.split("/") if component]
        host = _host_key(request)
        key = f"portal:route:{host}:{site.pk}:{get_language()}:{path}" if host else None
        entry = cache.get(key) if key else None
        if entry is not None:
            content_type, pk, taken, restricted = entry
            model = ContentType.objects.get_for_id(content_type).model_class()
            related = getattr(model, "route_select_related", ())
            try:
                page = model.objects.select_related(*related).get(pk=pk)
            except model.DoesNotExist:
                page = None
            if page is not None:
                if not restricted:
                    page._portal_view_restrictions = PageViewRestriction.objects.none()
                return page.route(request, components[taken:])
        root = site.root_page.localized.specific
        result = root.route(request, components)
        if key and result is not None:
            page = result[0]
            taken = page.depth - root.depth
            if page.url_path == root.url_path + "".join(f"{c}/" for c in components[:taken]):
                # Read once here, and the check after routing uses them (no second query).
                restrictions = view_restrictions(page)
                page._portal_view_restrictions = restrictions
                restricted = bool(restrictions)
                entry = (page.content_type_id, page.pk, taken, restricted)
                cache.set(key, entry, _timeout())
        return result

    def get_view_restrictions(self):
        known = getattr(self, "_portal_view_restrictions", None)
        return known if known is not None else view_restrictions(self)

    route_for_request._portal_cached = True
    Site._find_for_request = staticmethod(_find_for_request)
    Page.route_for_request = staticmethod(route_for_request)
    Page.get_view_restrictions = get_view_restrictions
