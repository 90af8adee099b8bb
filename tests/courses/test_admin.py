"""The offerings admin: who sees what, the list's query count, and actions through services."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import Enrollment, Offering
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


def test_roles_have_their_permissions():
    coordinators = set(
        Group.objects.get(name="Koordination").permissions.values_list("codename", flat=True)
    )
    trainers = set(
        Group.objects.get(name="Referent*innen").permissions.values_list("codename", flat=True)
    )
    assert {"add_offering", "change_offering", "delete_offering", "view_offering"} <= coordinators
    assert {"view_enrollment", "change_enrollment"} <= coordinators
    assert {"view_offering", "change_offering"} <= trainers
    assert "delete_offering" not in trainers


def test_anonymous_and_professionals_are_kept_out(client):
    url = reverse("offerings:index")
    assert client.get(url).status_code == 302
    client.force_login(ProfessionalFactory())
    response = client.get(url)  # no admin access: Wagtail sends them to the login
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


def test_coordinator_sees_all_with_seat_counts(client, django_assert_max_num_queries):
    for _ in range(3):
        offering = OfferingFactory(capacity=1)
        EnrollmentFactory(offering=offering)
        EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    client.force_login(CoordinatorFactory())
    client.get(reverse("offerings:index"))  # warm caches (permissions, site)
    with django_assert_max_num_queries(30) as few:
        response = client.get(reverse("offerings:index"))
    assert response.status_code == 200
    queries_for_three = len(few.captured_queries)
    for _ in range(10):
        EnrollmentFactory(offering=OfferingFactory())
    with django_assert_max_num_queries(queries_for_three):
        response = client.get(reverse("offerings:index"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 13


def test_trainer_sees_only_offerings_of_their_modules(client):
    trainer = TrainerFactory()
    module = ModulePageFactory()
    module.trainers.add(trainer)
    module.save()
    mine = OfferingFactory(module=module)
    other = OfferingFactory()
    client.force_login(trainer)
    response = client.get(reverse("offerings:index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [mine]
    assert client.get(reverse("offerings:edit", args=[mine.pk])).status_code == 200
    response = client.get(reverse("offerings:edit", args=[other.pk]))
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"
    assert client.get(reverse("offerings:participants", args=[other.pk])).status_code == 404


def test_trainer_listed_only_on_a_translation_sees_the_offerings(client):
    """Translations share their offerings, so a trainer listed only on the English version of
    a module is a trainer of its offerings (matched by translation_key, not by page)."""
    from wagtail.models import Locale

    german = ModulePageFactory()
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    german.get_parent().copy_for_translation(english_locale)
    english = german.copy_for_translation(english_locale).specific
    trainer = TrainerFactory()
    english.trainers.add(trainer)
    english.save()
    offering = OfferingFactory(module=german)
    OfferingFactory()
    client.force_login(trainer)
    response = client.get(reverse("offerings:index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [offering]
    response = client.get(reverse("offerings:participants", args=[offering.pk]))
    assert response.status_code == 200


def test_participants_view_and_actions_use_the_services(client):
    offering = OfferingFactory(capacity=1, requires_approval=True)
    confirmed = EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    request = EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("offerings:participants", args=[offering.pk]))
    assert response.status_code == 200
    assert confirmed.user.email in response.content.decode()

    url = reverse("offerings:enrollment_action", args=[confirmed.pk, "cancel"])
    assert client.post(url).status_code == 302
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.CONFIRMED

    url = reverse("offerings:enrollment_action", args=[request.pk, "approve"])
    client.post(url)
    assert Enrollment.objects.get(pk=request.pk).status == Status.WAITLISTED


def test_trainers_cannot_act_on_enrolments(client):
    enrollment = EnrollmentFactory()
    client.force_login(TrainerFactory())
    url = reverse("offerings:enrollment_action", args=[enrollment.pk, "cancel"])
    response = client.post(url)
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"
    assert Enrollment.objects.get(pk=enrollment.pk).status == Status.CONFIRMED


def test_status_cancelled_in_the_form_runs_cancel_offering(client):
    offering = OfferingFactory(capacity=2)
    enrollment = EnrollmentFactory(offering=offering)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("offerings:edit", args=[offering.pk]))
    form = response.context["form"]
    data = _form_data(form)
    data.update(status=Offering.Status.CANCELLED, cancellation_reason="Zu wenige Anmeldungen.")
    response = client.post(reverse("offerings:edit", args=[offering.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    offering.refresh_from_db()
    assert offering.status == Offering.Status.CANCELLED
    assert Enrollment.objects.get(pk=enrollment.pk).status == Status.CANCELLED


def test_raising_capacity_in_the_form_promotes(client):
    offering = OfferingFactory(capacity=1)
    EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    client.force_login(CoordinatorFactory())
    form = client.get(reverse("offerings:edit", args=[offering.pk])).context["form"]
    data = _form_data(form)
    data["capacity"] = "0"
    response = client.post(reverse("offerings:edit", args=[offering.pk]), data)
    assert response.status_code == 200  # capacity below confirmed is refused
    data["capacity"] = "2"
    response = client.post(reverse("offerings:edit", args=[offering.pk]), data)
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.CONFIRMED


def _form_data(form):
    """The form's initial values as POST data, including the sessions formset."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            data[name] = [getattr(v, "pk", v) for v in items]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    for prefix, formset in form.formsets.items():
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-INITIAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, subform in enumerate(formset.forms):
            for name in subform.fields:
                value = subform.instance.pk if name == "id" else subform.initial.get(name)
                if value is not None:
                    data[f"{prefix}-{i}-{name}"] = getattr(value, "pk", value)
            data[f"{prefix}-{i}-DELETE"] = ""
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("view", ["history", "history_results", "usage"])
def test_trainers_see_history_and_usage_of_their_offerings_only(client, view):
    trainer = TrainerFactory()
    mine = OfferingFactory()
    mine.module.trainers.add(trainer)
    mine.module.save()
    other = OfferingFactory()
    client.force_login(trainer)
    assert client.get(reverse(f"offerings:{view}", args=[mine.pk])).status_code == 200
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    response = client.get(reverse(f"offerings:{view}", args=[other.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.force_login(CoordinatorFactory())
    assert client.get(reverse(f"offerings:{view}", args=[other.pk])).status_code == 200
