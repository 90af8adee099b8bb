"""The page behind the link in a waiting-list offer: accept or decline the held seat.

The mail's link only opens this page (a mail scanner following it changes nothing); the
two buttons post. Only the person the seat is offered to sees it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courses import services
from courses.models import Enrollment
from courses.services.offers import accept_offer, decline_offer


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__module", "offering__region").prefetch_related(
            "offering__sessions"
        ),
        pk=pk,
        user=request.user,
    )
    if enrollment.status != Enrollment.Status.OFFERED:
        if enrollment.status == Enrollment.Status.CONFIRMED:
            messages.info(request, _("You have a seat in this offering."))
        else:
            messages.info(request, _("This seat is no longer offered to you."))
        return redirect("courses:my_trainings")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                accept_offer(enrollment, by=request.user)
                messages.success(request, _("You have accepted the seat. See you there!"))
            elif action == "decline":
                decline_offer(enrollment, by=request.user)
                messages.success(
                    request, _("You have declined the seat; it is offered to the next person.")
                )
            else:
                messages.error(request, _("Please choose whether you accept the seat."))
                return redirect("courses:offer", pk=enrollment.pk)
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        return redirect("courses:my_trainings")
    return render(
        request,
        "courses/offer.html",
        {"enrollment": enrollment, "offering": enrollment.offering},
    )
