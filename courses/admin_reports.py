"""The funders' report in the Wagtail admin ("Förderbericht", under "Reports"): a GET form
(period, funder, region), the tables, and the same report as XLSX and PDF.

For the coordination and administrators (``courses.access.can_see_funding_report``), counting
the offerings of their scope (``funding_report_offerings``). Numbers come from
``courses.reports``, their labels from ``courses.report_tables``, the files from
``courses.report_files``. Invalid input shows the form with its errors, never a 500.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import report_files
from courses.access import can_see_funding_report, funding_report_offerings
from courses.report_tables import tables
from courses.reports import funding_report
from portal import spreadsheets
from portal.models import Provider, Region
from portal.pdf import pdf_response

MAX_PERIOD_DAYS = 366 * 5
FIELDS = ("start", "end", "funder", "region")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_label


class FundingReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=Provider.objects.filter(kind=Provider.Kind.FUNDER).order_by("name"),
        required=False,
        empty_label=_("all funders"),
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_related("parent"),
        required=False,
        empty_label=_("all regions"),
        help_text=_("Offerings held in this region or below it."),
    )

    @classmethod
    def defaults(cls, today=None) -> dict:
        """The last twelve months, up to today."""
        today = today or timezone.localdate()
        try:
            start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
        except ValueError:  # 29 February
            start = today - datetime.timedelta(days=365)
        return {"start": start.isoformat(), "end": today.isoformat()}

    @classmethod
    def from_query(cls, query):
        """Bound to the query string, or to the defaults when it names none of the fields."""
        if any(name in query for name in FIELDS):
            return cls(query)
        return cls(cls.defaults())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error(
                    "end", _("The end of the period must not lie before its beginning.")
                )
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("The period may be at most five years long."))
        return cleaned

    def report(self, user):
        data = self.cleaned_data
        return funding_report(
            data["start"],
            data["end"],
            funder=data.get("funder"),
            region=data.get("region"),
            offerings=funding_report_offerings(user),
        )


class FundingReportView(WagtailAdminTemplateMixin, TemplateView):
    """The page: form, tables and download links; ``file_format`` "xlsx" or "pdf" downloads."""

    template_name = "courses/admin/funding_report.html"
    page_title = _("Funders' report")
    header_icon = "table"
    file_format = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @method_decorator(cache_control(private=True, no_store=True))
    def dispatch(self, request, *args, **kwargs):
        if not can_see_funding_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = FundingReportForm.from_query(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        report = form.report(request.user)
        if self.file_format == "xlsx":
            content = report_files.xlsx(report)
            return spreadsheets.download(content, "xlsx", report_files.filename(report))
        if self.file_format == "pdf":
            content = report_files.pdf(report, request=request)
            return pdf_response(content, f"{report_files.filename(report)}.pdf")
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = kwargs.get("report")
        if report is not None:
            query = self.request.GET.urlencode() or _urlencode(kwargs["form"].data)
            context.update(
                tables=tables(report),
                details=report_files.details(report),
                xlsx_url=f"{reverse('courses_funding_report_xlsx')}?{query}",
                pdf_url=f"{reverse('courses_funding_report_pdf')}?{query}",
            )
        return context


def _urlencode(data) -> str:
    from urllib.parse import urlencode

    return urlencode({key: value for key, value in data.items() if value})


def urlpatterns():
    return [
        path(
            "reports/funding/",
            FundingReportView.as_view(),
            name="courses_funding_report",
        ),
        path(
            "reports/funding/report.xlsx",
            FundingReportView.as_view(file_format="xlsx"),
            name="courses_funding_report_xlsx",
        ),
        path(
            "reports/funding/report.pdf",
            FundingReportView.as_view(file_format="pdf"),
            name="courses_funding_report_pdf",
        ),
    ]
