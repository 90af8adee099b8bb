"""The transfer survey (R10): asked once, some months after an attended offering; one anonymous
answer per enrolment; results only from three answers up."""

import datetime
import html
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from courses.models import Enrollment, Format, TransferAnswer
from courses.services import transfer
from courses.services.enrolment import EnrollmentError
from portal.models import SiteSettings
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all
from tests.courses.test_public_views import de
from tests.factories import CoordinatorFactory, ProfessionalFactory, TopicFactory, TrainerFactory

pytestmark = pytest.mark.django_db

NINE, FOUR = datetime.time(9), datetime.time(16)
ANSWER = {
    "could_apply": 4,
    "example_text": "Gesprächsleitfaden genutzt",
    "needs_text": "Mehr Fälle",
}


def ended_offering(days_ago=100, participants=3, **kwargs):
    """An offering held ``days_ago`` days ago, everybody confirmed and present."""
    offering = OfferingFactory(sessions=[(in_days(-days_ago), NINE, FOUR)], **kwargs)
    enrollments = [EnrollmentFactory(offering=offering) for _ in range(participants)]
    attend_all(offering)
    return offering, enrollments


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command as cron would; return the mails this run sent."""

    def run_command(*args):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_transfer_surveys", *args, stdout=io.StringIO())
        return mailoutbox[before:]

    return run_command


# Sending --------------------------------------------------------------------------------------


def test_sent_once_per_person_even_when_run_twice(run):
    _offering, enrollments = ended_offering(participants=2)
    mails = run()
    assert sorted(m.to[0] for m in mails) == sorted(e.user.email for e in enrollments)
    assert all(m.extra_headers["X-Courses-Event"] == "transfer_survey" for m in mails)
    url = reverse("courses:transfer_survey", args=[enrollments[0].pk])
    assert any(url in m.body for m in mails)
    assert run() == []  # the second run finds nobody
    assert Enrollment.objects.filter(transfer_survey_sent_at__isnull=True).count() == 0


def test_not_before_the_delay_and_the_delay_is_a_setting(run):
    ended_offering(days_ago=60, participants=1)
    assert run() == []
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.transfer_survey_days = 50
    settings.save()
    assert len(run()) == 1


def test_days_option_overrides_the_setting(run):
    ended_offering(days_ago=20, participants=1)
    assert run() == []
    assert len(run("--days", "14")) == 1
    with pytest.raises(CommandError):
        call_command("send_transfer_surveys", "--days", "0")


def test_not_for_absent_cancelled_exchange_or_long_ago(run):
    offering, _ = ended_offering(participants=1)
    absent = EnrollmentFactory(offering=offering)  # no attendance marked
    cancelled = EnrollmentFactory(offering=offering, status=Enrollment.Status.CANCELLED)
    ended_offering(participants=1, format=Format.EXCHANGE)
    ended_offering(participants=1, status="cancelled")
    ended_offering(days_ago=90 + transfer.CATCH_UP_DAYS + 5, participants=1)  # long ago
    mails = run()
    assert len(mails) == 1
    for enrollment in (absent, cancelled):
        enrollment.refresh_from_db()
        assert enrollment.transfer_survey_sent_at is None


def test_an_answered_enrolment_is_not_asked(run):
    _offering, (enrollment,) = ended_offering(participants=1)
    transfer.submit_transfer_answer(enrollment, ANSWER)
    assert run() == []


def test_a_rolled_back_claim_sends_nothing_and_is_retried(
    django_capture_on_commit_callbacks, mailoutbox
):
    ended_offering(participants=1)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        transfer.claim_surveys(transfer.due_surveys(now), now)
        transaction.set_rollback(True)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert transfer.send_transfer_surveys() == 1
    assert len(mailoutbox) == 1


def test_a_claim_made_by_another_run_first_is_not_repeated(
    django_capture_on_commit_callbacks, mailoutbox
):
    _offering, (enrollment,) = ended_offering(participants=1)
    now = timezone.now()
    due = transfer.due_surveys(now)
    Enrollment.objects.filter(pk=enrollment.pk).update(transfer_survey_sent_at=now)  # the other
    with django_capture_on_commit_callbacks(execute=True):
        assert transfer.claim_surveys(due, now) == 0
    assert mailoutbox == []


def test_due_surveys_query_count_does_not_grow(django_assert_max_num_queries):
    ended_offering(participants=2)
    with django_assert_max_num_queries(6):
        assert len(transfer.due_surveys(timezone.now())) == 2
    for _ in range(3):
        ended_offering(participants=3)
    with django_assert_max_num_queries(6):
        assert len(transfer.due_surveys(timezone.now())) == 11


# Answering ------------------------------------------------------------------------------------


def test_answer_once_anonymously():
    _offering, (enrollment,) = ended_offering(participants=1)
    topic = TopicFactory()
    answer = transfer.submit_transfer_answer(enrollment, {**ANSWER, "needed_topics": [topic]})
    assert answer.submitted_on == timezone.localdate()
    assert list(answer.needed_topics.all()) == [topic]
    enrollment.refresh_from_db()
    assert enrollment.transfer_answered
    with pytest.raises(EnrollmentError) as error:
        transfer.submit_transfer_answer(enrollment, ANSWER)
    assert error.value.code == "already_answered"
    assert TransferAnswer.objects.count() == 1


def test_the_answer_has_no_link_to_the_person():
    user_model = type(ProfessionalFactory.build())
    for field in TransferAnswer._meta.get_fields():
        assert getattr(field, "related_model", None) not in (Enrollment, user_model)
        assert field.name not in ("user", "enrollment", "person", "created_at")
    field = TransferAnswer._meta.get_field("submitted_on")
    assert isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    from wagtail.models import ModelLogEntry

    _offering, (enrollment,) = ended_offering(participants=1)
    before = ModelLogEntry.objects.count()
    transfer.submit_transfer_answer(enrollment, ANSWER)
    assert ModelLogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"days_ago": 10}, "not_due"),
        ({"format": Format.EXCHANGE}, "not_surveyed"),
    ],
)
def test_refused_before_the_delay_and_for_exchange(kwargs, code):
    _offering, (enrollment,) = ended_offering(participants=1, **kwargs)
    with pytest.raises(EnrollmentError) as error:
        transfer.submit_transfer_answer(enrollment, ANSWER)
    assert error.value.code == code
    assert not TransferAnswer.objects.exists()


def test_refused_when_not_attended():
    offering, _ = ended_offering(participants=1)
    absent = EnrollmentFactory(offering=offering)
    with pytest.raises(EnrollmentError) as error:
        transfer.submit_transfer_answer(absent, ANSWER)
    assert error.value.code == "not_attended"


def test_rating_must_be_one_to_five():
    from django.core.exceptions import ValidationError

    _offering, (enrollment,) = ended_offering(participants=1)
    with pytest.raises(ValidationError):
        transfer.submit_transfer_answer(enrollment, {**ANSWER, "could_apply": 6})
    enrollment.refresh_from_db()
    assert not enrollment.transfer_answered


def test_the_page_for_participants_who_attended_only(client):
    offering, (enrollment, other) = ended_offering(participants=2)
    absent = EnrollmentFactory(offering=offering)
    url = reverse("courses:transfer_survey", args=[enrollment.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (other.user, TrainerFactory(), CoordinatorFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404  # not theirs
    client.force_login(absent.user)
    assert client.get(reverse("courses:transfer_survey", args=[absent.pk])).status_code == 404
    client.force_login(enrollment.user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert ("<fieldset" in html and "anonymous" in html.lower()) or "anonym" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_page_is_not_found_before_the_delay_or_for_exchange(client):
    for kwargs in ({"days_ago": 10}, {"format": Format.EXCHANGE}):
        _offering, (enrollment,) = ended_offering(participants=1, **kwargs)
        client.force_login(enrollment.user)
        url = reverse("courses:transfer_survey", args=[enrollment.pk])
        assert client.get(url).status_code == 404


def test_answering_on_the_page_and_double_submit(client):
    _offering, (enrollment,) = ended_offering(participants=1)
    topic = TopicFactory()
    url = reverse("courses:transfer_survey", args=[enrollment.pk])
    client.force_login(enrollment.user)
    assert client.post(url, {"example_text": "x"}).status_code == 200  # no rating: form again
    data = {**ANSWER, "needed_topics": [topic.pk]}
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, reverse("courses:my_trainings"))
    assert client.post(url, data).status_code == 302  # second tab / double submit
    assert TransferAnswer.objects.count() == 1
    assert list(TransferAnswer.objects.get().needed_topics.all()) == [topic]


def test_the_example_refuses_client_data(client):
    _offering, (enrollment,) = ended_offering(participants=1)
    client.force_login(enrollment.user)
    url = reverse("courses:transfer_survey", args=[enrollment.pk])
    response = client.post(url, {"could_apply": 5, "example_text": "Mit Frau Müller geübt"})
    assert response.status_code == 200
    assert "example_text" in response.context["form"].errors
    assert not TransferAnswer.objects.exists()
    warning = de(
        "Please describe it in general terms: no names, dates of birth or case numbers of "
        "clients, nothing that identifies a person."
    )
    assert html.escape(warning) in response.content.decode()


def test_my_trainings_links_the_survey_once_sent(client, run):
    _offering, (enrollment,) = ended_offering(participants=1)
    url = reverse("courses:transfer_survey", args=[enrollment.pk])
    client.force_login(enrollment.user)
    assert url not in client.get(reverse("courses:my_trainings")).content.decode()
    run()
    assert url in client.get(reverse("courses:my_trainings")).content.decode()
    client.post(url, ANSWER)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert url not in html and de("Thank you for answering the transfer survey.") in html


# Results --------------------------------------------------------------------------------------


def test_results_only_from_three_answers():
    offering, enrollments = ended_offering(participants=3)
    topic = TopicFactory()
    transfer.submit_transfer_answer(enrollments[0], {**ANSWER, "could_apply": 5})
    transfer.submit_transfer_answer(enrollments[1], {**ANSWER, "could_apply": 2})
    assert transfer.transfer_results([offering]) is None
    transfer.submit_transfer_answer(
        enrollments[2],
        {"could_apply": 4, "example_text": "", "needs_text": "", "needed_topics": [topic]},
    )
    results = transfer.transfer_results([offering])
    assert results["count"] == 3
    assert results["applied"] == 2 and results["applied_percent"] == 67
    assert results["average"] == 3.67
    assert {v["value"]: v["count"] for v in results["values"]} == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}
    assert results["examples"] == ["Gesprächsleitfaden genutzt"] * 2
    assert results["needs"] == ["Mehr Fälle"] * 2
    assert results["topics"] == [{"topic": topic, "count": 1}]


@pytest.mark.parametrize("answers", [2, 3])
def test_results_pages_for_trainer_and_coordinator(client, answers):
    offering, enrollments = ended_offering(participants=3)
    for enrollment in enrollments[:answers]:
        transfer.submit_transfer_answer(enrollment, ANSWER)
    trainer = TrainerFactory()
    offering.module.trainers.add(trainer)
    offering.module.save()
    urls = [
        reverse("offerings:transfer", args=[offering.pk]),
        reverse("offerings:module_transfer", args=[offering.module_id]),
    ]
    for user in (trainer, CoordinatorFactory()):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            assert (response.context["results"] is not None) == (answers >= 3)
            assert ("Mehr Fälle" in response.content.decode()) == (answers >= 3)


def test_results_pages_refuse_others(client):
    offering, _ = ended_offering(participants=1)
    for url, trainer_gets in (
        (reverse("offerings:transfer", args=[offering.pk]), 404),
        (reverse("offerings:module_transfer", args=[offering.module_id]), 302),
    ):
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(ProfessionalFactory())
        assert client.get(url)["Location"].startswith("/konto/login/?next=")
        client.force_login(TrainerFactory())  # not theirs
        assert client.get(url).status_code == trainer_gets


def test_module_results_query_count_does_not_grow(client, django_assert_max_num_queries):
    offering, enrollments = ended_offering(participants=3)
    for enrollment in enrollments:
        transfer.submit_transfer_answer(enrollment, {**ANSWER, "needed_topics": [TopicFactory()]})
    client.force_login(CoordinatorFactory())
    url = reverse("offerings:module_transfer", args=[offering.module_id])
    client.get(url)  # warm up caches (site, settings)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for _ in range(2):
        _more, people = ended_offering(participants=3, module=offering.module)
        for enrollment in people:
            transfer.submit_transfer_answer(
                enrollment, {**ANSWER, "needed_topics": [TopicFactory()]}
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
