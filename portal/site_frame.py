"""The site frame (header menu, language switch, footer) from the cache, not the database.

Every public page shows the same frame: the home page of the active language, its menu pages,
the contact details and footer organisations from ``SiteSettings`` and the four legal pages in
the active language. Built from the database that is about seventeen queries per request; here
it is built once per host (which selects the Wagtail site), language and content version
(``portal/content_version.py``) and kept as plain data in the default cache. The version changes
with every page, settings or vocabulary change, so the frame never outlives its content.

Only data the same for everybody is cached. What differs per request is computed when the
template renders: which menu entry is the current page (``aria-current``), the language
switch's addresses for the current page (cached per page), and everything personal (the account
menu, messages, the logout form with its CSRF token), which stays in ``base.html``.
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from portal import content_version

LEGAL_PAGES = ("contact_page", "imprint_page", "privacy_page", "accessibility_page")


def _timeout() -> int:
    return settings.PORTAL_PAGE_CACHE_TIMEOUT


def _link(page, request) -> dict:
    return {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}


def home_page(site):
    """The home page in the active language (falls back to the site's root page)."""
    if site is None:
        return None
    root = site.root_page
    locale = Locale.get_active()
    if root.locale_id != locale.pk:
        return root.get_translation_or_none(locale) or root
    return root


def build(request) -> dict:
    """The frame's data, from the database (about a dozen queries)."""
    from portal.models import SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    home = home_page(site)
    menu = []
    if home is not None:
        menu = [
            _link(page, request)
            for page in Page.objects.child_of(home).live().in_menu().public().order_by("path")
        ]
    frame = {
        "home": _link(home, request) if home is not None else None,
        "menu": menu,
        "contact": {},
        "organisations": [],
        "legal": [],
    }
    # Not ``SiteSettings.for_site``: it creates the row when missing, and that save would bump
    # the content version the frame is being cached under.
    site_settings = (
        SiteSettings.objects.filter(site=site).select_related(*LEGAL_PAGES).first()
        if site is not None
        else None
    )
    if site_settings is None:
        return frame
    frame["contact"] = {
        field: getattr(site_settings, field)
        for field in ("organisation", "address", "email", "phone", "office_hours")
    }
    frame["organisations"] = [
        {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "kind": str(organisation.get_kind_display()),
        }
        for organisation in site_settings.footer_organisations.all()
    ]
    for field in LEGAL_PAGES:
        page = getattr(site_settings, field)
        if page is not None:
            frame["legal"].append(_link(page.localized, request))
    return frame


def frame(request) -> dict:
    """The frame of this request's site and language: cached, once per request at most."""
    if request is None:
        return build(None)
    memo = getattr(request, "_portal_frame", None)
    if memo is not None:
        return memo
    key = f"portal:frame:{content_version.current()}:{request.get_host()}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = build(request)
        cache.set(key, data, _timeout())
    request._portal_frame = data
    return data


def language_links(request, page) -> list[dict]:
    """The language switch: the page's translation per language, else the same address."""
    active = get_language()
    translations = {}
    if isinstance(page, Page) and request is not None:
        key = f"portal:languages:{content_version.current()}:{request.get_host()}:{page.pk}"
        translations = cache.get(key)
        if translations is None:
            translations = {
                translation.locale.language_code: translation.get_url(request)
                for translation in page.get_translations(inclusive=True)
                .live()
                .select_related("locale")
            }
            cache.set(key, translations, _timeout())
    elif isinstance(page, Page):
        translations = {
            translation.locale.language_code: translation.url
            for translation in page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = "/"
        links.append({"code": code, "name": name, "url": url, "active": code == active})
    return links
