"""Public intake views of the needs analysis (logged-in people). Thin: rules live in
``needs_analysis.services.intake``.

Every response is personal and sent with ``Cache-Control: private, no-store``. After a
successful POST the view redirects (PRG); the form's one-time token makes a repeated POST
return what the first one created instead of a second row.

The professional's page of a consultation request (``my_consultation``: the thread, a reply,
"close") shows their own requests only; anybody else's is not found (404), whoever asks. The
coordination answers in the admin (``needs_analysis.admin_requests``).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import ModulePage
from needs_analysis.forms import (
    NO_CLIENT_DATA_WARNING,
    ConsultationForm,
    InHouseForm,
    NeedsReportForm,
    ReplyForm,
)
from needs_analysis.models import ConsultationRequest, Interest
from needs_analysis.services import consultation as consultations
from needs_analysis.services import intake, interests

#: Intake pages are personal: never stored by a browser or proxy cache.
private = cache_control(private=True, no_store=True)


def _profile_initial(user) -> dict:
    return {"region": user.region_id, "audience": user.audience_id}


def _module_or_404(pk) -> ModulePage:
    page = get_object_or_404(ModulePage.objects.live().public(), pk=pk)
    return page


def _module_url(request, module) -> str:
    return module.localized.get_url(request) or "/"


def _intake_form(request, form_class, template, *, save, success, done, initial, context=None):
    """The one flow of every intake form: show it; on a valid POST ``save`` the cleaned data,
    thank the person (``success``) and redirect to ``done`` (PRG)."""
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if save(form.cleaned_data) is not False:  # False: already recorded, ``save`` said so
            messages.success(request, success)
        return redirect(done)
    return render(
        request, template, {"form": form, "warning": NO_CLIENT_DATA_WARNING, **(context or {})}
    )


@private
@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """ "Bedarf melden"."""
    return _intake_form(
        request,
        NeedsReportForm,
        "needs_analysis/report_form.html",
        initial=_profile_initial(request.user),
        save=partial(_save_report, request),
        success=_("Thank you. Your report has been recorded."),
        done="needs_analysis:report_done",
    )


def _save_report(request, data):
    """Record the report; the same text sent again today (back button) is recorded once."""
    if intake.earlier_report(request.user, data["description"]) is not None:
        messages.info(
            request,
            _("You already sent this report today. It has been recorded once; nothing was added."),
        )
        return False
    return intake.report_need(
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


@private
@login_required
@require_http_methods(["GET", "POST"])
def consultation(request):
    """ "Fachberatung anfragen"."""
    return _intake_form(
        request,
        ConsultationForm,
        "needs_analysis/consultation_form.html",
        initial=_profile_initial(request.user),
        save=lambda data: intake.request_consultation(
            request.user,
            region=data["region"],
            topics=list(data["topics"]),
            audience=data["audience"],
            phase=data["phase"],
            urgency=data["urgency"],
            description=data["description"],
            preferred_contact=data["preferred_contact"],
            token=data["token"],
        ),
        success=_("Thank you. Your request has been sent; the coordination will get in touch."),
        done="needs_analysis:consultation_done",
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
    module_url = _module_url(request, module)
    return _intake_form(
        request,
        InHouseForm,
        "needs_analysis/in_house_form.html",
        initial={**_profile_initial(request.user), "organisation": request.user.organisation},
        save=lambda data: intake.request_in_house(
            request.user,
            module,
            organisation=data["organisation"],
            region=data["region"],
            audience=data["audience"],
            group_size=data["group_size"],
            preferred_period=data["preferred_period"],
            message=data["message"],
            token=data["token"],
        ),
        success=_("Thank you. Your in-house request has been sent. We will contact you."),
        done=module_url,
        context={"module": module.localized, "module_url": module_url},
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


@private
@login_required
@require_POST
def withdraw_interest(request, pk):
    """ "Interesse zurückziehen" on "Meine Fortbildungen": POST only, one's own interest only
    (anybody else's is not found)."""
    interest = get_object_or_404(Interest, pk=pk, user=request.user)
    if interests.withdraw_interest(interest):
        messages.success(request, _("Your interest has been withdrawn."))
    return redirect(reverse("courses:my_trainings") + "#my-interests")


# The professional's consultation request ("Mein Bereich") ----------------------------------------


def _own_consultation(request, pk) -> ConsultationRequest:
    return get_object_or_404(
        ConsultationRequest.objects.select_related("region", "assigned_to"),
        pk=pk,
        user=request.user,
    )


@private
@login_required
@require_http_methods(["GET", "POST"])
def my_consultation(request, pk):
    """The person's consultation request: what they asked, the thread, a reply and "close"."""
    consultation = _own_consultation(request, pk)
    is_open = consultation.status != ConsultationRequest.Status.CLOSED
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            consultations.post_message(
                consultation,
                request.user,
                form.cleaned_data["body"],
                token=form.cleaned_data["token"],
            )
        except consultations.ConsultationClosed:
            messages.error(request, _("This request is closed; it takes no more messages."))
        else:
            messages.success(request, _("Your message has been sent to the coordination."))
        return redirect(request.path + "#thread")
    return render(
        request,
        "needs_analysis/my_consultation.html",
        {
            "consultation": consultation,
            "thread": list(consultations.thread(consultation)),
            "form": form if is_open else None,
            "warning": NO_CLIENT_DATA_WARNING,
        },
    )


@private
@login_required
@require_POST
def close_my_consultation(request, pk):
    """ "Anfrage schließen": POST only, idempotent (closing again changes nothing)."""
    consultation = _own_consultation(request, pk)
    if consultation.status != ConsultationRequest.Status.CLOSED:
        consultations.close(consultation, request.user)
        messages.success(request, _("Your request has been closed."))
    return redirect("needs_analysis:my_consultation", pk=consultation.pk)
