"""The details of a matrix cell (demand, seats, gap) are reachable by keyboard: on the trainers'
"my topics" page, where cells are no links, and in the dashboard's total row."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests.courses.factories import ModulePageFactory
from tests.factories import CoordinatorFactory, TrainerFactory
from tests.needs_analysis.factories import FindingFactory

pytestmark = pytest.mark.django_db


def _cells(html):
    page = BeautifulSoup(html, "html.parser")
    return page, [cell for cell in page.select("td.na-cell") if cell.select_one(".na-details")]


def _assert_each_cell_is_focusable_and_described(html):
    page, cells = _cells(html)
    assert cells
    for cell in cells:
        link = cell.find("a")
        if link is not None:
            continue  # focusable through its link, whose text holds the details
        [focusable] = cell.select('[tabindex="0"]')
        details = page.find(id=focusable["aria-describedby"])
        assert details is not None
        assert details in cell.select(".na-details")
        assert "Demand" in details.get_text() or "Bedarf" in details.get_text()
    ids = [tag["id"] for tag in page.select(".na-details[id]")]
    assert len(ids) == len(set(ids))


def test_my_topics_cells_are_focusable_with_their_details_as_description(client, topic):
    trainer = TrainerFactory()
    module = ModulePageFactory()
    module.topics.set([topic])
    module.trainers.add(trainer)
    module.save()
    FindingFactory(topics=[topic], staff_affected=3)
    client.force_login(trainer)
    response = client.get(reverse("needs_analysis_trainer"))
    assert response.status_code == 200
    _assert_each_cell_is_focusable_and_described(response.content.decode())


def test_dashboard_totals_are_focusable_too(client, topic):
    FindingFactory(topics=[topic], staff_affected=3)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_analysis_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    _page, cells = _cells(html)
    assert [cell for cell in cells if cell.find("a") is None]  # the total row
    _assert_each_cell_is_focusable_and_described(html)


def test_the_details_show_on_focus():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "admin.css").read_text(encoding="utf-8")
    assert ".na-cell:focus-within .na-details" in css
