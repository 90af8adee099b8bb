"""The needs dashboard's filters say what an empty choice means: everything, not "no answer"."""

import pytest
from django.utils import translation

from needs_analysis.admin_views import DashboardFilterForm

pytestmark = pytest.mark.django_db


def test_an_empty_field_of_work_means_all_of_them():
    with translation.override("de"):
        html = str(DashboardFilterForm()["audience"])
    assert '<option value="" selected>alle Arbeitsfelder</option>' in html
    assert "Keine Angabe" not in html
