"""The personal calendar feed: the feed itself (no login, the token is the key) and the
person's buttons to create, renew and revoke its address. Rules in
``courses.services.calendar_feed``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from courses import calendar_validators
from courses.calendar_validators import Validator
from courses.services import calendar_feed
from portal.mail import absolute_url

#: How long a built public feed is kept: at most till midnight matters (the date is in its
#: key), a change of its rows or of the content gives it a new key at once.
FILE_CACHE_SECONDS = 24 * 3600


@require_safe  # GET and HEAD: some calendar clients check with HEAD first
def personal_feed(request, token):
    """The person's trainings as a subscribable iCalendar feed; 404 for any token that is not a
    current one (unknown, renewed, revoked, or of a deactivated account). A client that sends
    the last ETag or Last-Modified back gets 304 while nothing in the feed changed."""
    user = calendar_feed.user_for_token(token)
    if user is None:
        raise Http404

    def build() -> HttpResponse:
        content = calendar_feed.feed_ics(
            user,
            _("My trainings"),
            lambda page: _absolute(page.get_url(request) or "/"),
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="fortbildungen.ics"'
        return response

    response = conditional(request, calendar_validators.personal_feed(user), build)
    # Also on 304: never in a shared cache. The address is the secret: no search engine, no
    # referrer to anybody.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def cached_file(validator: Validator, build) -> bytes:
    """``build()``'s bytes, kept in the cache under the validator's ETag (for the public feed).

    The ETag already changes whenever the file would (``courses.calendar_validators``: the
    rows, the content version, the day, the language, the address and the filters), so a
    kept file is served until then and never afterwards; only its DTSTAMP (when it was built)
    is older, which the weak ETag allows. Only for files that are the same for everybody:
    the personal feed and the participants' offering files are never kept.
    """
    key = f"courses:calendar:file:{validator.etag}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, FILE_CACHE_SECONDS)
    return content


def conditional(request, validator: Validator, build) -> HttpResponse:
    """``build()``'s response with ETag and Last-Modified, or 304 (412 for a failed If-Match)
    when the request's validators match, without building it. Django's ``condition`` decorator
    does the same, but would compute the validator twice (once per header)."""
    response = get_conditional_response(
        request, etag=validator.etag, last_modified=validator.timestamp
    )
    if response is None:
        response = build()
    response.headers.setdefault("ETag", validator.etag)
    response.headers.setdefault("Last-Modified", http_date(validator.timestamp))
    return response


@never_cache
@login_required
@require_POST
def manage_feed(request):
    """Create, renew or revoke the address of the person's feed (one form per action)."""
    action = request.POST.get("action")
    if action == "create":
        calendar_feed.create_feed_token(request.user)
        messages.success(request, _("Your calendar address has been created."))
    elif action == "renew":
        calendar_feed.renew_feed_token(request.user)
        messages.success(
            request, _("Your calendar address has been renewed. The old address no longer works.")
        )
    elif action == "revoke":
        calendar_feed.revoke_feed_token(request.user)
        messages.success(request, _("Your calendar address has been deleted. It no longer works."))
    else:
        return HttpResponse(status=400)
    return redirect(reverse("courses:my_trainings") + "#calendar-feed")


def feed_context(user) -> dict:
    """For "My trainings": the person's feed address, if they have one."""
    token = calendar_feed.feed_token_for(user)
    url = absolute_url(reverse("courses:calendar_feed", args=[token.token])) if token else ""
    return {
        "calendar_feed": token,
        "calendar_feed_url": url,
        # webcal:// opens the subscription dialog of the calendar app (over https).
        "calendar_feed_webcal": "webcal://" + url.split("://", 1)[-1] if url else "",
    }


def _absolute(url: str) -> str:
    """Links in the feed point to the public address (``PORTAL_BASE_URL``)."""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)
