"""The personal area ("Mein Bereich"): dashboard shell and profile, plus site search."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.data_summary import data_summary as build_data_summary
from portal.forms import DeleteAccountForm, ProfileForm
from portal.hooks import PERSONAL_DASHBOARD_PANELS, collect
from portal.pdf import pdf_response, render_pdf
from portal.privacy import delete_account as services_delete_account
from portal.privacy import export_user_data
from portal.search import clean_search_query, site_search


@never_cache
@login_required
def dashboard(request):
    _profile_terms_from_memory(request.user)
    return render(request, "portal/dashboard.html", {"sections": dashboard_sections(request)})


def _profile_terms_from_memory(user) -> None:
    """The person's field of work and region (with its state, for ``full_label``) from the
    vocabulary kept per content version instead of three queries: the profile panel and the
    regional panel show them. Shared objects: read only."""
    from courses.vocabulary import vocabulary  # imported late: a view, not the models

    terms = vocabulary()
    for name, kind in (("audience", "audience"), ("region", "region")):
        pk = getattr(user, f"{name}_id")
        term = terms.get(kind, pk) if pk else None
        if term is not None:
            setattr(user, name, term)


def dashboard_sections(request):
    """Panels other apps add to the dashboard (hook ``register_personal_dashboard_panel``)."""
    return collect(PERSONAL_DASHBOARD_PANELS, request)


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("portal:dashboard")
    return render(request, "portal/profile.html", {"form": form})


def search(request):
    """The header search; what matches and how is ``portal.search.site_search``."""
    query = clean_search_query(request.GET.get("q", ""))
    results = site_search(query, get_language()) if query else []
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "results": page})


@never_cache
@login_required
def privacy(request):
    return render(request, "portal/privacy.html")


@never_cache
@login_required
def export_data(request):
    data = export_user_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@never_cache
@login_required
def data_summary(request):
    """The export for reading (Art. 15 GDPR): the same data as the JSON, by area."""
    summary = build_data_summary(request.user)
    return render(request, "portal/data_summary.html", {"summary": summary})


@never_cache
@login_required
def data_summary_pdf(request):
    """The summary as PDF; private and not stored by caches (``pdf_response``)."""
    user = request.user
    content = render_pdf(
        "portal/pdf/data_summary.html",
        {
            "summary": build_data_summary(user),
            "person_name": user.get_full_name().strip() or user.email,
        },
        request=request,
    )
    return pdf_response(content, "meine-daten.pdf")


@never_cache
@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services_delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "portal/delete_account.html", {"form": form})
