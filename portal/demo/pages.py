"""The organisations, the pages (German, then their English translations) and the site settings.

The texts are in ``organisations.yaml`` and ``pages.yaml``. Page bodies are written there in a
short form (``heading: …``, ``paragraph: …``, ``quote: …``, ``cards: …``); ``stream`` turns
them into the StreamField blocks of ``portal.blocks``.
"""

import json
from urllib.parse import urlsplit

from wagtail.models import Locale, Page, Site

from portal.demo.data import load
from portal.mail import base_url
from portal.models import ContentPage, HomePage, Provider, SiteSettings

NO_LINK = {"label": "", "page": None, "url": ""}


def _pages():
    return load(__file__, "pages.yaml")


def stream(blocks) -> list[dict]:
    """The StreamField data for a body written in the short form of ``pages.yaml``."""
    result = []
    for block in blocks:
        [(kind, value)] = block.items()
        if kind == "heading" and isinstance(value, str):
            value = {"text": value, "level": "h2"}
        elif kind == "cards":
            cards = [{**card, "link": dict(NO_LINK)} for card in value["cards"]]
            value = {"heading": value["heading"], "cards": cards}
        result.append({"type": kind, "value": value})
    return result


def seed_organisations(log) -> list[Provider]:
    result = []
    for data in load(__file__, "organisations.yaml")["organisations"]:
        organisation, created = Provider.objects.get_or_create(
            name=data["name"], defaults={k: v for k, v in data.items() if k != "name"}
        )
        if created:
            log(f"Organisation: {organisation.short_name}")
        result.append(organisation)
    return result


def set_content(page, data):
    page.title = data["title"]
    for field in ("lead", "intro"):
        if field in data:
            setattr(page, field, data[field])
    if "body" in data:
        page.body = json.dumps(stream(data["body"]))


def publish(page):
    page.save_revision().publish()


def seed_pages(log):
    """Home and content pages in German, each with its English translation. (The catalogue
    page comes from the courses demo: the portal does not know the apps built on it.)"""
    data = _pages()
    de = Locale.objects.get_or_create(language_code="de")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()

    home_de = HomePage.objects.filter(locale=de).first()
    if home_de is None:
        home_de = HomePage(slug="start", locale=de)
        set_content(home_de, data["home"]["de"])
        root.add_child(instance=home_de)
        publish(home_de)
        _make_default_site(home_de)
        log("Home page (de)")
    _site_on_public_address(log)
    home_en = translate(home_de, en, data["home"]["en"], log)

    for spec in data["content_pages"]:
        page_de = ContentPage.objects.child_of(home_de).filter(slug=spec["de"]["slug"]).first()
        if page_de is None:
            page_de = ContentPage(slug=spec["de"]["slug"], show_in_menus=spec["menu"], locale=de)
            set_content(page_de, spec["de"])
            home_de.add_child(instance=page_de)
            publish(page_de)
            log(f"Page: {page_de.title}")
        translate(page_de, en, spec["en"], log)
    return home_de, home_en


def _make_default_site(home_de):
    """Point the default site at the new home page and drop Wagtail's "Welcome" placeholder."""
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root = site.root_page if site.pk else None
    site.site_name = "Qualifizierungsportal"
    site.hostname, site.port = _public_host_and_port()
    site.root_page = home_de
    site.save()
    if old_root and old_root.pk != home_de.pk and not isinstance(old_root.specific, HomePage):
        old_root.delete()


def _public_host_and_port() -> tuple[str, int]:
    """Host and port of ``PORTAL_BASE_URL`` (80 or 443 when it names none)."""
    parts = urlsplit(base_url())
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def _site_on_public_address(log):
    """The default site answers on the public address, on every seeding: Wagtail's own links
    (``page.full_url`` in its moderation mails, the "view live" buttons) then agree with the
    links the platform mails. ``make run`` passes the address it serves as ``PORTAL_BASE_URL``.
    """
    host, port = _public_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (host, port):
        site.hostname, site.port = host, port
        site.save(update_fields=["hostname", "port"])
        log(f"Default site: {host}:{port}")


def translate(page, locale, data, log):
    """Create the translation directly (same translation key) under the translated parent.

    Wagtail's copy_for_translation would copy the German slug first; renaming it afterwards
    leaves needless redirects behind.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    parent = page.get_parent()
    if not parent.is_root():
        parent = parent.get_translation(locale)
    translation = page.specific_class(
        locale=locale,
        translation_key=page.translation_key,
        slug=data.get("slug", f"{page.slug}-{locale.language_code}"),
        show_in_menus=page.show_in_menus,
    )
    set_content(translation, data)
    parent.add_child(instance=translation)
    publish(translation)
    log(f"  translated: {translation.title}")
    return translation


def seed_site_settings(home_de, organisations, log):
    """Contact details, the legal pages and the footer organisations (all but partners)."""
    site = Site.objects.get(root_page=home_de)
    site_settings = SiteSettings.for_site(site)
    if site_settings.email:
        return
    data = _pages()
    pages = {
        spec["key"]: ContentPage.objects.child_of(home_de).get(slug=spec["de"]["slug"])
        for spec in data["content_pages"]
    }
    for field, value in data["site_settings"].items():
        setattr(site_settings, field, pages[value] if field.endswith("_page") else value)
    site_settings.save()
    site_settings.footer_organisations.set(
        [o for o in organisations if o.kind != Provider.Kind.PARTNER]
    )
    log("Site settings")
