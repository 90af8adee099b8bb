"""gunicorn's access log without secrets or personal data (``gunicorn.conf.py`` uses it).

An access log line is kept for weeks by whoever collects stdout, so it must not carry what
would let a reader into someone's data or tell who looked for what:

- **no query strings**, on any page: search terms, ``?next=`` addresses, filter choices and
  tokens in links all live there, and the public ones are not worth the risk of missing one;
- **no secrets in the path**: the personal calendar feed (``/kalender/<token>.ics``), allauth's
  links to confirm an address or reset a password, and certificate codes (``/nachweis/<code>/``,
  ``…/bescheinigung/<code>.pdf``) carry their key in the address itself, so that segment is
  replaced by ``[token]``;
- **no referrer** (it is another page's address, with its query string) and **no client
  address**: the format in ``gunicorn.conf.py`` leaves them out, and this logger masks them
  should somebody configure ``%(r)s``, ``%(q)s``, ``%(f)s`` or ``%(h)s`` after all.

Only gunicorn imports this module (no Django), so it stays importable before Django is set up.
"""

import re

from gunicorn.glogging import Logger

MASK = "[token]"

# The path segments that are a key: (prefix up to the key, the key, the rest). An optional
# language prefix (/en/) comes first; the key never contains a slash.
SECRET_PATHS = [
    re.compile(r"^(/(?:[a-z]{2}/)?kalender/)([^/]+)(\.ics)$"),
    re.compile(r"^(/(?:[a-z]{2}/)?konto/confirm-email/)([^/]+)(/?)$"),
    re.compile(r"^(/(?:[a-z]{2}/)?konto/password/reset/key/)([^/]+)(/.*)?$"),
    re.compile(r"^(/(?:[a-z]{2}/)?nachweis/)([^/]+)(/.*)?$"),
    re.compile(r"^(/(?:[a-z]{2}/)?mein-bereich/fortbildungen/bescheinigung/)([^/]+?)(\.pdf)$"),
]


def mask_path(path: str) -> str:
    """``path`` without its query string, with a key segment replaced by ``[token]``."""
    path = path.split("?", 1)[0]
    for pattern in SECRET_PATHS:
        match = pattern.match(path)
        if match:
            return f"{match.group(1)}{MASK}{match.group(3) or ''}"
    return path


class AccessLogger(Logger):
    """gunicorn's logger, with the request's atoms masked before any format sees them."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO", ""))
        atoms.update(
            U=path,
            q="",
            r=f"{environ.get('REQUEST_METHOD', '-')} {path} {atoms.get('H', '-')}",
            h="-",
            u="-",
            f="-",
        )
        # Headers (``%({name}i)s``, ``%({name}o)s``) and the WSGI environment (``%({name}e)s``)
        # are atoms too; they hold cookies, the referrer, the raw address with its query string
        # and redirect targets. Only an allow-list stays.
        return {
            key: value
            for key, value in atoms.items()
            if not key.startswith("{") or key in ALLOWED_HEADER_ATOMS
        }


ALLOWED_HEADER_ATOMS = {
    "{user-agent}i",
    "{host}i",
    "{content-type}o",
    "{content-length}o",
    "{content-encoding}o",
    "{x-page-cache}o",
}
