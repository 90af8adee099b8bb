"""The per-offering admin pages for what happens on the day: attendance per session, the
printable sign-in sheet, and the certificates that follow from attendance.

Trainers of the offering (or its module) and the coordination open them; only the coordination
revokes certificates (``courses.access``). Changes go through ``courses.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from courses import services
from courses.access import can_revoke_certificates
from courses.admin_base import OfferingAdminView
from courses.forms import ReasonForm
from courses.models import Attendance, Certificate, Enrollment
from courses.report_files import funding_context
from portal.pdf import pdf_response, render_pdf


def _ordered_sessions(offering):
    return list(offering.sessions.order_by("date", "start_time"))


def _confirmed_participants(offering):
    return list(
        Enrollment.objects.confirmed()
        .filter(offering=offering)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


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
                reverse("courses:verify_certificate", args=[certificate.code])
                if certificate
                else ""
            )
            row["pdf_url"] = (
                reverse("courses:certificate_pdf", args=[certificate.code]) if certificate else ""
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
            can_revoke=can_revoke_certificates(self.request.user),
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
        try:
            issued = services.issue_certificates(offering, request.user)
        except services.EnrollmentError as error:  # a professional exchange meeting
            messages.error(request, error.message)
            return redirect("offerings:attendance", offering.pk)
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
                **funding_context(offering),
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
    if not can_revoke_certificates(request.user):
        raise PermissionDenied
    # Module certificates only: a qualification certificate has no enrolment (and no offering
    # to go back to); it is revoked on its own admin page (courses/admin_qualifications.py).
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrollment"), pk=pk, kind=Certificate.Kind.MODULE
    )
    revoke_from_form(request, certificate)
    return redirect("offerings:attendance", certificate.enrollment.offering_id)


def revoke_from_form(request, certificate) -> None:
    """Revoke ``certificate`` with the reason posted in ``request``; the outcome as a message
    (module and qualification certificates, courses/admin_qualifications.py)."""
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    if form.errors:
        messages.error(request, form.error_message())
    elif not reason:
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
