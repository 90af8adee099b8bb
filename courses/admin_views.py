"""The admin for offerings: list, create/edit with sessions, the participants view and its
export, the enrolment actions, and the URLs of the per-offering pages
(``courses.admin_attendance``, ``courses.admin_evaluation``).

Trainers (group "Referent*innen") see only offerings of modules (or offerings) they train;
coordinators see all (``courses.access.offerings_for``). State changes go through
``courses.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses import exports, services
from courses.access import can_act_on_enrollments, is_coordinator, offerings_for
from courses.admin_attendance import (
    AttendanceView,
    IssueCertificatesView,
    SignInSheetView,
    revoke_certificate_action,
)
from courses.admin_base import OFFERING_ADMIN_PERMISSIONS, offering_or_404
from courses.admin_evaluation import ModuleEvaluationView, OfferingEvaluationView
from courses.admin_forms import OfferingForm
from courses.admin_transfer import ModuleTransferView, OfferingTransferView
from courses.forms import ReasonForm
from courses.models import Enrollment, Offering
from courses.reserved_seats import attach_reserved, reserved_texts
from portal import spreadsheets
from portal.hooks import OFFERING_ADMIN_LINKS, collect


class VisibleObjectMixin:
    """Edit and delete only offerings the person may see in the admin: for a coordinator of
    another project they do not exist (404), a trainer of other modules is refused (403)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not offerings_for(self.request.user).filter(pk=obj.pk).exists():
            # A coordinator of another project finds nothing here; anybody else is refused
            # as Wagtail refuses.
            if is_coordinator(self.request.user):
                raise Http404
            raise PermissionDenied
        return obj


class OfferingFilterSet(WagtailFilterSet):
    class Meta:
        model = Offering
        fields = ["status", "format", "region", "module", "requires_approval"]


class ReservedSeatsColumn(Column):
    """The seats the offering's contingents still keep back, in words (``attach_reserved``)."""

    def get_value(self, instance):
        return "; ".join(reserved_texts(instance)) or "–"


class OfferingIndexView(generic.IndexView):
    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = attach_reserved(list(object_list))  # one query per page
        return paginator, page, page.object_list, is_paginated

    def get_base_queryset(self):
        return (
            offerings_for(self.request.user)
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


class OfferingHistoryView(VisibleObjectMixin, generic.HistoryView):
    """The history (and its results) of offerings the person may see only."""


class OfferingCopyView(VisibleObjectMixin, generic.CopyView):
    pass


class OfferingUsageView(VisibleObjectMixin, generic.UsageView):
    """Where an offering is used: for offerings the person may see only."""


class OfferingParticipantsView(generic.InspectView):
    """Participants, waitlist and requests of one offering, with the actions on them."""

    template_name = "courses/admin/offering_participants.html"

    def get_object(self, queryset=None):
        return offering_or_404(self.request.user, self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrollments = Enrollment.objects.filter(offering=self.object).select_related("user")
        context.update(
            confirmed=enrollments.confirmed().order_by("confirmed_at", "pk"),
            offers=enrollments.filter(status=Enrollment.Status.OFFERED).order_by(
                "offered_at", "pk"
            ),
            seats_held=enrollments.holding_seats().count(),
            waitlist=enrollments.waitlist(),
            requests=enrollments.requested(),
            closed=enrollments.exclude(status__in=Enrollment.ACTIVE_STATUSES).order_by("-pk"),
            can_act=can_act_on_enrollments(self.request.user),
            # Links other apps add (hook ``register_offering_admin_link``), for example the
            # findings that led to this offering, from the needs analysis.
            extra_links=collect(OFFERING_ADMIN_LINKS, self.request, self.object),
        )
        return context


@method_decorator(cache_control(private=True, no_store=True), name="dispatch")
class OfferingParticipantsExportView(PermissionCheckedMixin, View):
    """The participant list as CSV or XLSX, for whoever may see the participants view."""

    model = Offering
    any_permission_required = OFFERING_ADMIN_PERMISSIONS

    def get(self, request, pk, export_format):
        if export_format not in spreadsheets.CONTENT_TYPES:
            raise Http404
        offering = offering_or_404(request.user, pk)
        rows = exports.rows(exports.participant_enrollments(offering))
        response = spreadsheets.download(
            exports.render(offering, rows, export_format),
            export_format,
            exports.filename(offering),
        )
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
    if not can_act_on_enrollments(request.user):
        raise PermissionDenied
    if action not in ENROLLMENT_ACTIONS:
        raise PermissionDenied
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering").filter(
            offering__in=offerings_for(request.user)
        ),
        pk=pk,
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_message())
        return redirect("offerings:participants", enrollment.offering_id)
    was_waitlisted = enrollment.status == Enrollment.Status.WAITLISTED
    try:
        enrollment = ENROLLMENT_ACTIONS[action](
            enrollment, request.user, form.cleaned_data["reason"]
        )
    except services.EnrollmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, enrollment_action_message(action, enrollment, was_waitlisted=was_waitlisted)
        )
    return redirect("offerings:participants", enrollment.offering_id)


def enrollment_action_message(
    action: str, enrollment: Enrollment, *, was_waitlisted: bool = False
) -> str:
    """What was done, to whom: an approval that found no free seat says so, and cancelling a
    place on the waiting list is taking the person off it."""
    person = str(enrollment.user) if enrollment.user else "–"
    if action == "cancel" and was_waitlisted:
        message = _("%(person)s has been removed from the waiting list.")
    elif action == "approve" and enrollment.status == Enrollment.Status.WAITLISTED:
        message = _(
            "The request of %(person)s was approved; as the offering is full, they are on the "
            "waiting list."
        )
    else:
        message = ENROLLMENT_ACTION_MESSAGES[action]
    return message % {"person": person}


ENROLLMENT_ACTION_MESSAGES = {
    "approve": _("The enrolment of %(person)s has been confirmed."),
    "decline": _("The enrolment of %(person)s has been declined."),
    "cancel": _("The enrolment of %(person)s has been cancelled."),
}


@require_POST
def promote_action(request, pk):
    if not can_act_on_enrollments(request.user):
        raise PermissionDenied
    offering = get_object_or_404(offerings_for(request.user), pk=pk)
    promoted = services.promote_waitlist(offering)
    messages.success(
        request, _("%(count)s moved up from the waiting list.") % {"count": len(promoted)}
    )
    return redirect("offerings:participants", offering.pk)


class OfferingViewSet(ModelViewSet):
    model = Offering
    icon = "date"
    menu_label = _("Offerings")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = OfferingIndexView
    edit_view_class = OfferingEditView
    delete_view_class = OfferingDeleteView
    copy_view_class = OfferingCopyView
    inspect_view_class = OfferingParticipantsView
    history_view_class = OfferingHistoryView
    usage_view_class = OfferingUsageView
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
        ReservedSeatsColumn("reserved", label=_("Reserved seats")),
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
            path("<int:pk>/transfer/", self.construct_view(OfferingTransferView), name="transfer"),
            path(
                "module/<int:pk>/transfer/",
                self.construct_view(ModuleTransferView),
                name="module_transfer",
            ),
        ]
