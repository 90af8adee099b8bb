"""What the needs analysis adds to other apps' pages, through their extension points.

Registered as hooks in ``needs_analysis/wagtail_hooks.py`` (courses and portal never import
this app, DESIGN.md §2; ``portal/hooks.py`` lists the names):

- ``register_module_extra``: "request an in-house training" and "express interest" on every
  module page;
- ``register_catalog_sort``: the catalogue sort "demand in your region";
- ``register_personal_dashboard_panel``: the panel "Gefragt in Ihrer Region";
- ``register_offering_admin_link``: the findings behind an offering, on its admin page.

All numbers come from ``needs_analysis.demand.matrix``, the regional ones through its cached
summary ``needs_analysis.aggregates.regional_demand_summary`` (no query once warm); who may see
what comes from ``courses.access``; whether an offering serves a region from
``Offering.serves``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Case, F, FloatField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from courses.access import can_read_findings
from needs_analysis import aggregates
from needs_analysis.models import Finding, Interest

TOP_TOPICS = 5


# Module page -----------------------------------------------------------------------------------


def in_house_panel(request, module, offerings):
    url = reverse("needs_analysis:in_house", args=[module.pk])
    if not request.user.is_authenticated:
        url = f"{reverse('account_login')}?{urlencode({'next': url})}"
    return {"template": "needs_analysis/includes/module_in_house.html", "context": {"url": url}}


def interest_panel(request, module, offerings):
    url = reverse("needs_analysis:interest", args=[module.pk])
    user = request.user
    if not user.is_authenticated:
        login = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        context = {"state": "anonymous", "login_url": login}
        return {"template": "needs_analysis/includes/module_interest.html", "context": context}
    if not user.region_id:
        return {
            "template": "needs_analysis/includes/module_interest.html",
            "context": {"state": "no_region"},
        }
    region = user.region
    if any(offering.serves(region) for offering in offerings):
        return None
    registered = Interest.objects.filter(
        user=user,
        module__translation_key=module.translation_key,
        status=Interest.Status.ACTIVE,
    ).exists()
    return {
        "template": "needs_analysis/includes/module_interest.html",
        "context": {
            "state": "registered" if registered else "open",
            "region": region,
            "url": url,
        },
    }


# Dashboard -------------------------------------------------------------------------------------


def _catalog_url(request) -> str | None:
    from courses.models import CatalogPage

    page = CatalogPage.objects.live().filter(locale__language_code=get_language()).first()
    page = page or CatalogPage.objects.live().first()
    return page.get_url(request) if page else None


def demand_in_region(region, limit=TOP_TOPICS):
    """[(topic, Coverage)] with demand in ``region`` (and below), largest demand first.

    From the cached regional aggregate: the personal dashboard must not run the whole matrix
    on every view (R8)."""
    region_id = region if isinstance(region, int) else region.pk
    return aggregates.regional_demand_summary([region_id])[region_id][:limit]


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    context = {
        "report_url": reverse("needs_analysis:report"),
        "consultation_url": reverse("needs_analysis:consultation"),
        "region": None,
        "topics": [],
    }
    if user.region_id:
        region = user.region
        catalog = _catalog_url(request)
        rows = []
        for topic, cell in demand_in_region(region):
            link = None
            if catalog:
                link = f"{catalog}?{urlencode({'topic': topic.slug, 'region': region.slug})}"
            rows.append({"topic": topic, "cell": cell, "url": link})
        context.update(region=region, topics=rows)
    return {
        "title": _("In demand in your region"),
        "template": "needs_analysis/includes/dashboard_demand.html",
        "context": context,
    }


# Catalogue sort --------------------------------------------------------------------------------


def sort_by_regional_demand(modules, request):
    """Modules whose topics are most in demand in the person's region first.

    Anonymous people and people without a region get the catalogue's default order.
    """
    user = getattr(request, "user", None)
    default = modules.order_by(F("next_date").asc(nulls_last=True), "title")
    if user is None or not user.is_authenticated or not user.region_id:
        return default
    per_topic = {
        topic.pk: cell.demand
        for topic, cell in aggregates.regional_demand_summary([user.region_id])[user.region_id]
    }
    if not per_topic:
        return default
    through = modules.model.topics.through
    weight = Case(
        *(When(topic_id=pk, then=Value(value)) for pk, value in per_topic.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    per_module = (
        through.objects.filter(modulepage_id=OuterRef("pk"))
        .values("modulepage_id")
        .annotate(total=Sum(weight))
        .values("total")[:1]
    )
    return modules.annotate(
        regional_demand=Coalesce(Subquery(per_module, output_field=FloatField()), 0.0)
    ).order_by("-regional_demand", F("next_date").asc(nulls_last=True), "title")


def demand_sort():
    return ("demand", _("Demand in your region"), sort_by_regional_demand)


def findings_link(request, offering):
    """On an offering's admin page: the findings that led to it (coordinators only)."""
    if not can_read_findings(request.user):
        return None
    count = Finding.objects.filter(offerings=offering).count()
    if not count:
        return None
    return {
        "label": gettext("Findings behind this offering (%(count)s)") % {"count": count},
        "url": reverse("needs_findings:for_offering", args=[offering.pk]),
    }
