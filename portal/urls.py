from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses.views import serve_document
from portal import health, views


class AdminLoginRedirect(RedirectView):
    """Wagtail's own login form would bypass allauth's rate limits: send staff to allauth."""

    pattern_name = "account_login"
    query_string = True


personal_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("profil/", views.profile, name="profile"),
        path("datenschutz/", views.privacy, name="privacy"),
        path("datenschutz/export/", views.export_data, name="export_data"),
        path("datenschutz/export/uebersicht/", views.data_summary, name="data_summary"),
        path("datenschutz/export/uebersicht.pdf", views.data_summary_pdf, name="data_summary_pdf"),
        path("datenschutz/konto-loeschen/", views.delete_account, name="delete_account"),
    ],
    "portal",
)

urlpatterns = [
    # For load balancers and monitoring: not translated, no session (portal/health.py).
    path("health/", health.health, name="health"),
    path("admin/login/", AdminLoginRedirect.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own: the same serve view, with Cache-Control for participant materials.
    path(
        "documents/<int:document_id>/<str:document_filename>",
        serve_document,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("konto/", include("allauth.urls")),
    path("mein-bereich/", include(personal_patterns)),
    path("suche/", views.search, name="search"),
    path("", include("courses.urls")),
    path("", include("workshops.urls")),
    path("", include("needs_analysis.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
