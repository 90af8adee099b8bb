"""Evaluation results that came in, on the admin dashboard: only from 3 answers, only one's own."""

import pytest
from django.utils import timezone

from courses.evaluation import recent_results
from courses.models import Evaluation
from tests.courses.factories import OfferingFactory
from tests.factories import CoordinatorFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _answers(offering, count, overall=4):
    for _ in range(count):
        Evaluation.objects.create(
            offering=offering,
            submitted_on=timezone.localdate(),
            relevance=5,
            content=4,
            methods=4,
            trainer=5,
            organisation=3,
            overall=overall,
            need_met=Evaluation.NeedMet.YES,
        )


def test_results_show_from_three_answers_with_the_average():
    enough = OfferingFactory(module__title="Modul mit drei Antworten")
    too_few = OfferingFactory(module__title="Modul mit zwei Antworten")
    _answers(enough, 3, overall=4)
    _answers(too_few, 2)

    results = recent_results(CoordinatorFactory())

    assert [r["title"] for r in results] == ["Modul mit drei Antworten"]
    assert "3" in results[0]["summary"] and "4.0" in results[0]["summary"]
    assert results[0]["url"] == f"/admin/offerings/{enough.pk}/evaluation/"


def test_trainers_see_only_their_own_offerings():
    trainer = TrainerFactory()
    own = OfferingFactory(module__title="Eigenes Modul")
    own.trainers.add(trainer)
    own.save()
    other = OfferingFactory(module__title="Fremdes Modul")
    _answers(own, 3)
    _answers(other, 3)

    assert [r["title"] for r in recent_results(trainer)] == ["Eigenes Modul"]


def test_the_coordinator_dashboard_shows_the_panel(client):
    _answers(OfferingFactory(module__title="Ausgewertetes Modul"), 3)
    client.force_login(CoordinatorFactory())
    html = client.get("/admin/").content.decode()
    assert "Ausgewertetes Modul" in html
