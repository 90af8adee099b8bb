"""Public and personal views of the courses app. Thin: rules live in ``courses.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courses import calendar, catalog, overview, services
from courses.forms import CancelForm, CatalogFilterForm, EnrollForm
from courses.models import Enrollment, Offering, Session

PER_PAGE = 10


def catalog_context(request) -> dict:
    """Everything the catalogue page shows for the filters in the request's query string."""
    form = CatalogFilterForm(request.GET or None)
    filters = form.to_filters()
    modules = catalog.search_modules(filters, request)
    page = Paginator(modules, PER_PAGE).get_page(request.GET.get("page"))
    results = list(page.object_list)
    catalog.attach_offerings(results, filters)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return {
        "filter_form": form,
        "filters": filters,
        "results": results,
        "page_obj": page,
        "query_string": urlencode(params),
        "active_filters": _active_filter_chips(form, params),
        "feed_url": reverse("courses:feed") + (f"?{urlencode(params)}" if params else ""),
    }


# Panels other apps show on a module page without dates (for example "tell me when it is
# offered in my region", from the needs analysis): functions (request, module) -> dict | None.
MODULE_EXTRAS: list = []


def module_extras(request, module) -> list[dict]:
    return [panel for panel in (build(request, module) for build in MODULE_EXTRAS) if panel]


def _active_filter_chips(form, params) -> list[dict]:
    """One link per active filter that leads to the same list without it."""
    chips = []
    if not form.is_bound:
        return chips
    labels = {
        "q": lambda v: v,
        "free_seats": lambda v: form.fields["free_seats"].label,
    }
    for name, value in params.items():
        if name == "sort" or name not in form.fields:
            continue
        field = form.fields[name]
        if name in labels:
            text = labels[name](value)
        elif hasattr(field, "queryset"):
            obj = field.queryset.filter(slug=value).first()
            if obj is None:
                continue
            text = obj.label
        elif hasattr(field, "choices"):
            text = dict(field.choices).get(value, value)
        else:
            text = value
        rest = {k: v for k, v in params.items() if k != name}
        chips.append(
            {"label": f"{field.label}: {text}", "url": "?" + urlencode(rest) if rest else "?"}
        )
    return chips


def _offering_or_404(pk) -> Offering:
    queryset = Offering.objects.select_related("module", "region").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time")),
        "eligible_audiences",
    )
    offering = get_object_or_404(queryset.with_seat_counts(), pk=pk)
    if offering.status == Offering.Status.PLANNED:
        raise Http404  # not announced yet
    return offering


def _module_url(request, offering) -> str:
    module = offering.module.localized
    return module.get_url(request) or "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enroll(request, pk):
    offering = _offering_or_404(pk)
    existing = Enrollment.objects.active().filter(offering=offering, user=request.user).first()
    form = EnrollForm(request.POST if request.method == "POST" else None)
    problem = None
    if existing is None:
        try:
            services.check_can_enroll(offering, request.user)
        except services.EnrollmentError as error:
            problem = error
    if request.method == "POST" and existing is None and problem is None and form.is_valid():
        try:
            enrollment = services.enroll(
                offering, request.user, comment=form.cleaned_data["comment"]
            )
        except services.EnrollmentError as error:
            if error.code == "already_enrolled":
                messages.info(request, error.message)
                return redirect("courses:my_trainings")
            problem = error
        else:
            messages.success(request, _enrolment_message(enrollment))
            return redirect("courses:my_trainings")
    return render(
        request,
        "courses/enroll.html",
        {
            "offering": offering,
            "module": offering.module.localized,
            "form": form,
            "existing": existing,
            "problem": problem,
            "module_url": _module_url(request, offering),
        },
    )


def _enrolment_message(enrollment) -> str:
    if enrollment.status == Enrollment.Status.CONFIRMED:
        return _("You are registered. A confirmation has been sent to you by email.")
    if enrollment.status == Enrollment.Status.WAITLISTED:
        return _(
            "The offering is full. You are number %(position)s on the waiting list; we will "
            "let you know as soon as a place becomes free."
        ) % {"position": enrollment.waitlist_position()}
    return _(
        "Your request has been received. The coordination will decide on it and let you "
        "know by email."
    )


@never_cache
@login_required
def my_trainings(request):
    return render(
        request, "courses/my_trainings.html", {"groups": overview.my_trainings(request.user)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__module", "offering__region"),
        pk=pk,
        user=request.user,
    )
    if not enrollment.is_active:
        messages.info(request, _("This enrolment is no longer active."))
        return redirect("courses:my_trainings")
    form = CancelForm(request.POST if request.method == "POST" else None)
    late = services.is_late_cancellation(enrollment)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(enrollment, by=request.user)
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your enrolment has been cancelled."))
        return redirect("courses:my_trainings")
    return render(
        request,
        "courses/cancel.html",
        {"enrollment": enrollment, "offering": enrollment.offering, "form": form, "late": late},
    )


def offering_ics(request, pk):
    """The offering's dates; confirmed participants get the venue and access details."""
    offering = _offering_or_404(pk)
    for_participant = (
        request.user.is_authenticated
        and Enrollment.objects.confirmed().filter(offering=offering, user=request.user).exists()
    )
    content = calendar.offering_ics(
        offering,
        for_participant=for_participant,
        url=request.build_absolute_uri(_module_url(request, offering)),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(offering.module.title)[:60]}-{offering.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if for_participant:
        response["Cache-Control"] = "private, no-store"
    return response


def feed(request):
    """A public iCalendar feed of open offerings; takes the catalogue's filters."""
    form = CatalogFilterForm(request.GET or None)
    filters = form.to_filters()
    module_keys = catalog.search_modules(filters).values("translation_key")
    offerings = (
        catalog.upcoming_offerings(filters)
        .filter(module__translation_key__in=module_keys)
        .select_related("module", "region")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time"))
        )
        .order_by("first_date", "pk")[:500]
    )
    content = calendar.feed_ics(
        offerings,
        _("Trainings in offender aid"),
        lambda offering: request.build_absolute_uri(_module_url(request, offering)),
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
