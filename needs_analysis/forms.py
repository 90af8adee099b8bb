"""Forms of the intake channels and the admin's workshop record, triage and import.

Every public form carries a one-time ``token`` (a UUID stored with what it creates, unique), so
a double submit or a second tab adds nothing. Their free texts are ``NoClientDataField``s
(``needs_analysis.client_data``): likely client data (date of birth, case number, "Frau X")
is refused with an error, and the length limit is shown and checked by the server.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from needs_analysis.client_data import NoClientDataField
from needs_analysis.models import Kind, Phase, Urgency
from portal.forms import grouped_region_choices
from portal.models import Audience, Region, Topic

NO_CLIENT_DATA_WARNING = _(
    "Please do not enter any personal data about clients: no names, dates of birth, case "
    "numbers or details that would identify a person. Describe the need in general terms."
)


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class TokenForm(forms.Form):
    """A form with a one-time token: the same token twice creates nothing new."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)


class IntakeForm(TokenForm):
    """A public intake form: one-time token, and the regions grouped by state in ``region``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = grouped_region_choices()


class NeedsReportForm(IntakeForm):
    """ "Bedarf melden": what professionals in the person's field and region lack."""

    topics = TermMultipleChoiceField(Topic.objects.all(), label=_("Topics"))
    region = TermChoiceField(Region.objects.all(), label=_("Region"))
    audience = TermChoiceField(Audience.objects.all(), label=_("Field of work"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("not specific to a phase")), *Phase.choices],
        required=False,
    )
    kind = forms.ChoiceField(label=_("What is lacking?"), choices=Kind.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM
    )
    staff_affected = forms.IntegerField(
        label=_("Professionals affected (estimate)"), min_value=1, max_value=10000, initial=1
    )
    description = NoClientDataField(
        label=_("Description"), max_length=4000, help_text=NO_CLIENT_DATA_WARNING
    )
    field_order = [
        "topics",
        "region",
        "audience",
        "phase",
        "kind",
        "urgency",
        "staff_affected",
        "description",
        "token",
    ]


class ConsultationForm(IntakeForm):
    """ "Fachberatung anfragen": advice on an anonymised situation."""

    topics = TermMultipleChoiceField(Topic.objects.all(), label=_("Topics"))
    region = TermChoiceField(Region.objects.all(), label=_("Region"))
    audience = TermChoiceField(Audience.objects.all(), label=_("Field of work"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("not specific to a phase")), *Phase.choices],
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM
    )
    description = NoClientDataField(
        label=_("Situation (anonymised)"),
        rows=8,
        max_length=6000,
        help_text=NO_CLIENT_DATA_WARNING,
    )
    preferred_contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=255,
        help_text=_("Phone or email; otherwise we answer to the email address of your account."),
    )


class InHouseForm(IntakeForm):
    """ "Inhouse-Schulung anfragen": a module as a training for one organisation's team."""

    organisation = forms.CharField(label=_("Organisation"), max_length=255)
    region = TermChoiceField(Region.objects.all(), label=_("Region"))
    audience = TermChoiceField(
        Audience.objects.all(), label=_("Field of work of the team"), required=False
    )
    group_size = forms.IntegerField(label=_("Group size"), min_value=1, max_value=500)
    preferred_period = forms.CharField(
        label=_("Preferred period"),
        required=False,
        max_length=255,
        help_text=_("For example “spring 2026” or “on two Wednesdays in May”."),
    )
    message = NoClientDataField(
        label=_("Message (optional)"),
        required=False,
        max_length=4000,
        help_text=NO_CLIENT_DATA_WARNING,
    )


# Admin: workshop records, import, triage --------------------------------------------------------


class FindingFieldsForm(forms.Form):
    """The fields a coordinator sets for a finding, shared by the workshop rows and the triage."""

    audience = TermChoiceField(Audience.objects.all(), label=_("Field of work"), required=False)
    kind = forms.ChoiceField(label=_("Kind of need"), choices=Kind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="medium")
    staff_affected = forms.IntegerField(
        label=_("Staff affected"), min_value=1, max_value=10000, initial=1
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NO_CLIENT_DATA_WARNING,
    )


class FindingRowForm(FindingFieldsForm):
    """One row of a workshop's findings (the multi-row form)."""

    topics = TermMultipleChoiceField(
        Topic.objects.all(), label=_("Topics"), widget=forms.SelectMultiple(attrs={"size": 4})
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", "–"), *Phase.choices], required=False
    )
    field_order = [
        "topics",
        "audience",
        "phase",
        "kind",
        "urgency",
        "staff_affected",
        "description",
    ]

    def has_changed(self):
        # The prefilled urgency, kind and staff count alone do not make a row: only rows with
        # topics or a description count (blank rows are skipped).
        return bool(
            self.data.get(self.add_prefix("topics"))
            or self.data.get(self.add_prefix("description"), "").strip()
        )


FindingRowFormSet = forms.formset_factory(FindingRowForm, extra=5, max_num=200, validate_max=True)


class ImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 2 MB and 1,000 rows."),
    )


class TriageForm(FindingFieldsForm):
    topics = TermMultipleChoiceField(
        Topic.objects.all(),
        label=_("Topics"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    action = forms.ChoiceField(choices=[("finding", "finding"), ("dismiss", "dismiss")])
    field_order = [
        "topics",
        "audience",
        "kind",
        "urgency",
        "staff_affected",
        "description",
        "action",
    ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "finding" and not cleaned.get("topics"):
            self.add_error("topics", _("Choose at least one topic for the finding."))
        return cleaned
