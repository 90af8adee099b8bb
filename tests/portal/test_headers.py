"""Security headers: the Content-Security-Policy of the public site and of Wagtail's admin,
Permissions-Policy, the cross-origin policies, HSTS defaults, and a scan of the public templates
for inline scripts and styles (which the public policy would block)."""

import re
import runpy

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from wagtail.embeds.models import Embed

from courses.models import PUBLIC_COLLECTION, CatalogPage
from tests.courses.test_materials import make_document

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self), "
    'fullscreen=(self "https://www.youtube-nocookie.com" "https://www.youtube.com" '
    '"https://player.vimeo.com")'
)
FRAME_SRC = (
    "'self' https://www.youtube-nocookie.com https://www.youtube.com https://player.vimeo.com"
)
PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "frame-src": FRAME_SRC,
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
}
COMMON_HEADERS = {
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: sources}; django-csp does not keep the directives' order."""
    directives = (part.strip() for part in response[header].split(";") if part.strip())
    return dict(directive.split(" ", 1) for directive in directives)


def assert_common_headers(response):
    assert {name: response.get(name) for name in COMMON_HEADERS} == COMMON_HEADERS
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/", "/konto/login/", "catalogue", "/bedarf-melden/"])
def test_public_pages_send_the_strict_policy(client, site_pages, url):
    if url == "catalogue":
        url = CatalogPage.objects.get(locale__language_code="de").url
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert_common_headers(response)


@pytest.mark.django_db
def test_the_public_policy_allows_nothing_inline(client, site_pages):
    response = client.get("/")
    assert "unsafe" not in response["Content-Security-Policy"]
    for directive in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values():
        assert not any("unsafe" in source for source in directive)


@pytest.mark.django_db
def test_documents_are_sent_with_wagtails_own_stricter_policy(client):
    document = make_document("Flyer", PUBLIC_COLLECTION)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    # Wagtail's document view sets its own ``default-src 'none'``; django-csp keeps it.
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert_common_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/"]
)
def test_admin_pages_send_the_admin_policy(client, admin_user, site_pages, url):
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert policy(response) == ADMIN_POLICY
    assert_common_headers(response)


@pytest.mark.django_db
def test_the_page_preview_may_be_framed_by_the_editor_only(client, admin_user, site_pages):
    home_de, _ = site_pages
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{home_de.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == "'self'"
    assert policy(response)["script-src"] == "'self' 'unsafe-inline'"


def test_responsive_embeds_keep_their_ratio_without_a_style_attribute():
    embed = Embed(
        url="https://www.youtube.com/watch?v=x",
        html='<iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>',
        width=480,
        height=270,
    )
    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
    assert "style=" not in html
    assert 'viewBox="0 0 480 270"' in html
    assert 'class="responsive-object"' in html


def settings_with(monkeypatch, **environ):
    """portal/settings.py evaluated afresh in production mode with ``environ``."""
    for name in ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "DJANGO_SECURE_HSTS_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "portal" / "settings.py"))


def test_hsts_subdomains_and_preload_are_opt_in(monkeypatch):
    production = settings_with(monkeypatch)
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert production["SECURE_HSTS_PRELOAD"] is False
    # The deploy check would warn about both; they are off on purpose.
    assert set(production["SILENCED_SYSTEM_CHECKS"]) == {"security.W005", "security.W021"}

    opted_in = settings_with(
        monkeypatch,
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_SECURE_HSTS_PRELOAD="1",
    )
    assert opted_in["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert opted_in["SECURE_HSTS_PRELOAD"] is True
    assert opted_in["SILENCED_SYSTEM_CHECKS"] == []


# Templates that may keep inline scripts and styles, and why.
TEMPLATE_EXEMPTIONS = {
    # Wagtail's admin has its own policy with 'unsafe-inline' (portal/security.py).
    "wagtailadmin/": "Wagtail admin templates",
    "/admin/": "our admin views, under Wagtail's admin policy",
    # WeasyPrint renders these on the server; no browser applies the policy.
    "courses/pdf/": "PDF templates",
    "portal/pdf/": "PDF templates",
    # Mail clients need inline styles; mails are not served by the site.
    "/emails/": "mail templates",
}
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def public_templates():
    roots = [settings.BASE_DIR / "templates"] + [
        settings.BASE_DIR / app / "templates"
        for app in ("portal", "courses", "workshops", "needs_analysis")
    ]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            name = "/" + path.relative_to(root).as_posix()
            if not any(marker in name for marker in TEMPLATE_EXEMPTIONS):
                yield name, path


def test_the_template_scan_finds_templates_and_inline_code():
    names = [name for name, _ in public_templates()]
    assert "/base.html" in names
    assert "/500.html" in names
    assert not any("wagtailadmin" in name or "/pdf/" in name for name in names)
    # Control: the patterns catch what they should and let external scripts pass.
    assert INLINE["inline <script>"].search("<script>alert(1)</script>")
    assert not INLINE["inline <script>"].search('<script src="/static/js/x.js"></script>')
    assert INLINE["style attribute"].search('<div style="width: 40%">')
    assert not INLINE["style attribute"].search('<div class="bar bar--40">')


def test_public_templates_have_no_inline_scripts_or_styles():
    found = [
        f"{name}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for name, path in public_templates()
        for text in [path.read_text()]
        for what, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_error_page_takes_its_styles_from_a_static_file():
    html = render_to_string("500.html")
    assert 'rel="stylesheet"' in html
    assert "css/error.css" in html
    assert (settings.BASE_DIR / "static" / "css" / "error.css").exists()
