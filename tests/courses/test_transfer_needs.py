"""What participants still need months after a training reaches the needs analysis (R10): the
coordination's triage list turns it into findings of channel "transfer", and the needs
dashboard shows per topic the share who could apply what they learned."""

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import TransferAnswer
from courses.services.transfer import answers_changed
from needs_analysis.models import Channel, Finding
from needs_analysis.services import triage
from needs_analysis.transfer_figures import apply_shares
from portal.models import Region, Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import (
    AdminFactory,
    CoordinatorFactory,
    ProfessionalFactory,
    ProjectFactory,
    TopicFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def answer(offering, could_apply=4, needs_text="", topics=()):
    created = TransferAnswer.objects.create(
        offering=offering,
        submitted_on=timezone.localdate(),
        could_apply=could_apply,
        needs_text=needs_text,
    )
    created.needed_topics.set(topics)
    answers_changed()  # as ``submit_transfer_answer`` does
    return created


def region(slug):
    return Region.objects.get(slug=slug)


# Triage -----------------------------------------------------------------------------------------


def test_only_answers_that_still_need_something_are_listed():
    offering = OfferingFactory()
    topic = TopicFactory()
    with_text = answer(offering, needs_text="Fallberatung")
    with_topic = answer(offering, topics=[topic])
    answer(offering)  # needs nothing: not in the list
    triaged = answer(offering, needs_text="Schon erledigt")
    TransferAnswer.objects.filter(pk=triaged.pk).update(triaged=True)
    assert list(triage.untriaged_transfer_answers()) == [with_text, with_topic]


def test_triage_turns_a_transfer_answer_into_a_finding_of_channel_transfer(client):
    offering = OfferingFactory(region=region("dortmund"))
    topic = Topic.objects.get(slug="bedrohungsmanagement")
    first = answer(offering, needs_text="Mehr Praxisfälle", topics=[topic])
    second = answer(offering, needs_text="Kollegiale Beratung")
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_triage")
    response = client.get(url)
    assert response.status_code == 200
    assert [item["answer"] for item in response.context["transfer_items"]] == [first, second]
    assert response.context["transfer_total"] == 2
    html = response.content.decode()
    assert "Mehr Praxisfälle" in html and f'name="transfer" value="{first.pk}"' in html
    prefix = f"t{first.pk}"
    assert response.context["transfer_items"][0]["form"].initial["topics"] == [topic.pk]
    response = client.post(
        url,
        {
            "transfer": first.pk,
            f"{prefix}-topics": [topic.pk],
            f"{prefix}-kind": "knowledge",
            f"{prefix}-urgency": "high",
            f"{prefix}-staff_affected": "3",
            f"{prefix}-description": "Mehr Praxisfälle zum Bedrohungsmanagement",
            f"{prefix}-action": "finding",
        },
    )
    assert (response.status_code, response["Location"]) == (302, url)
    finding = Finding.objects.get()
    assert finding.channel == Channel.TRANSFER
    assert finding.region.slug == "dortmund"
    assert finding.topics.get() == topic
    assert finding.staff_affected == 3
    assert finding.source == f"Transferbefragung #{first.pk}, Angebot #{offering.pk}"
    prefix = f"t{second.pk}"
    response = client.post(
        url,
        {
            "transfer": second.pk,
            f"{prefix}-kind": "knowledge",
            f"{prefix}-urgency": "medium",
            f"{prefix}-staff_affected": "1",
            f"{prefix}-action": "dismiss",
        },
    )
    assert response.status_code == 302
    assert Finding.objects.count() == 1
    assert set(TransferAnswer.objects.filter(triaged=True)) == {first, second}
    assert client.get(url).context["transfer_items"] == []


def test_a_finding_without_a_topic_is_refused_and_triaging_twice_gives_none(client):
    offering = OfferingFactory()
    first = answer(offering, needs_text="Material")
    client.force_login(CoordinatorFactory())
    prefix = f"t{first.pk}"
    data = {
        "transfer": first.pk,
        f"{prefix}-kind": "material",
        f"{prefix}-urgency": "medium",
        f"{prefix}-staff_affected": "1",
        f"{prefix}-action": "finding",
    }
    response = client.post(reverse("needs_analysis_triage"), data)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["transfer_items"][0]["form"].errors["topics"]
    topic = TopicFactory()
    coordinator = CoordinatorFactory()
    assert triage.triage_transfer_answer(first, coordinator, topics=[topic]) is not None
    assert triage.triage_transfer_answer(first, coordinator, topics=[topic]) is None
    assert Finding.objects.get().description == "Material"


def test_the_project_follows_from_the_offering_region():
    project = ProjectFactory(regions=[region("sachsen-anhalt")])
    offering = OfferingFactory(region=region("magdeburg"))
    first = answer(offering, needs_text="Netzwerk")
    finding = triage.triage_transfer_answer(first, None, topics=[TopicFactory()])
    assert finding.project == project


def test_triage_refuses_everybody_but_the_coordination(client):
    first = answer(OfferingFactory(), needs_text="Netzwerk")
    url = reverse("needs_analysis_triage")
    for user, location in (
        (ProfessionalFactory(), "/konto/login/?next="),
        (TrainerFactory(), "/admin/"),
    ):
        client.force_login(user)
        response = client.post(url, {"transfer": first.pk, f"t{first.pk}-action": "dismiss"})
        assert response.status_code == 302
        assert response["Location"].startswith(location)
    assert not TransferAnswer.objects.filter(triaged=True).exists()


def test_triage_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    offering = OfferingFactory()
    topics = [TopicFactory(), TopicFactory()]
    answer(offering, needs_text="eins", topics=topics)
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_triage")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        answer(OfferingFactory(), needs_text=f"mehr {number}", topics=topics)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# The needs dashboard's figure -----------------------------------------------------------------


@pytest.fixture
def topics_and_offerings():
    """Two topics; a module on both in Magdeburg (Saxony-Anhalt), one on the first in
    Dortmund (North Rhine-Westphalia)."""
    first, second = TopicFactory(name="Erstes Thema"), TopicFactory(name="Zweites Thema")
    both = ModulePageFactory()
    both.topics.set([first, second])
    both.save()
    one = ModulePageFactory()
    one.topics.set([first])
    one.save()
    magdeburg = OfferingFactory(module=both, region=region("magdeburg"))
    dortmund = OfferingFactory(module=one, region=region("dortmund"))
    return first, second, magdeburg, dortmund


def shares(region_ids=None):
    return {
        row["topic"].name: (row["answers"], row["percent"]) for row in apply_shares(region_ids)
    }


def test_share_per_topic_from_three_answers(topics_and_offerings):
    _first, _second, magdeburg, dortmund = topics_and_offerings
    for rating in (5, 4, 2):
        answer(magdeburg, could_apply=rating)
    answer(dortmund, could_apply=1)
    answer(dortmund, could_apply=4)
    # First topic: five answers, three of them 4 or 5; second: the three from Magdeburg.
    assert shares() == {"Erstes Thema": (5, 60), "Zweites Thema": (3, 67)}


def test_below_three_answers_only_the_number(topics_and_offerings):
    _first, _second, magdeburg, _dortmund = topics_and_offerings
    answer(magdeburg, could_apply=5)
    answer(magdeburg, could_apply=5)
    assert shares() == {"Erstes Thema": (2, None), "Zweites Thema": (2, None)}
    assert all(row["applied"] is None for row in apply_shares())


def test_the_figure_respects_the_region_scope(topics_and_offerings):
    _first, _second, magdeburg, dortmund = topics_and_offerings
    for _ in range(3):
        answer(magdeburg, could_apply=5)
        answer(dortmund, could_apply=1)
    saxony_anhalt = region("sachsen-anhalt").subtree_ids()
    assert shares(saxony_anhalt) == {"Erstes Thema": (3, 100), "Zweites Thema": (3, 100)}
    assert shares(region("nordrhein-westfalen").subtree_ids()) == {"Erstes Thema": (3, 0)}
    assert shares(frozenset()) == {}
    assert shares() == {"Erstes Thema": (6, 50), "Zweites Thema": (3, 100)}


def test_the_figure_takes_one_query_however_many_answers_and_is_cached(
    topics_and_offerings, django_assert_num_queries
):
    _first, _second, magdeburg, dortmund = topics_and_offerings
    answer(magdeburg)
    with django_assert_num_queries(1):
        apply_shares()
    with django_assert_num_queries(0):  # warm
        apply_shares()
    for _ in range(10):
        answer(magdeburg)
        answer(dortmund)
    saxony_anhalt = region("sachsen-anhalt").subtree_ids()
    with django_assert_num_queries(1):
        assert shares(saxony_anhalt) == {"Erstes Thema": (11, 100), "Zweites Thema": (11, 100)}
    with django_assert_num_queries(0):  # no region in scope: nothing to count
        assert apply_shares(frozenset()) == []


def test_a_new_answer_shows_at_once(topics_and_offerings):
    from courses.services.transfer import submit_transfer_answer
    from tests.courses.test_transfer_survey import ended_offering

    _first, _second, magdeburg, _dortmund = topics_and_offerings
    _offering, enrollments = ended_offering(participants=3, module=magdeburg.module)
    for enrollment in enrollments[:2]:
        submit_transfer_answer(enrollment, {"could_apply": 5})
    assert shares() == {"Erstes Thema": (2, None), "Zweites Thema": (2, None)}
    submit_transfer_answer(enrollments[2], {"could_apply": 1})
    assert shares() == {"Erstes Thema": (3, 67), "Zweites Thema": (3, 67)}


def test_the_dashboard_shows_the_figure_in_the_coordinators_scope(client, topics_and_offerings):
    _first, _second, magdeburg, dortmund = topics_and_offerings
    for _ in range(3):
        answer(magdeburg, could_apply=5)
        answer(dortmund, could_apply=1)
    url = reverse("needs_analysis_dashboard")
    client.force_login(AdminFactory())
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Transfer into practice per topic" in html or "Transfer in die Praxis" in html
    assert {r["topic"].name: r["percent"] for r in response.context["transfer_shares"]} == {
        "Erstes Thema": 50,
        "Zweites Thema": 100,
    }
    coordinator = CoordinatorFactory()
    ProjectFactory(regions=[region("nordrhein-westfalen")], coordinators=[coordinator])
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert {r["topic"].name: r["percent"] for r in response.context["transfer_shares"]} == {
        "Erstes Thema": 0
    }
