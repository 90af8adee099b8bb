"""A URLconf with only the admin and the accounts, so admin tests do not depend on public views."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
]
