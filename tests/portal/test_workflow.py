"""Publishing: trainers write and submit modules, the coordination approves; the dashboard panels
for trainers and coordinators."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from courses import admin_panels
from courses.models import CatalogPage, Enrollment, ModulePage
from portal.models import ContentPage, HomePage
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


def published_module(catalog, title, trainers=()):
    module = ModulePageFactory(parent=catalog, title=title)
    if trainers:
        module.trainers.add(*trainers)
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


@pytest.fixture
def module(catalog, trainer):
    return published_module(catalog, "Rechtsextremismus erkennen", [trainer])


@pytest.fixture
def foreign_module(catalog):
    return published_module(catalog, "Modul einer anderen Referentin", [TrainerFactory()])


def page_form(client, url, **fields):
    """The admin's page form as the browser would send it (the StreamField is built by JS)."""
    response = client.get(url)
    assert response.status_code == 200, response.get("Location")
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield([])}))
    data.update(fields)
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


# The workflow ---------------------------------------------------------------------------------


def test_every_page_goes_through_the_coordination(catalog, module):
    workflow = Workflow.objects.get(name="Prüfung durch die Koordination")
    assert workflow.active
    [task] = [t.specific for t in workflow.tasks]
    assert task.name == "Freigabe Koordination"
    assert list(task.groups.values_list("name", flat=True)) == ["Koordination"]
    assert Page.get_first_root_node().get_workflow() == workflow
    for page in (catalog, module, ContentPage.objects.first(), HomePage.objects.first()):
        assert page.get_workflow() == workflow
    # Wagtail's default workflow lost its group ("Moderators") with our roles; it is gone.
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_trainers_may_add_modules_to_every_catalogue_even_new_ones(site_pages):
    trainers = Group.objects.get(name="Referent*innen")
    for catalog in CatalogPage.objects.all():
        assert GroupPagePermission.objects.filter(
            group=trainers, page=catalog, permission__codename="add_page"
        ).exists()
    home = site_pages[0]
    new_catalog = home.add_child(instance=CatalogPage(title="Weitere Fortbildungen"))
    assert GroupPagePermission.objects.filter(group=trainers, page=new_catalog).count() == 1
    # Only "add": changing other people's modules is decided per module (courses.permissions).
    assert not GroupPagePermission.objects.filter(
        group=trainers, permission__codename__in=["change_page", "publish_page"]
    ).exists()


def test_what_a_trainer_may_do_with_pages(catalog, module, foreign_module, trainer):
    mine = module.permissions_for_user(trainer)
    assert mine.can_edit()
    assert mine.can_submit_for_moderation()
    assert not mine.can_publish()
    assert not mine.can_unpublish()
    assert not mine.can_delete()
    assert not mine.can_move()
    assert not mine.can_lock()
    assert not mine.can_copy()
    assert not mine.can_set_view_restrictions()

    theirs = foreign_module.permissions_for_user(trainer)
    assert not theirs.can_edit()
    assert not theirs.can_submit_for_moderation()

    catalogue = catalog.permissions_for_user(trainer)
    assert catalogue.can_add_subpage()
    assert not catalogue.can_edit()
    assert not catalogue.can_publish_subpage()
    assert not catalogue.can_reorder_children()

    about = ContentPage.objects.get(slug="ueber-uns").permissions_for_user(trainer)
    assert not about.can_edit()
    assert not about.can_add_subpage()


def test_a_trainer_edits_the_translation_of_a_module_they_teach(catalog, module, trainer):
    english_catalog = CatalogPage.objects.get(locale__language_code="en")
    translation = ModulePageFactory(
        parent=english_catalog,
        title="Recognising right-wing extremism",
        locale=english_catalog.locale,
        translation_key=module.translation_key,
    )
    assert translation.permissions_for_user(trainer).can_edit()
    assert not translation.permissions_for_user(TrainerFactory()).can_edit()


def test_coordinators_keep_all_rights(catalog, module):
    coordinator = CoordinatorFactory()
    perms = module.permissions_for_user(coordinator)
    assert perms.can_edit() and perms.can_publish() and perms.can_unpublish()
    assert perms.can_delete() and perms.can_move() and perms.can_lock()
    assert catalog.permissions_for_user(coordinator).can_edit()


def test_a_trainer_cannot_publish_only_submit(client, module, trainer):
    client.force_login(trainer)
    data = page_form(client, edit_url(module), teaser="Neuer Teaser, noch nicht geprüft.")
    response = client.post(edit_url(module), {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.teaser != "Neuer Teaser, noch nicht geprüft."  # the live page is unchanged
    assert module.has_unpublished_changes
    assert not module.workflow_in_progress
    assert "Neuer Teaser" not in client.get(module.url).content.decode()

    response = client.post(edit_url(module), {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.workflow_in_progress
    assert module.current_workflow_task.name == "Freigabe Koordination"
    assert module.teaser != "Neuer Teaser, noch nicht geprüft."


def test_a_trainer_cannot_edit_a_module_they_do_not_teach(client, foreign_module, trainer):
    client.force_login(trainer)
    response = client.get(edit_url(foreign_module))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.post(
        edit_url(foreign_module),
        {"title": "Gekapert", "slug": foreign_module.slug, "action-submit": "1"},
    )
    foreign_module.refresh_from_db()
    assert foreign_module.title == "Modul einer anderen Referentin"
    assert foreign_module.get_latest_revision().content["title"] == foreign_module.title
    assert not foreign_module.workflow_in_progress


@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "copy"])
def test_a_trainer_cannot_delete_unpublish_move_or_copy_even_their_own(
    client, module, trainer, action
):
    client.force_login(trainer)
    url = reverse(f"wagtailadmin_pages:{action}", args=[module.pk])
    assert client.get(url)["Location"] == "/admin/"
    client.post(url, {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": module.pk})
    module.refresh_from_db()
    assert module.live
    assert ModulePage.objects.count() == 1


def test_a_trainer_cannot_lock(client, module, trainer):
    client.force_login(trainer)
    client.post(reverse("wagtailadmin_pages:lock", args=[module.pk]))
    module.refresh_from_db()
    assert not module.locked


def test_trainer_creates_a_module_submits_it_and_the_coordination_approves(
    client, catalog, trainer
):
    client.force_login(trainer)
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", catalog.pk])
    data = page_form(
        client,
        add_url,
        title="Antisemitismus im Vollzug",
        slug="antisemitismus-im-vollzug",
        teaser="Erscheinungsformen erkennen und ansprechen.",
    )
    response = client.post(add_url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    module = ModulePage.objects.get(slug="antisemitismus-im-vollzug")
    assert module.get_parent().pk == catalog.pk
    assert module.owner == trainer
    assert not module.live
    assert module.workflow_in_progress
    # The trainer may go on editing it (as its owner) and cannot publish it.
    assert module.permissions_for_user(trainer).can_edit()
    assert not module.permissions_for_user(trainer).can_publish()
    assert client.get(module.url or "/fortbildungen/antisemitismus-im-vollzug/").status_code == 404

    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    home = client.get("/admin/").content.decode()
    assert "Antisemitismus im Vollzug" in home  # in Wagtail's "Awaiting your review"
    task_state = module.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[module.pk, "approve", task_state.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[module.pk])
    module.refresh_from_db()
    assert module.live
    assert not module.workflow_in_progress
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(module.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.requested_by == trainer
    client.logout()
    assert client.get("/fortbildungen/antisemitismus-im-vollzug/").status_code == 200


def test_coordinators_still_publish_directly(client, module):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    data = page_form(client, edit_url(module), teaser="Direkt veröffentlicht.")
    client.post(edit_url(module), {**data, "action-publish": "action-publish"})
    module.refresh_from_db()
    assert module.teaser == "Direkt veröffentlicht."


def test_a_trainer_cannot_see_findings(client, trainer):
    client.force_login(trainer)
    response = client.get(reverse("needs_findings:index"))
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"


# Dashboard panels -----------------------------------------------------------------------------


def admin_request(client, user):
    # The request keeps its own user object: courses.access caches per-request answers on it
    # (the modules a trainer teaches), so a user object shared across requests goes stale.
    client.force_login(user)
    return client.get("/admin/").wsgi_request


def render(panel, client, user, request=None):
    """A panel's HTML for ``user``, rendered as the admin home does (in English, so the
    assertions do not depend on the state of the German catalogue)."""
    request = request or admin_request(client, user)
    with translation.override("en"):
        return panel.render_html({"request": request, "csrf_token": "x"})


def test_trainer_dashboard_shows_modules_offerings_and_submissions(client, module, trainer):
    offering = OfferingFactory(module=module, capacity=12)
    EnrollmentFactory.create_batch(3, offering=offering)
    OfferingFactory(module=ModulePageFactory())  # someone else's
    client.force_login(trainer)
    data = page_form(client, edit_url(module))
    client.post(edit_url(module), {**data, "action-submit": "action-submit"})

    html = client.get("/admin/").content.decode()
    assert 'id="trainer-modules' in html
    assert "Rechtsextremismus erkennen" in html
    assert "Freigabe Koordination" in html  # review status, in our and in Wagtail's panel
    assert 'id="trainer-offerings' in html
    assert re.search(r">\s*3\D{1,8}12\s*<", html)  # seats taken of capacity
    assert html.count("Qualifizierungsmodul") == 0  # other modules' offerings are not shown
    assert 'id="objects-in-workflow' in html  # Wagtail's "Your pages in a workflow"
    assert 'id="offerings-attention' not in html


def test_coordinator_dashboard_lists_offerings_needing_attention(client, settings):
    settings.PORTAL_MIN_PARTICIPANTS = 6
    settings.PORTAL_ATTENTION_DAYS = 14
    requests = OfferingFactory(requires_approval=True, title_suffix="mit Anfragen")
    EnrollmentFactory(offering=requests, status=Enrollment.Status.REQUESTED, confirmed_at=None)
    nearly_full = OfferingFactory(capacity=10, title_suffix="fast voll")
    EnrollmentFactory.create_batch(9, offering=nearly_full)
    too_few = OfferingFactory(
        capacity=10,
        title_suffix="zu wenige",
        sessions=[(in_days(7), datetime.time(9), datetime.time(16))],
    )
    EnrollmentFactory.create_batch(2, offering=too_few)
    fine = OfferingFactory(capacity=10, title_suffix="alles gut")
    EnrollmentFactory.create_batch(6, offering=fine)
    later = OfferingFactory(capacity=10, title_suffix="später")  # in 30 days: not yet
    EnrollmentFactory.create_batch(1, offering=later)

    html = render(admin_panels.OfferingsAttentionPanel(), client, CoordinatorFactory())
    assert "mit Anfragen" in html and "1 approval request" in html
    assert "fast voll" in html and "nearly full" in html
    assert "zu wenige" in html and "fewer than 6 participants" in html
    assert "alles gut" not in html
    assert "später" not in html

    home = client.get("/admin/").content.decode()
    assert 'id="offerings-attention' in home
    assert 'id="trainer-modules' not in home


def test_evaluation_results_panel_shows_what_the_evaluation_reports(client, monkeypatch):
    import courses.evaluation

    coordinator = CoordinatorFactory()
    monkeypatch.setattr(
        courses.evaluation,
        "recent_results",
        lambda user: [{"title": "Case Management", "url": "/admin/x/", "summary": "4 answers"}],
    )
    html = render(admin_panels.EvaluationResultsPanel(), client, coordinator)
    assert 'href="/admin/x/"' in html and "4 answers" in html

    monkeypatch.setattr(courses.evaluation, "recent_results", lambda user: [])
    assert render(admin_panels.EvaluationResultsPanel(), client, coordinator).strip() == ""


def count_queries(panel, client, user):
    request = admin_request(client, user)
    with CaptureQueriesContext(connection) as queries:
        render(panel, client, user, request)
    return len(queries)


def add_rows(catalog, trainer, numbers):
    for n in numbers:
        module = published_module(catalog, f"Modul {n}", [trainer])
        offering = OfferingFactory(module=module, capacity=10, requires_approval=True)
        EnrollmentFactory.create_batch(9, offering=offering)
        EnrollmentFactory(offering=offering, status=Enrollment.Status.REQUESTED, confirmed_at=None)


@pytest.mark.parametrize(
    ("panel_class", "role"),
    [
        (admin_panels.TrainerModulesPanel, "trainer"),
        (admin_panels.TrainerOfferingsPanel, "trainer"),
        (admin_panels.OfferingsAttentionPanel, "coordinator"),
    ],
)
def test_panel_queries_do_not_grow_with_rows(
    client, catalog, trainer, coordinator, django_assert_max_num_queries, panel_class, role
):
    user = trainer if role == "trainer" else coordinator
    add_rows(catalog, trainer, range(2))
    count_queries(panel_class(), client, user)  # warm caches
    few = count_queries(panel_class(), client, user)
    add_rows(catalog, trainer, range(2, 8))
    request = admin_request(client, user)
    with django_assert_max_num_queries(few):
        html = render(panel_class(), client, user, request)
    assert "Modul 7" in html
