"""The evaluation questionnaire (form) and the recent results on the admin dashboard.

Who may see results is decided in ``courses.access``. The rules (one answer per enrolment,
anonymity, the threshold of 3) are in ``courses.services.evaluation``.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Avg, Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses.access import offerings_for
from courses.models import Evaluation, Offering
from courses.services.evaluation import MIN_EVALUATION_ANSWERS
from portal.models import Topic

RATING_CHOICES = [
    (5, _("5 – very good")),
    (4, _("4 – good")),
    (3, _("3 – fair")),
    (2, _("2 – poor")),
    (1, _("1 – very poor")),
]

QUESTIONS = {
    "relevance": _("How relevant was the training to your practice?"),
    "content": _("How do you rate the content?"),
    "methods": _("How do you rate the methods?"),
    "trainer": _("How do you rate the trainers?"),
    "organisation": _("How do you rate the organisation?"),
    "overall": _("Overall, how do you rate the training?"),
}


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class EvaluationForm(forms.Form):
    """The standard questionnaire. Rendered field by field as fieldsets with legends."""

    relevance = forms.TypedChoiceField(
        label=QUESTIONS["relevance"], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    content = forms.TypedChoiceField(
        label=QUESTIONS["content"], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    methods = forms.TypedChoiceField(
        label=QUESTIONS["methods"], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    trainer = forms.TypedChoiceField(
        label=QUESTIONS["trainer"], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    organisation = forms.TypedChoiceField(
        label=QUESTIONS["organisation"],
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    overall = forms.TypedChoiceField(
        label=QUESTIONS["overall"], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    need_met = forms.ChoiceField(
        label=_("Did the training meet your need?"),
        choices=Evaluation.NeedMet.choices,
        widget=forms.RadioSelect,
    )
    will_apply = forms.CharField(
        label=_("What will you apply in your work?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    further_topics = forms.CharField(
        label=_("Which further topics do you need?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Please do not name clients or colleagues. Your answers help us plan the next "
            "trainings."
        ),
    )
    further_topic_terms = TopicChoiceField(
        label=_("Further topics from our list (optional)"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


RECENT_DAYS = 30


def recent_results(user, today=None) -> list[dict]:
    """Offerings whose evaluation results came in lately, for the admin dashboard.

    Only offerings with at least the minimum number of answers (results below it are never
    shown) and that the user may see; one grouped query.
    """
    if not user.is_authenticated:
        return []
    since = (today or timezone.localdate()) - datetime.timedelta(days=RECENT_DAYS)
    offerings = Offering.objects.annotate(
        answers=Count("evaluations"),
        latest=Max("evaluations__submitted_on"),
        overall_average=Avg("evaluations__overall"),
    ).filter(answers__gte=MIN_EVALUATION_ANSWERS, latest__gte=since)
    offerings = offerings.filter(pk__in=offerings_for(user).values("pk"))
    results = []
    for offering in offerings.select_related("module").order_by("-latest", "-pk")[:10]:
        title = offering.module.title
        if offering.title_suffix:
            title = f"{title} – {offering.title_suffix}"
        results.append(
            {
                "title": title,
                "url": reverse("offerings:evaluation", args=[offering.pk]),
                "summary": gettext("%(count)s answers, overall rating %(average)s of 5")
                % {"count": offering.answers, "average": f"{offering.overall_average:.1f}"},
            }
        )
    return results
