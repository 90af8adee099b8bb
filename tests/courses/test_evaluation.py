"""Evaluation: one anonymous answer per attended enrolment, results only from 3 answers."""

import datetime

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Enrollment, Evaluation
from courses.services.reminders import send_evaluation_requests
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all, past_offering, trainer_of
from tests.factories import CoordinatorFactory, ProfessionalFactory, TopicFactory, TrainerFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "relevance": 5,
    "content": 4,
    "methods": 4,
    "trainer": 5,
    "organisation": 3,
    "overall": 5,
    "need_met": "yes",
    "will_apply": "Die Gesprächsleitfäden",
    "further_topics": "Mehr zu Clanstrukturen",
}


def attended_offering(participants=3):
    offering = past_offering(days=1)
    enrollments = [EnrollmentFactory(offering=offering) for _ in range(participants)]
    attend_all(offering)
    return offering, enrollments


def test_submit_once_per_enrolment():
    _offering, (enrollment, *_) = attended_offering(1)
    topic = TopicFactory()
    evaluation = services.submit_evaluation(
        enrollment, {**ANSWERS, "further_topic_terms": [topic]}
    )
    assert evaluation.submitted_on == timezone.localdate()
    assert list(evaluation.further_topic_terms.all()) == [topic]
    enrollment.refresh_from_db()
    assert enrollment.evaluated
    with pytest.raises(services.EnrollmentError) as error:
        services.submit_evaluation(enrollment, ANSWERS)
    assert error.value.code == "already_evaluated"
    assert Evaluation.objects.count() == 1
    assert not evaluation.triaged


def test_refused_when_not_attended_or_not_ended():
    offering = past_offering(days=1)
    absent = EnrollmentFactory(offering=offering)
    with pytest.raises(services.EnrollmentError) as error:
        services.submit_evaluation(absent, ANSWERS)
    assert error.value.code == "not_attended"
    future = EnrollmentFactory(offering=OfferingFactory())
    with pytest.raises(services.EnrollmentError) as error:
        services.submit_evaluation(future, ANSWERS)
    assert error.value.code == "offering_not_ended"
    assert not Evaluation.objects.exists()


def test_evaluation_is_anonymous_by_construction():
    for field in Evaluation._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related not in (Enrollment, type(ProfessionalFactory.build()))
        assert field.name not in ("user", "enrollment", "person", "created_at")
    assert isinstance(Evaluation._meta.get_field("submitted_on"), models.DateField)
    assert not isinstance(Evaluation._meta.get_field("submitted_on"), models.DateTimeField)
    # Nothing about the evaluation is written to the audit log.
    from wagtail.models import ModelLogEntry

    _offering, (enrollment, *_) = attended_offering(1)
    before = ModelLogEntry.objects.count()
    services.submit_evaluation(enrollment, ANSWERS)
    assert ModelLogEntry.objects.count() == before


def test_threshold_of_three_and_aggregates():
    offering, enrollments = attended_offering(3)
    services.submit_evaluation(enrollments[0], ANSWERS)
    services.submit_evaluation(
        enrollments[1], {**ANSWERS, "overall": 3, "need_met": "partly", "will_apply": "Alles"}
    )
    assert services.evaluation_results([offering]) is None
    services.submit_evaluation(
        enrollments[2], {**ANSWERS, "overall": 1, "need_met": "no", "will_apply": ""}
    )
    results = services.evaluation_results([offering])
    assert results["count"] == 3
    overall = next(item for item in results["items"] if item["name"] == "overall")
    assert overall["average"] == 3.0
    assert {v["value"]: v["count"] for v in overall["values"]} == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1}
    relevance = next(item for item in results["items"] if item["name"] == "relevance")
    assert relevance["average"] == 5.0
    assert {v["value"]: v["count"] for v in results["need_met"]["values"]} == {
        "yes": 1,
        "partly": 1,
        "no": 1,
    }
    assert results["will_apply"] == ["Alles", "Die Gesprächsleitfäden"]  # sorted
    assert results["further_topics"] == ["Mehr zu Clanstrukturen"] * 3


@pytest.mark.parametrize("answers", [2, 3])
def test_results_pages_threshold_for_trainer_and_coordinator(client, answers):
    offering, enrollments = attended_offering(3)
    for enrollment in enrollments[:answers]:
        services.submit_evaluation(enrollment, ANSWERS)
    urls = [
        reverse("offerings:evaluation", args=[offering.pk]),
        reverse("offerings:module_evaluation", args=[offering.module_id]),
    ]
    for user in (trainer_of(offering), CoordinatorFactory()):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            assert (response.context["results"] is not None) == (answers >= 3)
            html = response.content.decode()
            assert ("Mehr zu Clanstrukturen" in html) == (answers >= 3)


def test_results_pages_permissions(client):
    offering, _enrollments = attended_offering(1)
    # A trainer of other modules: an offering not theirs does not exist for them; a module not
    # theirs gets Wagtail's "no permission" (back to the admin home).
    for url, trainer_gets in (
        (reverse("offerings:evaluation", args=[offering.pk]), (404, None)),
        (reverse("offerings:module_evaluation", args=[offering.module_id]), (302, "/admin/")),
    ):
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(ProfessionalFactory())
        response = client.get(url)  # no admin access: Wagtail sends them to the login
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/?next=")
        client.force_login(TrainerFactory())  # not theirs
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == trainer_gets


def test_participant_form_flow(client):
    _offering, (enrollment, other) = attended_offering(2)
    url = reverse("courses:evaluate", args=[enrollment.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(other.user)
    assert client.get(url).status_code == 404  # not theirs
    client.force_login(TrainerFactory())
    assert client.get(url).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 404
    client.force_login(enrollment.user)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<fieldset" in html and "<legend" in html  # every question is a group with a legend
    assert client.post(url, {"relevance": 5}).status_code == 200  # incomplete: form again
    assert not Evaluation.objects.exists()
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert client.post(url, ANSWERS).status_code == 302  # double submit
    assert Evaluation.objects.count() == 1


def test_evaluation_requests_are_sent_once(mailoutbox, django_capture_on_commit_callbacks):
    offering, (attended, *_rest) = attended_offering(1)
    absent = EnrollmentFactory(offering=offering)  # marked after attend_all: no attendance
    EnrollmentFactory(offering=OfferingFactory(sessions=[(in_days(5), *_times())]))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_evaluation_requests() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [attended.user.email]
    assert reverse("courses:evaluate", args=[attended.pk]) in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_evaluation_requests", stdout=_Null())
    assert len(mailoutbox) == 1
    absent.refresh_from_db()
    assert absent.evaluation_requested_at is None


def _times():
    return datetime.time(9), datetime.time(16)


class _Null:
    def write(self, *args):
        pass
