"""The one way the platform builds and sends mail.

Every mail is three templates, ``<prefix>_subject.txt``, ``<prefix>.txt`` and ``<prefix>.html``,
rendered in the recipient's language. The plain-text parts are rendered without autoescaping
(``Werte & Ressourcen`` stays as typed), the HTML part always with it. Messages leave only
after the transaction that caused them commits, as a ``send_email`` background task, so nothing
is sent for a rolled-back change.

``suppressed()`` turns sending off for a block of code (the demo seeding enrols hundreds of
people through the real services and must not queue a mail for each).
"""

from __future__ import annotations

import contextlib
import contextvars
import re

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

_suppressed = contextvars.ContextVar("portal_mail_suppressed", default=False)


@contextlib.contextmanager
def suppressed():
    """Inside this block no mail is queued (and none is sent after commit)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def base_url() -> str:
    """The platform's public address (``PORTAL_BASE_URL``), without a trailing slash.

    Every absolute link (mails, PDFs, calendar files, verification URLs, Wagtail's admin
    mails) is built from it, whatever host a request came in on.
    """
    return settings.PORTAL_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (starting with "/") on the public address."""
    return base_url() + path


def page_url(page) -> str:
    """A Wagtail page's absolute URL on the public address, or "" if no site serves it.

    Not ``page.full_url``: that uses the Wagtail site's hostname and port, which need not be
    the public address (the demo's default site is seeded from ``PORTAL_BASE_URL``, but an
    editor may change it).
    """
    parts = page.get_url_parts()
    if not parts:
        return ""
    return absolute_url(parts[2])


def site_name() -> str:
    """The platform's name for mails and PDFs: the default site's name in the site settings,
    else ``WAGTAIL_SITE_NAME``."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or str(settings.WAGTAIL_SITE_NAME)


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template without HTML escaping, with blank-line runs folded."""
    template = get_template(template_name).template
    text = template.render(Context(context, autoescape=False))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_subject(template_name: str, context: dict) -> str:
    """One line, no escaping: a subject is plain text."""
    return " ".join(render_text(template_name, context).split())


def render_message(
    prefix: str,
    context: dict,
    *,
    to: list[str] | str,
    language: str | None = None,
    headers: dict | None = None,
    reply_to: str = "",
) -> EmailMultiAlternatives:
    """The complete message from the three templates under ``prefix``, in ``language``.

    ``context`` gets ``subject`` and ``language`` added, for the templates' own use.
    """
    language = (language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        context = {**context, "language": language}
        context["subject"] = render_subject(f"{prefix}_subject.txt", context)
        body = render_text(f"{prefix}.txt", context)
        html = get_template(f"{prefix}.html").render(context)
    all_headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
    if reply_to:
        all_headers["Reply-To"] = reply_to
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=all_headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def serialise(message: EmailMessage) -> dict:
    """Plain data for the task queue: any task backend can carry it."""
    return {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            (content, mimetype) for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [
            (name, content if isinstance(content, str) else content.decode(), mimetype)
            for name, content, mimetype in message.attachments
        ],
    }


def send_after_commit(message: EmailMessage) -> None:
    """Queue ``message`` for sending once the current transaction commits."""
    if is_suppressed():
        return
    from portal.tasks import send_email

    payload = serialise(message)
    transaction.on_commit(lambda: send_email.enqueue(payload))


def on_commit_unless_suppressed(callback) -> None:
    """Run ``callback`` after commit, unless mail is suppressed now (decided now, not later)."""
    if not is_suppressed():
        transaction.on_commit(callback)
