"""The admin for offerings: list, create/edit with sessions, and the participants view.

Trainers (group "Referent*innen") see only offerings of modules (or offerings) they train;
coordinators see all. State changes go through ``courses.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses import exports, services
from courses.admin_forms import OfferingForm
from courses.evaluation import can_see_module_results, can_see_offering_results
from courses.models import Attendance, Certificate, Enrollment, ModulePage, Offering
from courses.pdf import pdf_response, render_pdf
from portal.hooks import OFFERING_ADMIN_LINKS, collect
from portal.roles import is_coordinator


def visible_offerings(user):
    """The offerings ``user`` may see in the admin."""
    offerings = Offering.objects.all()
    if user.is_superuser or is_coordinator(user):
        return offerings
    mine = Offering.objects.filter(Q(module__trainers=user) | Q(trainers=user)).values("pk")
    return offerings.filter(pk__in=mine)


def visible_offering_or_404(user, pk) -> Offering:
    """One offering ``user`` may see in the admin; 404 for everybody else."""
    return get_object_or_404(visible_offerings(user), pk=pk)


class VisibleObjectMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not visible_offerings(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class OfferingFilterSet(WagtailFilterSet):
    class Meta:
        model = Offering
        fields = ["status", "format", "region", "module", "requires_approval"]


class OfferingIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            visible_offerings(self.request.user)
            .with_seat_counts()
            .with_dates()
            .select_related("module", "region")
            .prefetch_related("sessions")
        )


class OfferingEditView(VisibleObjectMixin, generic.EditView):
    def save_instance(self):
        """Capacity changes and cancellations go through the services (waitlist, mails)."""
        instance = self.form.instance
        before = Offering.objects.get(pk=instance.pk)
        new_capacity, new_status = instance.capacity, instance.status
        cancelling = (
            new_status == Offering.Status.CANCELLED and before.status != Offering.Status.CANCELLED
        )
        instance.capacity = before.capacity
        if cancelling:
            instance.status = before.status
        instance = super().save_instance()
        if new_capacity != before.capacity:
            services.change_capacity(instance, new_capacity, self.request.user)
        if cancelling:
            services.cancel_offering(instance, self.request.user, instance.cancellation_reason)
        return instance


class OfferingDeleteView(VisibleObjectMixin, generic.DeleteView):
    pass


class OfferingParticipantsView(generic.InspectView):
    """Participants, waitlist and requests of one offering, with the actions on them."""

    template_name = "courses/admin/offering_participants.html"

    def get_object(self, queryset=None):
        return visible_offering_or_404(self.request.user, self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrollments = Enrollment.objects.filter(offering=self.object).select_related("user")
        context.update(
            confirmed=enrollments.confirmed().order_by("confirmed_at", "pk"),
            waitlist=enrollments.waitlist(),
            requests=enrollments.requested(),
            closed=enrollments.exclude(status__in=Enrollment.ACTIVE_STATUSES).order_by("-pk"),
            can_act=self.request.user.is_superuser or is_coordinator(self.request.user),
            # Links other apps add (hook ``register_offering_admin_link``), for example the
            # findings that led to this offering, from the needs analysis.
            extra_links=collect(OFFERING_ADMIN_LINKS, self.request, self.object),
        )
        return context


class OfferingParticipantsExportView(PermissionCheckedMixin, View):
    """The participant list as CSV or XLSX, for whoever may see the participants view."""

    model = Offering
    any_permission_required = OfferingParticipantsView.any_permission_required
    FORMATS = {
        "csv": ("text/csv; charset=utf-8", lambda rows, offering: exports.to_csv(rows)),
        "xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda rows, offering: exports.to_xlsx(rows, title=offering.module.title),
        ),
    }

    def get(self, request, pk, export_format):
        if export_format not in self.FORMATS:
            raise Http404
        offering = visible_offering_or_404(request.user, pk)
        rows = exports.rows(exports.participant_enrollments(offering))
        content_type, render = self.FORMATS[export_format]
        response = HttpResponse(render(rows, offering), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename(offering, export_format)}"'
        )
        response["Cache-Control"] = "private, no-store"
        log(
            offering,
            "courses.offering.exported",
            user=request.user,
            data={"format": export_format, "rows": len(rows)},
        )
        return response


ENROLLMENT_ACTIONS = {
    "approve": lambda enrollment, user, reason: services.approve(enrollment, user),
    "decline": lambda enrollment, user, reason: services.decline(enrollment, user, reason),
    "cancel": lambda enrollment, user, reason: services.cancel(enrollment, user),
}


@require_POST
def enrollment_action(request, pk, action):
    """Approve, decline or cancel one enrolment (coordinators only)."""
    if not (request.user.is_superuser or is_coordinator(request.user)):
        raise PermissionDenied
    if action not in ENROLLMENT_ACTIONS:
        raise PermissionDenied
    enrollment = get_object_or_404(Enrollment.objects.select_related("offering"), pk=pk)
    try:
        ENROLLMENT_ACTIONS[action](enrollment, request.user, request.POST.get("reason", ""))
    except services.EnrollmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(person)s.") % {"person": enrollment.user or "–"})
    return redirect("offerings:participants", enrollment.offering_id)


@require_POST
def promote_action(request, pk):
    if not (request.user.is_superuser or is_coordinator(request.user)):
        raise PermissionDenied
    offering = get_object_or_404(Offering, pk=pk)
    promoted = services.promote_waitlist(offering)
    messages.success(
        request, _("%(count)s moved up from the waiting list.") % {"count": len(promoted)}
    )
    return redirect("offerings:participants", offering.pk)


# Attendance, sign-in sheet and certificates ----------------------------------------------------


def _is_coordinator(user) -> bool:
    return user.is_superuser or is_coordinator(user)


def _public_url(name, *args) -> str:
    """A URL of the public site, or "" where it is not mounted (admin-only URLconfs)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _ordered_sessions(offering):
    return list(offering.sessions.order_by("date", "start_time"))


def _confirmed_participants(offering):
    return list(
        Enrollment.objects.confirmed()
        .filter(offering=offering)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


class OfferingAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Base for the per-offering admin pages: the same access as the participants view
    (coordinators: all offerings; trainers: those of their modules or offerings)."""

    model = Offering
    any_permission_required = OfferingParticipantsView.any_permission_required
    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.offering = None

    def get_offering(self):
        if self.offering is None:
            self.offering = visible_offering_or_404(self.request.user, self.kwargs["pk"])
        return self.offering

    def get_page_subtitle(self):
        return str(self.get_offering())

    def get_breadcrumbs_items(self):
        offering = self.get_offering()
        return [
            *self.breadcrumbs_items,
            {"url": reverse("offerings:index"), "label": _("Offerings")},
            {"url": reverse("offerings:participants", args=[offering.pk]), "label": str(offering)},
            {"url": "", "label": self.get_page_title()},
        ]


class AttendanceView(OfferingAdminView):
    """Participants × sessions with a checkbox each (a plain form), and the certificates."""

    template_name = "courses/admin/attendance.html"
    page_title = _("Attendance and certificates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.get_offering()
        sessions = _ordered_sessions(offering)
        participants = _confirmed_participants(offering)
        marks = {
            (a.enrollment_id, a.session_id): a.present
            for a in Attendance.objects.filter(session__in=sessions, enrollment__in=participants)
        }
        attended = services.attended_ids(participants)
        certificates = {
            c.enrollment_id: c for c in Certificate.objects.filter(enrollment__in=participants)
        }
        now = timezone.now()
        columns = [{"session": s, "editable": s.starts_at <= now} for s in sessions]
        rows = [
            {
                "enrollment": enrollment,
                "name": (enrollment.user.get_full_name() or enrollment.user.email)
                if enrollment.user
                else _("deleted account"),
                "organisation": enrollment.user.organisation if enrollment.user else "",
                "cells": [
                    {
                        "session": column["session"],
                        "editable": column["editable"],
                        "present": marks.get((enrollment.pk, column["session"].pk)),
                    }
                    for column in columns
                ],
                "attended": enrollment.pk in attended,
                "certificate": certificates.get(enrollment.pk),
            }
            for enrollment in participants
        ]
        for row in rows:
            certificate = row["certificate"]
            row["verify_url"] = (
                _public_url("courses:verify_certificate", certificate.code) if certificate else ""
            )
            row["pdf_url"] = (
                _public_url("courses:certificate_pdf", certificate.code) if certificate else ""
            )
        context.update(
            offering=offering,
            columns=columns,
            rows=rows,
            any_editable=any(c["editable"] for c in columns),
            share_percent=round(services.attendance_share() * 100),
            can_issue=any(
                r["attended"] and r["certificate"] is None and r["enrollment"].user_id
                for r in rows
            ),
            can_revoke=_is_coordinator(self.request.user),
        )
        return context

    def post(self, request, pk):
        offering = self.get_offering()
        sessions = {s.pk: s for s in _ordered_sessions(offering)}
        submitted = [int(v) for v in request.POST.getlist("session") if v.isdigit()]
        try:
            with transaction.atomic():
                for session_pk in submitted:
                    if session_pk not in sessions:
                        continue
                    services.mark_attendance(
                        offering,
                        sessions[session_pk],
                        [v for v in request.POST.getlist(f"present-{session_pk}") if v.isdigit()],
                        request.user,
                    )
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("offerings:attendance", offering.pk)


class IssueCertificatesView(OfferingAdminView):
    http_method_names = ["post"]

    def post(self, request, pk):
        offering = self.get_offering()
        issued = services.issue_certificates(offering, request.user)
        messages.success(
            request,
            _("%(count)s certificate(s) issued.") % {"count": len(issued)},
        )
        return redirect("offerings:attendance", offering.pk)


class SignInSheetView(OfferingAdminView):
    """The printable sign-in sheet: one row per confirmed participant, a column per session."""

    http_method_names = ["get"]

    def get(self, request, pk):
        offering = self.get_offering()
        participants = _confirmed_participants(offering)
        content = render_pdf(
            "courses/pdf/sign_in_sheet.html",
            {
                "offering": offering,
                "module": offering.module,
                "sessions": _ordered_sessions(offering),
                "participants": participants,
            },
            request=request,
        )
        log(
            offering,
            "courses.offering.sign_in_sheet",
            user=request.user,
            data={"rows": len(participants)},
        )
        return pdf_response(content, f"unterschriftenliste-{offering.pk}.pdf", inline=True)


@require_POST
def revoke_certificate_action(request, pk):
    """Revoke one certificate (coordinators only), with a reason."""
    if not _is_coordinator(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate.objects.select_related("enrollment"), pk=pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Please give a reason for revoking the certificate."))
    else:
        try:
            services.revoke_certificate(certificate, request.user, reason)
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Certificate %(code)s revoked.") % {"code": certificate.code}
            )
    return redirect("offerings:attendance", certificate.enrollment.offering_id)


# Evaluation results -----------------------------------------------------------------------------


class OfferingEvaluationView(OfferingAdminView):
    """The evaluation results of one offering (from 3 answers)."""

    template_name = "courses/admin/evaluation_results.html"
    page_title = _("Evaluation results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.get_offering()
        if not can_see_offering_results(self.request.user, offering):
            raise PermissionDenied
        context.update(
            offering=offering,
            module=offering.module,
            results=services.evaluation_results([offering]),
            minimum=services.MIN_EVALUATION_ANSWERS,
            module_results_url=(
                reverse("offerings:module_evaluation", args=[offering.module_id])
                if can_see_module_results(self.request.user, offering.module)
                else ""
            ),
        )
        return context


class ModuleEvaluationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The evaluation results of all offerings of a module (any translation), from 3 answers."""

    model = Offering
    any_permission_required = OfferingParticipantsView.any_permission_required
    template_name = "courses/admin/evaluation_results.html"
    page_title = _("Evaluation results")
    header_icon = "doc-full"

    def get_module(self):
        module = get_object_or_404(ModulePage, pk=self.kwargs["pk"])
        if not can_see_module_results(self.request.user, module):
            raise PermissionDenied
        return module

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        module = self.get_module()
        offerings = Offering.objects.for_module(module)
        context.update(
            module=module,
            offering=None,
            results=services.evaluation_results(offerings),
            minimum=services.MIN_EVALUATION_ANSWERS,
            offerings_count=offerings.count(),
        )
        return context

    def get_page_subtitle(self):
        return self.get_module().title


class OfferingViewSet(ModelViewSet):
    model = Offering
    icon = "date"
    menu_label = _("Offerings")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = OfferingIndexView
    edit_view_class = OfferingEditView
    delete_view_class = OfferingDeleteView
    inspect_view_class = OfferingParticipantsView
    inspect_view_enabled = True
    filterset_class = OfferingFilterSet
    search_fields = ["module__title", "title_suffix", "venue"]
    search_backend_name = None
    list_display = [
        Column("__str__", label=_("Offering"), accessor="__str__"),
        Column("first_date", label=_("First session"), sort_key="first_date"),
        "status",
        "format",
        "region",
        Column("capacity", label=_("Capacity"), sort_key="capacity"),
        Column("seats_taken", label=_("Seats taken"), sort_key="seats_taken"),
        Column("waitlist_length", label=_("Waiting list"), sort_key="waitlist_length"),
        Column("requests_count", label=_("Requests"), sort_key="requests_count"),
    ]
    list_export = [
        "module",
        "title_suffix",
        "first_date",
        "status",
        "capacity",
        "seats_taken",
        "waitlist_length",
    ]
    ordering = ["-first_date"]
    edit_handler = ObjectList(Offering.panels, base_form_class=OfferingForm)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "enrollment/<int:pk>/<str:action>/",
                enrollment_action,
                name="enrollment_action",
            ),
            path("<int:pk>/promote/", promote_action, name="promote"),
            path("<int:pk>/participants/", self.inspect_view, name="participants"),
            path(
                "<int:pk>/participants/export/<str:export_format>/",
                self.construct_view(OfferingParticipantsExportView),
                name="participants_export",
            ),
            path(
                "<int:pk>/attendance/",
                self.construct_view(AttendanceView),
                name="attendance",
            ),
            path(
                "<int:pk>/attendance/sign-in-sheet.pdf",
                self.construct_view(SignInSheetView),
                name="sign_in_sheet",
            ),
            path(
                "<int:pk>/certificates/issue/",
                self.construct_view(IssueCertificatesView),
                name="issue_certificates",
            ),
            path(
                "certificate/<int:pk>/revoke/",
                revoke_certificate_action,
                name="revoke_certificate",
            ),
            path(
                "<int:pk>/evaluation/",
                self.construct_view(OfferingEvaluationView),
                name="evaluation",
            ),
            path(
                "module/<int:pk>/evaluation/",
                self.construct_view(ModuleEvaluationView),
                name="module_evaluation",
            ),
        ]
