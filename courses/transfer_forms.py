"""The transfer survey's questionnaire (``courses.services.transfer`` stores it).

The example from practice may tempt people to describe a client: the field says not to, and
the needs analysis' client-data rule (``needs_analysis.client_data``) refuses obvious slips
(a date of birth, a case number, "Frau Müller"). ``courses`` does not depend on
``needs_analysis`` (DESIGN.md §2), so the rule is looked up by name and only when that app is
installed.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from courses.evaluation import TopicChoiceField
from portal.models import Topic

APPLY_CHOICES = [
    (5, _("5 – a great deal")),
    (4, _("4 – a lot")),
    (3, _("3 – some")),
    (2, _("2 – little")),
    (1, _("1 – nothing")),
]

TEXT_LIMIT = 3000

NO_CLIENT_DATA = _(
    "Please describe it in general terms: no names, dates of birth or case numbers of clients, "
    "nothing that identifies a person."
)


def client_data_validators() -> list:
    """The client-data rule of the needs analysis, if that app is installed."""
    if not apps.is_installed("needs_analysis"):
        return []
    return [import_string("needs_analysis.client_data.reject_client_data")]


class TransferSurveyForm(forms.Form):
    """Three questions: how much could be applied, an example, what is still needed."""

    could_apply = forms.TypedChoiceField(
        label=_("How much of what you learned could you apply in your work?"),
        choices=APPLY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    example_text = forms.CharField(
        label=_("An example of what you applied (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_CLIENT_DATA,
    )
    needed_topics = TopicChoiceField(
        label=_("Which topics do you still need? (optional)"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_text = forms.CharField(
        label=_("What else do you still need for your practice? (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example case consultation, material or contacts. Your answer helps us plan "
            "the next trainings; please do not name clients or colleagues."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("example_text", "needs_text"):
            self.fields[name].validators.extend(client_data_validators())
