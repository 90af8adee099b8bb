"""Template tags of the needs-analysis admin.

``cell_summary``: on the findings list opened from a dashboard cell (``?topics=<pk>&region=<pk>``
with the dashboard's filters), the cell's demand, seats, gap and coverage, from
``needs_analysis.demand.matrix`` like the dashboard, so both show the same numbers.
"""

from __future__ import annotations

import datetime

from django import template

from needs_analysis import demand
from portal.models import Audience, Region, Topic

register = template.Library()


def _date(value: str):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _one(model, value):
    return model.objects.filter(pk=value).first() if value and value.isdigit() else None


@register.simple_tag(takes_context=True)
def cell_summary(context):
    """{"topic", "region", "cell"} for a drill-down from the dashboard, else None."""
    request = context.get("request")
    if request is None:
        return None
    query = request.GET
    topics = query.getlist("topics")
    topic = _one(Topic, topics[0]) if len(topics) == 1 else None
    region = _one(Region, query.get("region", ""))
    if topic is None or region is None:
        return None
    date_from, date_to = _date(query.get("recorded_on_from")), _date(query.get("recorded_on_to"))
    grid = demand.matrix(
        [topic],
        [region],
        period=(date_from, date_to) if date_from or date_to else None,
        audience=_one(Audience, query.get("audience", "")),
        phase=query.get("phase", ""),
    )
    return {"topic": topic, "region": region, "cell": grid.cell(topic, region)}
