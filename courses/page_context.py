"""What the catalogue page and a module page show: built here, outside the views, because the
Wagtail page models (``CatalogPage.get_context``, ``ModulePage.get_context``) render them and
models must not import views. The search and filter rules themselves live in
``courses.catalog``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode

from courses import catalog
from courses.forms import CatalogFilterForm
from portal.hooks import MODULE_EXTRAS, collect

PER_PAGE = 10


def catalog_context(request) -> dict:
    """Everything the catalogue page shows for the filters in the request's query string."""
    form = CatalogFilterForm(request.GET or None)
    filters = form.to_filters()
    modules = catalog.search_modules(filters, request)
    page = Paginator(modules, PER_PAGE).get_page(request.GET.get("page"))
    results = list(page.object_list)
    catalog.attach_offerings(results, filters)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return {
        "filter_form": form,
        "filters": filters,
        "results": results,
        "page_obj": page,
        "query_string": urlencode(params),
        "active_filters": _active_filter_chips(form, params),
        "feed_url": reverse("courses:feed") + (f"?{urlencode(params)}" if params else ""),
    }


def module_extras(request, module, offerings) -> list[dict]:
    """Panels other apps show in the dates section of a module page (for example "tell me when
    it is offered in my region", from the needs analysis): hook ``register_module_extra``."""
    return collect(MODULE_EXTRAS, request, module, offerings)


def _active_filter_chips(form, params) -> list[dict]:
    """One link per active filter that leads to the same list without it."""
    chips = []
    if not form.is_bound:
        return chips
    labels = {
        "q": lambda v: v,
        "free_seats": lambda v: form.fields["free_seats"].label,
    }
    for name, value in params.items():
        if name == "sort" or name not in form.fields:
            continue
        field = form.fields[name]
        if name in labels:
            text = labels[name](value)
        elif hasattr(field, "queryset"):
            obj = field.queryset.filter(slug=value).first()
            if obj is None:
                continue
            text = obj.label
        elif hasattr(field, "choices"):
            text = dict(field.choices).get(value, value)
        else:
            text = value
        rest = {k: v for k, v in params.items() if k != name}
        chips.append(
            {"label": f"{field.label}: {text}", "url": "?" + urlencode(rest) if rest else "?"}
        )
    return chips
