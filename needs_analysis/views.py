"""Public intake views of the needs analysis (logged-in people). Thin: rules live in
``needs_analysis.services.intake``.

Every response is personal and sent with ``Cache-Control: private, no-store``. After a
successful POST the view redirects (PRG); the form's one-time token makes a repeated POST
return what the first one created instead of a second row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import ModulePage
from needs_analysis.forms import (
    NO_CLIENT_DATA_WARNING,
    ConsultationForm,
    InHouseForm,
    NeedsReportForm,
)
from needs_analysis.services import intake

#: Intake pages are personal: never stored by a browser or proxy cache.
private = cache_control(private=True, no_store=True)


def _profile_initial(user) -> dict:
    return {"region": user.region_id, "audience": user.audience_id}


def _module_or_404(pk) -> ModulePage:
    page = get_object_or_404(ModulePage.objects.live().public(), pk=pk)
    return page


def _module_url(request, module) -> str:
    return module.localized.get_url(request) or "/"


@private
@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """ "Bedarf melden"."""
    form = NeedsReportForm(
        request.POST if request.method == "POST" else None,
        initial=_profile_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        intake.report_need(
            request.user,
            region=data["region"],
            topics=list(data["topics"]),
            audience=data["audience"],
            phase=data["phase"],
            kind=data["kind"],
            urgency=data["urgency"],
            staff_affected=data["staff_affected"],
            description=data["description"],
            token=data["token"],
        )
        messages.success(request, _("Thank you. Your report has been recorded."))
        return redirect("needs_analysis:report_done")
    return render(
        request,
        "needs_analysis/report_form.html",
        {"form": form, "warning": NO_CLIENT_DATA_WARNING},
    )


@private
@login_required
@require_http_methods(["GET", "POST"])
def consultation(request):
    """ "Fachberatung anfragen"."""
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        initial=_profile_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        intake.request_consultation(
            request.user,
            region=data["region"],
            topics=list(data["topics"]),
            audience=data["audience"],
            phase=data["phase"],
            urgency=data["urgency"],
            description=data["description"],
            preferred_contact=data["preferred_contact"],
            token=data["token"],
        )
        messages.success(
            request,
            _("Thank you. Your request has been sent; the coordination will get in touch."),
        )
        return redirect("needs_analysis:consultation_done")
    return render(
        request,
        "needs_analysis/consultation_form.html",
        {"form": form, "warning": NO_CLIENT_DATA_WARNING},
    )


@private
@login_required
def done(request, kind):
    if kind not in {"report", "consultation", "in_house"}:
        raise Http404
    return render(request, "needs_analysis/done.html", {"kind": kind})


@private
@login_required
@require_http_methods(["GET", "POST"])
def in_house(request, module_pk):
    """ "Inhouse-Schulung anfragen" for one module."""
    module = _module_or_404(module_pk)
    initial = {**_profile_initial(request.user), "organisation": request.user.organisation}
    form = InHouseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        intake.request_in_house(
            request.user,
            module,
            organisation=data["organisation"],
            region=data["region"],
            audience=data["audience"],
            group_size=data["group_size"],
            preferred_period=data["preferred_period"],
            message=data["message"],
            token=data["token"],
        )
        messages.success(
            request,
            _("Thank you. Your in-house request has been sent. We will contact you."),
        )
        return redirect(_module_url(request, module))
    return render(
        request,
        "needs_analysis/in_house_form.html",
        {
            "form": form,
            "module": module.localized,
            "module_url": _module_url(request, module),
            "warning": NO_CLIENT_DATA_WARNING,
        },
    )


@private
@login_required
@require_POST
def interest(request, module_pk):
    """ "Interesse bekunden": POST only; asking twice keeps one interest."""
    module = _module_or_404(module_pk)
    if not request.user.region_id:
        messages.error(request, _("Please add your region to your profile first."))
        return redirect("portal:profile")
    intake.express_interest(request.user, module)
    messages.success(
        request,
        _("Thank you. We will email you once a date in your region is open for registration."),
    )
    return redirect(_module_url(request, module))
