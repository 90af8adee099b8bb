"""The go/no-go decision on offerings below their minimum, in the admin (issue R9).

- ``BelowMinimumPanel``: on the coordination's dashboard, the offerings below their minimum in
  the warning window before their decision date (``courses.services.minimums
  .offerings_below_minimum`` within ``courses.access.offerings_for``), each with the two
  decisions. Two queries however many rows (the setting and the offerings).
- "Findet statt" (``confirm_runs_action``, POST only): ``services.confirm_runs``, with the
  checkbox "Teilnehmende informieren".
- "Absagen" (``CancelOfferingView``): a confirmation page with the reason the participants are
  told (GET), then ``services.cancel_offering`` with its mails (POST).

Only the coordination decides (``courses.access.can_decide_minimum``: everybody else is sent
back to the dashboard), and only on offerings it sees (404 for the others). Both actions
redirect back (``next``, else the dashboard) with a message; a repeated POST changes nothing
and says why.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import services
from courses.access import can_decide_minimum, offerings_for
from courses.admin_base import offering_or_404
from courses.services.minimums import (
    offerings_below_minimum,
    with_minimum_state,
)

CONFIRM_URL_NAME = "course_minimum_confirm"
CANCEL_URL_NAME = "course_minimum_cancel"

LOG_ACTIONS = {
    "courses.offering.below_minimum": (
        _("Coordination told: below the minimum"),
        _("Coordination told: below the minimum"),
    ),
    "courses.offering.confirmed_to_run": (
        _("Confirmed to run (“Takes place”)"),
        _("Confirmed to run (“Takes place”)"),
    ),
}


def offering_label(offering) -> str:
    title = offering.module.title
    return f"{title} – {offering.title_suffix}" if offering.title_suffix else title


def next_url(request) -> str:
    """Where to go back to: a local ``next`` address, else the admin dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def decidable_offering(request, pk):
    """The offering ``pk`` for a person who may decide on it; refused (back to the dashboard)
    for everybody else, 404 for an offering outside their scope."""
    if not can_decide_minimum(request.user):
        raise PermissionDenied
    return offering_or_404(request.user, pk)


# The dashboard panel ------------------------------------------------------------------------


def panels_for(user) -> list:
    return [BelowMinimumPanel()] if can_decide_minimum(user) else []


class BelowMinimumPanel(Component):
    name = "offerings_below_minimum"
    template_name = "wagtailadmin/home/courses_below_minimum.html"
    order = 225  # before "Offerings needing attention"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        today = timezone.localdate()
        rows = [
            {
                "offering": offering,
                "label": offering_label(offering),
                "overdue": offering.decision_date < today,
            }
            for offering in offerings_below_minimum(queryset=offerings_for(request.user))
        ]
        return {
            "request": request,
            "rows": rows,
            "csrf_token": get_token(request) if rows else "",
            "next": request.get_full_path(),
        }


def decision_link(request, offering):
    """For the participants view (hook ``register_offering_admin_link``): while ``offering``
    is below its minimum in the warning window, a link to the decision for the coordination."""
    if not can_decide_minimum(request.user):
        return None
    below = offerings_below_minimum(queryset=offerings_for(request.user).filter(pk=offering.pk))
    row = below.first()
    if row is None:
        return None
    here = reverse("offerings:participants", args=[offering.pk])
    label = _("Below its minimum (%(confirmed)s of %(minimum)s): decide") % {
        "confirmed": row.confirmed_count,
        "minimum": row.minimum_participants,
    }
    return {"url": f"{reverse(CANCEL_URL_NAME, args=[offering.pk])}?next={here}", "label": label}


# "Findet statt" -----------------------------------------------------------------------------


class ConfirmRunsForm(forms.Form):
    notify_participants = forms.BooleanField(
        label=_("Inform participants"),
        required=False,
        help_text=_("The confirmed participants get an email that the offering takes place."),
    )


@require_POST
def confirm_runs_action(request, pk):
    """The offering takes place, whatever its numbers (coordination only)."""
    offering = decidable_offering(request, pk)
    form = ConfirmRunsForm(request.POST)
    notify = form.is_valid() and form.cleaned_data["notify_participants"]
    try:
        services.confirm_runs(offering, request.user, notify_participants=notify)
    except services.EnrollmentError as error:
        messages.error(request, error.message)
    else:
        if notify:
            message = _("“%(offering)s” takes place; the participants are being informed.")
        else:
            message = _("“%(offering)s” takes place.")
        messages.success(request, message % {"offering": offering_label(offering)})
    return redirect(next_url(request))


# "Absagen" ----------------------------------------------------------------------------------


class CancelOfferingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everybody enrolled, with the news that the offering is cancelled."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = _("The minimum number of participants was not reached.")


class CancelOfferingView(WagtailAdminTemplateMixin, FormView):
    """Cancel an offering below its minimum: confirm with a reason, then every enrolled person
    is told (``services.cancel_offering``)."""

    form_class = CancelOfferingForm
    template_name = "courses/admin/minimum_cancel.html"
    page_title = _("Cancel offering")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        self.offering = decidable_offering(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return offering_label(self.offering)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("offerings:index"), "label": _("Offerings")},
            {
                "url": reverse("offerings:participants", args=[self.offering.pk]),
                "label": offering_label(self.offering),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = (
            with_minimum_state(offerings_for(self.request.user).filter(pk=self.offering.pk))
            .prefetch_related("sessions")
            .get()
        )
        context.update(
            offering=offering,
            label=offering_label(self.offering),
            confirm_form=ConfirmRunsForm(),
            next=next_url(self.request),
        )
        return context

    def form_valid(self, form):
        try:
            services.cancel_offering(self.offering, self.request.user, form.cleaned_data["reason"])
        except services.EnrollmentError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request,
                _("“%(offering)s” has been cancelled; everybody enrolled is being informed.")
                % {"offering": offering_label(self.offering)},
            )
        return redirect(next_url(self.request))


def urlpatterns():
    return [
        path("minimums/<int:pk>/confirm/", confirm_runs_action, name=CONFIRM_URL_NAME),
        path("minimums/<int:pk>/cancel/", CancelOfferingView.as_view(), name=CANCEL_URL_NAME),
    ]
