"""Panels on the Wagtail admin dashboard for trainers and coordinators.

Wagtail's own panels already list the pages a person submitted ("Your pages and snippets in a
workflow") and the pages waiting for their review ("Awaiting your review"); these panels add the
modules and offerings. Every panel costs a fixed number of queries, however many rows it shows.
"""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from courses import evaluation
from courses.access import is_coordinator, is_trainer, offerings_for
from courses.models import CatalogPage, ModulePage, Offering

PANEL_ROWS = 8


def min_participants() -> int:
    """Below this many confirmed participants shortly before the start, an offering needs care."""
    return getattr(settings, "PORTAL_MIN_PARTICIPANTS", 6)


def attention_days() -> int:
    """How many days before the start "shortly before" means."""
    return getattr(settings, "PORTAL_ATTENTION_DAYS", 14)


def panels_for(user) -> list[Component]:
    panels = []
    if is_coordinator(user):
        panels.append(OfferingsAttentionPanel())
        panels.append(EvaluationResultsPanel())
    elif is_trainer(user):
        panels.append(TrainerModulesPanel())
        panels.append(TrainerOfferingsPanel())
    return panels


def my_modules(user):
    """The modules ``user`` teaches or created, with their review state (no N+1)."""
    taught = ModulePage.objects.filter(trainers=user).values("pk")
    return (
        ModulePage.objects.filter(Q(pk__in=taught) | Q(owner=user))
        .select_related("locale")
        .prefetch_workflow_states()
        .annotate_approved_schedule()
        .order_by("draft_title", "locale__language_code")
    )


def upcoming(offerings, today=None):
    today = today or timezone.localdate()
    return (
        offerings.not_cancelled()
        .with_dates()
        .with_seat_counts()
        .filter(first_date__gte=today)
        .select_related("module")
        .order_by("first_date", "pk")
    )


def needing_attention(today=None):
    """Upcoming offerings with open approval requests, nearly full (≥ 90 %), or below the
    minimum number of participants within ``attention_days()`` of the start."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=attention_days())
    offerings = upcoming(Offering.objects.all(), today).filter(
        Q(requests_count__gt=0)
        | Q(capacity__gt=0, seats_taken__gte=F("capacity") * 0.9)
        | Q(first_date__lte=soon, seats_taken__lt=min_participants())
    )
    rows = []
    for offering in offerings[: PANEL_ROWS * 2]:
        reasons = []
        if offering.requests_count:
            reasons.append(
                ngettext(
                    "%(count)s approval request",
                    "%(count)s approval requests",
                    offering.requests_count,
                )
                % {"count": offering.requests_count}
            )
        if offering.capacity and offering.seats_taken >= offering.capacity * 0.9:
            full = offering.seats_taken >= offering.capacity
            reasons.append(_("full") if full else _("nearly full"))
        if offering.first_date <= soon and offering.seats_taken < min_participants():
            reasons.append(
                _("fewer than %(minimum)s participants") % {"minimum": min_participants()}
            )
        rows.append({"offering": offering, "reasons": reasons})
    return rows


def recent_evaluation_results(user) -> list:
    """What ``courses.evaluation.recent_results(user)`` reports: objects or dicts with ``title``
    and optionally ``url`` and ``summary``."""
    return [
        {
            "title": _field(result, "title") or str(result),
            "url": _field(result, "url"),
            "summary": _field(result, "summary"),
        }
        for result in list(evaluation.recent_results(user))[:PANEL_ROWS]
    ]


def _field(result, name):
    if isinstance(result, dict):
        return result.get(name) or ""
    return getattr(result, name, "") or ""


def offering_label(offering) -> str:
    title = offering.module.title
    return f"{title} – {offering.title_suffix}" if offering.title_suffix else title


class DashboardPanel(Component):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context["request"]
        return context


class TrainerModulesPanel(DashboardPanel):
    name = "trainer_modules"
    template_name = "wagtailadmin/home/courses_trainer_modules.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = context["request"].user
        catalog = (
            CatalogPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
            or CatalogPage.objects.first()
        )
        context["modules"] = list(my_modules(user))
        context["catalog"] = catalog
        return context


class TrainerOfferingsPanel(DashboardPanel):
    name = "trainer_offerings"
    template_name = "wagtailadmin/home/courses_trainer_offerings.html"
    order = 160

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = context["request"].user
        offerings = list(upcoming(offerings_for(user))[:PANEL_ROWS])
        context["offerings"] = [{"offering": o, "label": offering_label(o)} for o in offerings]
        return context


class OfferingsAttentionPanel(DashboardPanel):
    name = "offerings_attention"
    template_name = "wagtailadmin/home/courses_offerings_attention.html"
    order = 230  # after Wagtail's "Awaiting your review"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = needing_attention()
        for row in rows:
            row["label"] = offering_label(row["offering"])
        context["rows"] = rows
        context["min_participants"] = min_participants()
        context["attention_days"] = attention_days()
        return context


class EvaluationResultsPanel(DashboardPanel):
    name = "evaluation_results"
    template_name = "wagtailadmin/home/courses_evaluation_results.html"
    order = 240

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["results"] = recent_evaluation_results(context["request"].user)
        return context
