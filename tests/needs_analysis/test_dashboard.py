"""The needs dashboard's readability (issue R7, item 10): period check, one figure per cell,
a focusable scrolling matrix, the states first, and the matrix as CSV/XLSX with its numbers."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import CoordinatorFactory
from tests.needs_analysis.factories import FindingFactory
from tests.needs_analysis.responses import is_private
from tests.needs_analysis.test_admin import _csv_rows

pytestmark = pytest.mark.django_db


# The dashboard's readability (issue R7, item 10) ----------------------------------------------


def test_a_reversed_period_is_a_form_error(client, topic):
    FindingFactory(topics=[topic], staff_affected=4)
    client.force_login(CoordinatorFactory())
    response = client.get(
        reverse("needs_analysis_dashboard") + "?date_from=2025-06-30&date_to=2025-01-01"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["date_to"]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert str(form.errors["date_to"][0]) in html
    assert 'aria-invalid="true"' in html
    # The matrix is not emptied by the impossible period: it shows all findings.
    assert response.context["totals"][0][1].findings == 1


def test_each_cell_shows_one_figure_with_the_details_as_text(client, topic, magdeburg, state):
    FindingFactory(topics=[topic], staff_affected=1, urgency="low")  # demand 0.5
    module = ModulePageFactory()
    module.topics.set([topic])
    module.save()
    OfferingFactory(module=module, capacity=16)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_analysis_dashboard") + f"?state={state.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3200" not in html  # 16 seats for half a person: not "3200 %"
    cell = html.split(f"region={magdeburg.pk}", 1)[1].split("</td>", 1)[0]
    figure = cell.split('class="na-figure">', 1)[1].split("</span>", 1)[0]
    assert figure == "&gt;\xa0200\xa0%"
    details = cell.split('class="na-details">', 1)[1].split("</span>", 1)[0]
    assert "0,5" in details and "16" in details  # demand and seats, as text
    assert 'class="na-label"' in cell  # the level in words, not by colour alone


@pytest.mark.parametrize("url", ["/admin/needs/", "/admin/needs/my-topics/"])
def test_the_scrolling_matrix_is_keyboard_focusable(client, topic, url):
    FindingFactory(topics=[topic])
    client.force_login(CoordinatorFactory())
    html = client.get(url).content.decode()
    wrap = html.split('class="na-wrap"', 1)[1].split(">", 1)[0]
    assert 'tabindex="0"' in wrap and 'role="region"' in wrap and "aria-labelledby=" in wrap


def test_the_matrix_downloads_with_the_same_numbers(client, topic, magdeburg, state, nrw):
    FindingFactory(topics=[topic], staff_affected=3)
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_dashboard")
    response = client.get(f"{url}?state={state.pk}&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert is_private(response)
    header, *rows = _csv_rows(response)
    assert len(header) == 9
    page = client.get(f"{url}?state={state.pk}")
    grid = page.context["matrix"]
    cell = grid.cell(topic, magdeburg)
    [row] = [r for r in rows if r[0] == "Magdeburg" and r[2] == topic.label]
    assert row[1] == state.label
    assert row[3:8] == ["3,0", "0", "3,0", "0", "1"]  # decimals with a comma for German Excel
    assert cell.demand == 3.0 and cell.findings == 1
    assert {r[0] for r in rows} == {region.label for region in grid.regions}
    assert nrw.label not in {r[0] for r in rows}

    xlsx = client.get(f"{url}?state={state.pk}&export=xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    [xrow] = [
        [c.value for c in r]
        for r in sheet.iter_rows(min_row=2)
        if r[0].value == "Magdeburg" and r[2].value == topic.label
    ]
    assert xrow[3:8] == [3.0, 0, 3.0, 0, 1]


def test_a_reversed_period_is_not_exported(client):
    client.force_login(CoordinatorFactory())
    response = client.get(
        reverse("needs_analysis_dashboard") + "?date_from=2025-06-30&date_to=2025-01-01&export=csv"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
