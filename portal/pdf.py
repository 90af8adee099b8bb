"""PDFs from templates with WeasyPrint, for every app (certificates, training history, sign-in
sheets, the summary of a person's data).

Rendering fetches nothing: the logo is embedded as a data: URL and the URL fetcher only
accepts data: URLs, so nothing shown in a PDF (names, titles) can make the server fetch a
file or a remote address.
"""

from __future__ import annotations

import base64
import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from portal.mail import site_name


@cache
def static_data_url(path: str) -> str:
    """A static file as a data: URL, or "" if it cannot be found."""
    found = finders.find(path)
    if not found:
        candidate = Path(settings.STATIC_ROOT) / path
        found = str(candidate) if candidate.exists() else None
    if not found:
        return ""
    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
    data = base64.b64encode(Path(found).read_bytes()).decode("ascii")
    return f"data:{content_type};base64,{data}"


def _url_fetcher():
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint ≥ 66
    except ImportError:  # pragma: no cover - older WeasyPrint
        from weasyprint import default_url_fetcher

        def fetch(url, *args, **kwargs):
            if not url.startswith("data:"):
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render the HTML template ``template_name`` and turn it into a PDF."""
    from weasyprint import HTML

    context = {
        "site_name": site_name(),
        "logo_url": static_data_url("img/logo.svg"),
        **context,
    }
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=_url_fetcher()).write_pdf()


def pdf_response(content: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
