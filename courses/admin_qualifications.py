"""The qualification certificates in the admin ("Qualifizierungszertifikate", under "Reports"):
a listing for the coordination, with search, a filter by qualification, and revoking with a
reason (issue R11).

Module certificates are revoked on their offering's attendance page
(``courses.admin_attendance``); a qualification certificate belongs to no offering, so it is
found and revoked here. Only for those ``courses.access.can_revoke_certificates`` admits, and
only the certificates of qualifications whose project they act in (``portal.projects``):
another project's certificate is not found (404). A certificate whose qualification page is
gone belongs to no known project any more: administrators only, as for its PDF
(``courses.access``). Revoking goes through ``courses.services.revoke_certificate``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.access import can_revoke_certificates
from courses.admin_attendance import revoke_from_form
from courses.models import Certificate, Qualification
from portal import projects

LIST_URL_NAME = "courses_qualification_certificates"
REVOKE_URL_NAME = "courses_qualification_certificate_revoke"
PER_PAGE = 50

#: ``Cache-Control: private, no-store``: the pages name people.
private = cache_control(private=True, no_store=True)


def qualification_certificates_for(user):
    """The qualification certificates ``user`` may see and revoke here: those of the
    qualifications of their projects (and of qualifications without a project); those whose
    qualification page is gone for administrators only."""
    certificates = projects.scope(
        Certificate.objects.filter(kind=Certificate.Kind.QUALIFICATION),
        user,
        "qualification__project",
    )
    if projects.coordinated_project_ids(user) is not projects.ALL:
        certificates = certificates.exclude(qualification__isnull=True)
    return certificates


def may_act_on(user, certificate) -> bool:
    """The rule of ``qualification_certificates_for`` for one certificate."""
    if certificate.qualification_id is None:
        return projects.coordinated_project_ids(user) is projects.ALL
    return projects.may_act_in(user, certificate.qualification.project_id)


class CertificateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or verification code"), required=False, max_length=100, strip=True
    )
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.none(),
        required=False,
        empty_label=_("all qualifications"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = projects.scope(
            Qualification.objects.order_by("title", "pk"), user
        )

    def filter(self, certificates):
        """``certificates`` narrowed to what the valid fields ask for (invalid ones are
        shown with their errors and ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            term = data["q"]
            certificates = certificates.filter(
                Q(participant_name__icontains=term) | Q(code__icontains=term.replace(" ", ""))
            )
        if data.get("qualification"):
            certificates = certificates.filter(qualification=data["qualification"])
        return certificates


def status_text(certificate, today) -> str:
    """The certificate's state in words (not by colour alone): revoked before expired."""
    if certificate.is_revoked:
        day = timezone.localdate(certificate.revoked_at)
        return _("revoked on %(date)s") % {"date": date_format(day, "SHORT_DATE_FORMAT")}
    if certificate.is_expired(today):
        return _("expired on %(date)s") % {
            "date": date_format(certificate.valid_until, "SHORT_DATE_FORMAT")
        }
    return _("valid")


def status_key(certificate, today) -> str:
    if certificate.is_revoked:
        return "revoked"
    return "expired" if certificate.is_expired(today) else "valid"


class QualificationCertificatesView(WagtailAdminTemplateMixin, TemplateView):
    """The listing, newest first, 50 a page; a constant number of queries."""

    template_name = "courses/admin/qualification_certificates.html"
    page_title = _("Qualification certificates")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @method_decorator(private)
    def dispatch(self, request, *args, **kwargs):
        if not can_revoke_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = CertificateFilterForm(self.request.GET, user=user)
        certificates = form.filter(qualification_certificates_for(user)).order_by(
            "-issued_at", "-pk"
        )
        page = Paginator(certificates, PER_PAGE).get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        rows = [
            {
                "certificate": certificate,
                "status": status_text(certificate, today),
                "status_key": status_key(certificate, today),
                "verify_url": certificate.get_absolute_url(),
                "pdf_url": reverse("courses:certificate_pdf", args=[certificate.code]),
            }
            for certificate in page
        ]
        context.update(
            form=form,
            page=page,
            rows=rows,
            filtered=bool(self.request.GET.get("q") or self.request.GET.get("qualification")),
            here=self.request.get_full_path(),
        )
        return context


def _back(request) -> str:
    """The listing as it was (a local ``next`` address on it), else the listing."""
    listing = reverse(LIST_URL_NAME)
    target = request.POST.get("next") or ""
    if target.startswith(listing) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return listing


@private
@require_POST
def revoke_qualification_certificate_action(request, pk):
    """Revoke one qualification certificate (the coordination of its project), with a
    reason; back to the listing with a message."""
    if not can_revoke_certificates(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(
        Certificate.objects.select_related("qualification"),
        pk=pk,
        kind=Certificate.Kind.QUALIFICATION,
    )
    if not may_act_on(request.user, certificate):
        raise Http404
    revoke_from_form(request, certificate)
    return redirect(_back(request))


def urlpatterns():
    return [
        path(
            "qualification-certificates/",
            QualificationCertificatesView.as_view(),
            name=LIST_URL_NAME,
        ),
        path(
            "qualification-certificates/<int:pk>/revoke/",
            revoke_qualification_certificate_action,
            name=REVOKE_URL_NAME,
        ),
    ]
