"""Forms of the intake channels and the admin's workshop record, triage and import.

Every public form carries a one-time ``token`` (a UUID stored with what it creates, unique), so
a double submit or a second tab adds nothing. Their free texts are ``NoClientDataField``s
(``needs_analysis.client_data``): in the needs report and the in-house request likely client
data (date of birth, case number, "Frau X") is refused with an error; the consultation request
and the messages of its thread ask instead (``ClientDataCheck``: hits marked, confirm to send).
The length limit is shown and checked by the server.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from needs_analysis.client_data import ClientDataCheck, NoClientDataField
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


class ConsultationForm(ClientDataCheck, IntakeForm):
    """ "Fachberatung anfragen": advice on an anonymised situation; likely client data in it
    is marked and must be removed or confirmed away (``ClientDataCheck``)."""

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
        refuse=False,
    )
    preferred_contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=255,
        help_text=_("Phone or email; otherwise we answer to the email address of your account."),
    )
    field_order = [
        "topics",
        "region",
        "audience",
        "phase",
        "urgency",
        "description",
        "confirm_no_client_data",
        "preferred_contact",
        "token",
        "client_data_digest",
    ]


class ReplyForm(ClientDataCheck, TokenForm):
    """A message in the thread of a consultation request (the professional's page and the
    admin's): no client data (asked, ``ClientDataCheck``), one-time token."""

    client_data_field = "body"

    body = NoClientDataField(
        label=_("Your message"),
        rows=6,
        max_length=6000,
        help_text=NO_CLIENT_DATA_WARNING,
        refuse=False,
    )
    field_order = ["body", "confirm_no_client_data", "token", "client_data_digest"]


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


# Admin: the coordination's side of a consultation request ------------------------------------


class AssignForm(forms.Form):
    """Assign a consultation request to a coordinator of its project (or to nobody)."""

    assigned_to = forms.ModelChoiceField(
        queryset=None, label=_("Assigned to"), required=False, empty_label=_("nobody")
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = coordinators
        self.fields["assigned_to"].label_from_instance = lambda user: (
            user.get_full_name().strip() or user.email
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=())

    def __init__(self, *args, **kwargs):
        from needs_analysis.models import ConsultationRequest

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ConsultationRequest.Status.choices


class NoteForm(forms.Form):
    internal_notes = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for the coordination; the professional does not see it."),
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
