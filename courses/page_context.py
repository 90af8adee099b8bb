"""What the catalogue page and a module page show: built here, outside the views, because the
Wagtail page models (``CatalogPage.get_context``, ``ModulePage.get_context``) render them and
models must not import views. The search and filter rules themselves live in
``courses.catalog``.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.http import urlencode

from courses import catalog
from courses.forms import CatalogFilterForm
from courses.vocabulary import vocabulary
from portal.hooks import MODULE_EXTRAS, collect

PER_PAGE = 10
MAX_PAGE = 100_000  # a page number beyond this is read as "the last page"


def catalog_context(request) -> dict:
    """Everything the catalogue page shows for the filters in the request's query string."""
    form = CatalogFilterForm(request.GET or None)
    filters = form.to_filters()
    modules = catalog.search_modules(filters, request)
    page = _page(modules, request.GET.get("page"))
    results = page.object_list
    catalog.attach_offerings(results, filters)
    for module in results:
        module.card_url = module.get_url(request)  # once, not per {% pageurl %}
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return {
        "filter_form": form,
        "filters": filters,
        "results": results,
        "page_obj": page,
        "query_string": urlencode(params),
        "active_filters": _active_filter_chips(form, params),
        "feed_url": reverse("courses:feed") + (f"?{urlencode(params)}" if params else ""),
        "qualifications": _qualifications(request, filters, page),
    }


def _qualifications(request, filters, page) -> list | None:
    """The catalogue's qualifications on its first page (``catalog.catalog_qualifications``),
    each with ``card_url``; None where the section is not shown."""
    qualifications = catalog.catalog_qualifications(filters)  # cached: read on every page
    if page.number != 1:
        return None
    for qualification in qualifications or []:
        qualification.card_url = qualification.get_url(request)
    return qualifications


def _page(modules, number) -> Page:
    """``Paginator.get_page`` in one query: the page's rows carry the number of all rows."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    if number > MAX_PAGE:  # past any real end, and past what the database can skip
        number = MAX_PAGE
    rows, total = catalog.page_of(modules, number, PER_PAGE)
    paginator = Paginator(modules, PER_PAGE)
    paginator.count = total  # the cached property, without a COUNT query
    if not rows and number > paginator.num_pages:  # past the end: the last page
        number = paginator.num_pages
        rows, _total = catalog.page_of(modules, number, PER_PAGE)
    return Page(rows, number, paginator)


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
        elif hasattr(field, "kind"):  # topic, field of work, region: the cached vocabulary
            term = vocabulary().by_slug_of(field.kind, value)
            if term is None:
                continue
            text = term.label
        elif hasattr(field, "choices"):
            text = dict(field.choices).get(value, value)
        else:
            text = value
        rest = {k: v for k, v in params.items() if k != name}
        chips.append(
            {"label": f"{field.label}: {text}", "url": "?" + urlencode(rest) if rest else "?"}
        )
    return chips
