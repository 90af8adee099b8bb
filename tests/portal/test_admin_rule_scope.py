"""Access rules over Wagtail's own permissions in the admin (courses/admin_scope.py).

A model permission alone opens nothing that ``courses.access`` keeps for the coordination: the
findings' bulk actions and the viewsets of the needs analysis and the workshop talks ask the
rule first (``RulePermissionPolicy``). Trainers see the history of the pages they may edit only,
in the page's own history and in the site history; bulk actions and the move confirmation of
pages change nothing they may not change.
"""

import pytest
from django.contrib.auth.models import Permission
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from courses.models import CatalogPage
from needs_analysis.models import Finding
from portal.models import Topic
from tests.courses.factories import ModulePageFactory
from tests.factories import TrainerFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

DENIED = "/admin/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def permitted_staff():
    """Somebody in the admin with every model permission on findings, requests and workshop
    talks, but without the coordination role (a trainer who was given them by hand)."""
    user = TrainerFactory(email="modellrechte@test.example.org")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["needs_analysis", "workshops"],
            content_type__model__in=["finding", "consultationrequest", "workshop"],
        )
    )
    assert user.has_perm("needs_analysis.change_finding")
    return user


def _bulk(client, finding, status="archived"):
    return client.post(
        "/admin/needs/findings/bulk/", {"ids": [finding.pk], "action": f"status:{status}"}
    )


def test_bulk_refuses_the_model_permission_without_the_coordination(client, permitted_staff):
    finding = FindingFactory()
    client.force_login(permitted_staff)
    response = _bulk(client, finding)
    assert response.status_code == 302
    assert response["Location"] == DENIED
    finding.refresh_from_db()
    assert finding.status == Finding.Status.NEW


def test_bulk_lets_the_coordination_through(client, coordinator):
    finding = FindingFactory()
    client.force_login(coordinator)
    response = _bulk(client, finding)
    assert response.status_code == 302
    assert response["Location"] == "/admin/needs/findings/"
    finding.refresh_from_db()
    assert finding.status == Finding.Status.ARCHIVED


@pytest.mark.parametrize(
    "prefix,factory",
    [
        ("needs/findings", FindingFactory),
        ("needs/consultations", ConsultationRequestFactory),
        ("workshops", WorkshopFactory),
    ],
)
def test_viewsets_refuse_model_permissions_without_the_rule(
    client, permitted_staff, coordinator, prefix, factory
):
    pk = factory().pk
    urls = [
        f"/admin/{prefix}/",
        f"/admin/{prefix}/new/",
        *(
            f"/admin/{prefix}/{action}/{pk}/"
            for action in ("edit", "inspect", "delete", "copy", "history", "usage")
        ),
    ]
    client.force_login(permitted_staff)
    refused = {url: client.get(url) for url in urls}
    assert {url: (r.status_code, r["Location"]) for url, r in refused.items()} == dict.fromkeys(
        urls, (302, DENIED)
    )
    client.force_login(coordinator)
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_site_history_hides_entries_of_ruled_models_without_the_rule(permitted_staff, coordinator):
    finding = FindingFactory()
    entry = log(finding, "needs_analysis.finding.viewed", user=coordinator)
    assert entry in ModelLogEntry.objects.viewable_by_user(coordinator)
    assert entry not in ModelLogEntry.objects.viewable_by_user(permitted_staff)


@pytest.fixture
def modules(site_pages, trainer):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    mine = ModulePageFactory(parent=catalog, title="Modul der Referentin")
    mine.trainers.add(trainer)
    mine.save_revision().publish()
    other = ModulePageFactory(parent=catalog, title="Modul einer anderen Person")
    other.save_revision().publish()
    return {"catalog": catalog, "mine": mine, "other": other}


def test_site_history_shows_trainers_the_pages_they_may_edit_only(
    client, modules, trainer, coordinator
):
    mine, other = modules["mine"], modules["other"]
    for user, expected in ((trainer, {mine.pk}), (coordinator, {mine.pk, other.pk})):
        pages = set(
            PageLogEntry.objects.viewable_by_user(user)
            .filter(page__in=[mine.pk, other.pk])
            .values_list("page_id", flat=True)
        )
        assert pages == expected, user
    client.force_login(trainer)
    response = client.get("/admin/reports/site-history/results/")
    assert response.status_code == 200
    assert "Modul der Referentin" in response.text
    assert "Modul einer anderen Person" not in response.text


def test_trainers_bulk_actions_change_nothing_they_may_not(client, modules, trainer):
    other = modules["other"]
    topic = Topic.objects.get(slug="gmf")
    client.force_login(trainer)
    client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={other.pk}")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={other.pk}")
    client.post(f"/admin/bulk/portal/topic/delete/?id={topic.pk}")
    other.refresh_from_db()
    assert other.live
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_trainers_get_no_move_confirmation_and_move_nothing(client, modules, trainer):
    mine, catalog = modules["mine"], modules["catalog"]
    home = catalog.get_parent()
    client.force_login(trainer)
    url = f"/admin/pages/{mine.pk}/move/{home.pk}/confirm/"
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"] == DENIED
    mine.refresh_from_db()
    assert mine.get_parent().pk == catalog.pk
