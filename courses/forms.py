from django import forms
from django.utils.translation import gettext_lazy as _

from courses.catalog import CatalogFilters, extra_sorts
from courses.models import Format
from portal.forms import grouped_region_choices
from portal.models import Audience, Region, Topic
from portal.search import SEARCH_MAX_LENGTH, clean_search_query


class SlugChoiceField(forms.ModelChoiceField):
    """Vocabulary in the URL by slug, so filtered catalogue addresses read well and last."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def label_from_instance(self, obj):
        return obj.label


class CatalogFilterForm(forms.Form):
    """The catalogue's filters. Submitted with GET, so every result list has its own address."""

    q = forms.CharField(label=_("Search term"), required=False, max_length=SEARCH_MAX_LENGTH)
    topic = SlugChoiceField(Topic.objects.all(), label=_("Topic"), empty_label=_("All topics"))
    audience = SlugChoiceField(
        Audience.objects.all(), label=_("Field of work"), empty_label=_("All fields of work")
    )
    region = SlugChoiceField(Region.objects.all(), label=_("Region"), empty_label=_("All regions"))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All formats")), *Format.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    free_seats = forms.BooleanField(label=_("Only with free seats"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [
            ("date", _("Next date")),
            ("title", _("Title")),
            *((name, label) for name, (label, _function) in extra_sorts().items()),
        ]
        self.fields["region"].widget.choices = grouped_region_choices(_("All regions"), "slug")

    def clean_q(self):
        return clean_search_query(self.cleaned_data["q"])

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return cleaned

    def to_filters(self) -> CatalogFilters:
        """The valid filters; an invalid field is left out (and shown with its error)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return CatalogFilters(
            query=data.get("q") or "",
            topic=data.get("topic"),
            audience=data.get("audience"),
            region=data.get("region"),
            format=data.get("format") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            free_seats=bool(data.get("free_seats")),
            sort=data.get("sort") or "date",
        )


class ReasonForm(forms.Form):
    """The reason staff give when declining an enrolment or revoking a certificate.

    Posted from a one-field form in the admin's tables; an invalid reason (a NUL byte, too long)
    is refused with a message instead of reaching the database.
    """

    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def error_message(self) -> str:
        errors = " ".join(
            str(message) for messages in self.errors.values() for message in messages
        )
        return _("The reason was not accepted: %(errors)s") % {"errors": errors}


class EnrollForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example dietary or accessibility needs. Please do not enter any personal "
            "data about clients."
        ),
    )
