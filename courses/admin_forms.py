"""Admin forms of the courses app (the public forms live in courses/forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import Enrollment, Offering


class OfferingForm(WagtailAdminModelForm):
    """Checks that the edit view's service calls (capacity, cancellation) will succeed."""

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            confirmed = Enrollment.objects.holding_seats().filter(offering=self.instance).count()
            if capacity < confirmed:
                self.add_error(
                    "capacity",
                    forms.ValidationError(
                        _(
                            "The capacity cannot be lower than the number of confirmed "
                            "participants (%(count)s)."
                        ),
                        params={"count": confirmed},
                    ),
                )
        if (
            cleaned.get("status") == Offering.Status.CANCELLED
            and not (cleaned.get("cancellation_reason") or "").strip()
        ):
            self.add_error(
                "cancellation_reason",
                _("Please give a reason: it is sent to everybody enrolled."),
            )
        self._check_contingents(capacity)
        return cleaned

    def _check_contingents(self, capacity):
        """Reserved seats must fit into the capacity (a contingent larger than the offering
        would keep every seat back)."""
        formset = self.formsets.get("contingents")
        if formset is None or capacity is None or not formset.is_valid():
            return
        reserved = sum(
            form.cleaned_data.get("seats") or 0
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if reserved > capacity:
            self.add_error(
                "capacity",
                forms.ValidationError(
                    _(
                        "The contingents reserve %(reserved)s seats, more than the capacity "
                        "of %(capacity)s."
                    ),
                    params={"reserved": reserved, "capacity": capacity},
                ),
            )
