"""Public and personal views of the courses app. Thin: rules live in ``courses.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from courses import (
    access,
    calendar,
    calendar_validators,
    calendar_views,
    catalog,
    overview,
    services,
    training_extras,
    withdrawal,
)
from courses import certificates as certificate_files
from courses.catalog import CatalogFilters
from courses.evaluation import EvaluationForm
from courses.forms import CatalogFilterForm, EnrollForm
from courses.models import Certificate, Enrollment, Offering, Session
from courses.models.certificates import normalise_code
from courses.reserved_seats import attach_reserved, reserved_texts
from courses.services.seats import entitled_seat
from portal import spreadsheets
from portal.hooks import MY_TRAININGS_SECTIONS, collect
from portal.mail import absolute_url, page_url
from portal.pdf import pdf_response

#: The public feed holds at most this many offerings, the soonest first.
FEED_LIMIT = 500


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
    attach_reserved([offering])
    return render(
        request,
        "courses/enroll.html",
        {
            "offering": offering,
            "reserved": reserved_texts(offering),
            # Free seats, but all of them held back for other fields of work: say so before
            # the person enrols onto the waiting list.
            "only_reserved_free": (
                offering.reserved
                and not offering.requires_approval
                and entitled_seat(offering, request.user) is False
                and offering.capacity > offering.seats_taken
            ),
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
    """What is ahead in full, past and cancelled trainings a page at a time (``?past=2``,
    ``?cancelled=2``); a fixed number of queries however many enrolments there are."""
    trainings = overview.my_trainings(
        request.user, page_numbers={name: request.GET.get(name) for name in overview.PAGED}
    )
    has_certificates = training_extras.add_training_extras(request.user, trainings)
    return render(
        request,
        "courses/my_trainings.html",
        {
            "groups": trainings.groups,
            "counts": trainings.counts,
            "pages": trainings.pages,
            "page_links": training_extras.page_links(request, trainings.pages),
            "has_certificates": has_certificates,
            # Workshop registrations, interests, requests (hook ``register_my_trainings_section``)
            "sections": collect(MY_TRAININGS_SECTIONS, request),
            **calendar_views.feed_context(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """A confirmation page with one button (POST with CSRF) and a way back; no checkbox.

    Its words follow the state: cancel a place, leave the waiting list, withdraw a request
    (``courses.withdrawal``). Once the offering has begun the page says so instead.
    """
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__module", "offering__region"),
        pk=pk,
        user=request.user,
    )
    if not enrollment.is_active:
        messages.info(request, _("This enrolment is no longer active."))
        return redirect("courses:my_trainings")
    words = withdrawal.wording(enrollment)
    problem = None
    try:
        services.check_can_cancel(enrollment)
    except services.EnrollmentError as error:
        problem = error
    if request.method == "POST" and problem is None:
        try:
            services.cancel(enrollment, by=request.user)
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, words.done)
        return redirect("courses:my_trainings")
    return render(
        request,
        "courses/cancel.html",
        {
            "enrollment": enrollment,
            "offering": enrollment.offering,
            "words": words,
            "problem": problem,
            "late": services.is_late_cancellation(enrollment),
        },
    )


@require_safe
def offering_ics(request, pk):
    """The offering's dates; confirmed participants get the venue and access details. Answers
    304 to a client whose copy is current (``courses.calendar_validators``)."""
    offering = get_object_or_404(  # what the file shows: no seat counts, no audiences
        Offering.objects.exclude(status=Offering.Status.PLANNED)
        .select_related("module", "region")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time"))
        ),
        pk=pk,
    )
    for_participant = (
        request.user.is_authenticated
        and Enrollment.objects.confirmed().filter(offering=offering, user=request.user).exists()
    )

    def build() -> HttpResponse:
        module = offering.module.localized  # once: each lookup is a query
        content = calendar.offering_ics(
            offering,
            for_participant=for_participant,
            url=page_url(module) or absolute_url("/"),
            module=module,
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        filename = f"{slugify(module.title)[:60]}-{offering.pk}.ics"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    validator = calendar_validators.offering(offering, for_participant=for_participant)
    response = calendar_views.conditional(request, validator, build)
    if for_participant:
        patch_cache_control(response, private=True, no_store=True)
    else:  # Last-Modified would let a cache guess a freshness: ask it to revalidate instead
        patch_cache_control(response, no_cache=True)
    return response


@require_safe
def feed(request):
    """A public iCalendar feed of open offerings; takes the catalogue's filters. A fixed number
    of queries however many offerings it holds; 304 while nothing in it changed."""
    # Without parameters (the usual subscription) the form and its choices are not needed.
    filters = CatalogFilterForm(request.GET).to_filters() if request.GET else CatalogFilters()
    module_keys = catalog.search_modules(filters).values("translation_key")
    selected = catalog.upcoming_offerings(filters).filter(module__translation_key__in=module_keys)
    validator = calendar_validators.offerings(selected, sorted(request.GET.lists()))

    def content() -> bytes:
        offerings = (
            selected.select_related("module", "region")
            .defer("module__body")  # the module's title and address, not its text
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time"))
            )
            .order_by("first_date", "pk")[:FEED_LIMIT]
        )
        return calendar.feed_ics(
            offerings,
            _("Trainings in offender aid"),
            lambda module: page_url(module) or absolute_url("/"),  # in the reader's language
        )

    def build() -> HttpResponse:
        # Kept per validator when the parameters are the catalogue's filters (the same file for
        # everybody); any other parameter would only fill the cache.
        known = set(request.GET) <= set(CatalogFilterForm.base_fields)
        data = calendar_views.cached_file(validator, content) if known else content()
        return HttpResponse(data, content_type="text/calendar; charset=utf-8")

    response = calendar_views.conditional(request, validator, build)
    patch_cache_control(response, no_cache=True)
    return response


# Certificates ---------------------------------------------------------------------------------


def verify_certificate(request, code):
    """The public verification page of a certificate: valid (until when), expired, revoked or
    unknown (404). Expired is an answer, not an error: the certificate exists (200)."""
    normalised = normalise_code(code)
    certificate = None
    if normalised:
        certificate = certificate_files.with_renewals(
            Certificate.objects.filter(code=normalised)
        ).first()
    context = {"certificate": certificate, "code": code[:32]}
    if certificate is not None:
        context.update(
            expired=not certificate.is_revoked and certificate.is_expired(),
            renewal=certificate_files.last_renewal(certificate),
            parts=certificate_files.certificate_parts(certificate),
        )
    response = render(
        request,
        "courses/certificate_verify.html",
        context,
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@login_required
def certificate_download(request, code):
    """The certificate as PDF: for the person it certifies (while not revoked) and the
    coordination (``access.can_download_certificate``)."""
    certificate = get_object_or_404(
        certificate_files.with_renewals(
            Certificate.objects.select_related("enrollment__offering__module", "qualification")
        ),
        code=normalise_code(code) or "",
    )
    if not access.can_download_certificate(request.user, certificate):
        if access.holds_certificate(request.user, certificate):
            raise Http404  # revoked: for its holder it no longer exists
        raise PermissionDenied
    return pdf_response(
        certificate_files.certificate_pdf(certificate),
        certificate_files.certificate_filename(certificate),
    )


@never_cache
@login_required
def training_history(request, export_format):
    """The person's training history ("Fortbildungsnachweis") as PDF or CSV."""
    if export_format == "pdf":
        return pdf_response(
            certificate_files.history_pdf(request.user), "fortbildungsnachweis.pdf"
        )
    if export_format == "csv":
        return spreadsheets.download(  # never_cache: private, no-store
            certificate_files.history_csv(request.user), "csv", "fortbildungsnachweis"
        )
    raise Http404


# Evaluation -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk):
    """The anonymous questionnaire for one of the person's attended offerings."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__module"), pk=pk, user=request.user
    )
    if enrollment.evaluated:
        messages.info(request, _("You have already evaluated this offering. Thank you!"))
        return redirect("courses:my_trainings")
    if not services.can_evaluate(enrollment):
        messages.info(
            request,
            _("This offering can be evaluated by those who attended it, once it has ended."),
        )
        return redirect("courses:my_trainings")
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(enrollment, form.cleaned_data)
        except services.EnrollmentError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("Thank you for your evaluation!"))
        return redirect("courses:my_trainings")
    return render(
        request,
        "courses/evaluate.html",
        {
            "enrollment": enrollment,
            "offering": enrollment.offering,
            "module": enrollment.offering.module.localized,
            "form": form,
        },
    )


def serve_document(request, document_id, document_filename):
    """Wagtail's document serve view (access check: the ``before_serve_document`` hook), with
    ``Cache-Control: private, no-store`` for documents that are not for everybody."""
    from wagtail.documents import get_document_model
    from wagtail.documents.views.serve import serve

    response = serve(request, document_id, document_filename)
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is not None and access.is_participant_only(document):
        patch_cache_control(response, private=True, no_store=True)
    return response
