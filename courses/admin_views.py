"""The admin for offerings: list, create/edit with sessions, and the participants view.

Trainers (group "Referent*innen") see only offerings of modules (or offerings) they train;
coordinators see all. State changes go through ``courses.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses import exports, services
from courses.admin_forms import OfferingForm
from courses.models import Enrollment, Offering
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
        ]
