from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.catalog import CatalogFilters, extra_sorts
from courses.models import Format
from courses.vocabulary import vocabulary
from courses.widgets import QuickSelect
from portal.models import Audience, Project, Region, Topic
from portal.search import SEARCH_MAX_LENGTH, clean_search_query


class SlugChoiceField(forms.ModelChoiceField):
    """Vocabulary in the URL by slug, so filtered catalogue addresses read well and last.

    Choices and values come from the cached vocabulary (``courses.vocabulary``), not from
    ``queryset``: the catalogue's filters cost no query, whichever are chosen."""

    widget = QuickSelect

    def __init__(self, queryset, *, kind: str, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)
        self.kind = kind

    def label_from_instance(self, obj):
        return obj.label

    def use_vocabulary(self, terms) -> None:
        self.choices = [("", self.empty_label), *((term.slug, term.label) for term in terms)]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        term = vocabulary().by_slug_of(self.kind, str(value))
        if term is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return term


class CatalogFilterForm(forms.Form):
    """The catalogue's filters. Submitted with GET, so every result list has its own address."""

    q = forms.CharField(label=_("Search term"), required=False, max_length=SEARCH_MAX_LENGTH)
    topic = SlugChoiceField(
        Topic.objects.all(), kind="topic", label=_("Topic"), empty_label=_("All topics")
    )
    audience = SlugChoiceField(
        Audience.objects.all(),
        kind="audience",
        label=_("Field of work"),
        empty_label=_("All fields of work"),
    )
    region = SlugChoiceField(
        Region.objects.all(), kind="region", label=_("Region"), empty_label=_("All regions")
    )
    project = SlugChoiceField(
        Project.objects.all(), kind="project", label=_("Project"), empty_label=_("All projects")
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All formats")), *Format.choices],
        widget=QuickSelect,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    free_seats = forms.BooleanField(label=_("Only with free seats"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [
            ("date", _("Next date")),
            ("title", _("Title")),
            *((name, label) for name, (label, _function) in extra_sorts().items()),
        ]
        terms = vocabulary()
        self.fields["topic"].use_vocabulary(terms.topics)
        self.fields["audience"].use_vocabulary(terms.audiences)
        self.fields["project"].use_vocabulary(terms.projects)
        self.fields["region"].choices = terms.region_choices(_("All regions"), "slug")

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
            project=data.get("project"),
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
