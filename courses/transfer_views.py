"""The transfer survey page of a participant. Thin: the rules are in
``courses.services.transfer``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courses.models import Enrollment
from courses.services import transfer
from courses.services.enrolment import EnrollmentError
from courses.transfer_forms import TransferSurveyForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def transfer_survey(request, pk):
    """The anonymous transfer survey for one of the person's attended offerings.

    Somebody else's enrolment, one that did not attend, an offering without a survey
    (cancelled, a professional exchange) or one whose survey is not open yet: 404. Answered
    already (a second tab, a double submit): back to "My trainings" with a note, no second
    answer.
    """
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__module", "offering__region"),
        pk=pk,
        user=request.user,
    )
    if enrollment.transfer_answered:
        messages.info(request, transfer.ALREADY_ANSWERED)
        return redirect("courses:my_trainings")
    if not transfer.can_answer(enrollment):
        raise Http404
    form = TransferSurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer.submit_transfer_answer(enrollment, form.cleaned_data)
        except EnrollmentError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("Thank you for answering the transfer survey!"))
        return redirect("courses:my_trainings")
    return render(
        request,
        "courses/transfer_survey.html",
        {
            "enrollment": enrollment,
            "offering": enrollment.offering,
            "module": enrollment.offering.module.localized,
            "form": form,
        },
    )
