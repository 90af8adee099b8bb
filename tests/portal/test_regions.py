"""The one region rule: the tree above and below a region, and which offerings serve it."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import Format, Offering
from portal.models import Region
from tests.courses.factories import OfferingFactory


@pytest.fixture
def state(db):
    return Region.objects.get(slug="sachsen-anhalt")


@pytest.fixture
def magdeburg(db):
    return Region.objects.get(slug="magdeburg")


def test_subtree_and_ancestors(state, magdeburg):
    assert magdeburg.ancestor_ids() == {state.pk}
    assert state.ancestor_ids() == set()
    below = state.subtree_ids()
    assert {state.pk, magdeburg.pk} <= below
    assert magdeburg.subtree_ids() == {magdeburg.pk}
    assert Region.objects.get(slug="nordrhein-westfalen").pk not in below


def test_a_new_district_joins_the_tree_at_once(state, django_assert_num_queries):
    state.subtree_ids()  # the tree is cached now
    district = Region.objects.create(name="Testkreis", slug="testkreis", parent=state)
    assert district.pk in state.subtree_ids()
    with django_assert_num_queries(0):
        assert district.ancestor_ids() == {state.pk}


def test_a_region_cannot_lie_within_itself(state, magdeburg):
    state.parent = magdeburg
    with pytest.raises(ValidationError) as error:
        state.full_clean()
    assert "parent" in error.value.message_dict
    magdeburg.parent = state
    magdeburg.full_clean()  # its real place is fine


def test_serving_is_the_region_below_and_online_above(state, magdeburg):
    halle = Region.objects.get(slug="halle-saale")
    in_magdeburg = OfferingFactory(region=magdeburg, format=Format.IN_PERSON)
    in_halle = OfferingFactory(region=halle, format=Format.IN_PERSON)
    online_for_state = OfferingFactory(region=state, format=Format.ONLINE)
    in_person_for_state = OfferingFactory(region=state, format=Format.IN_PERSON)

    serving_magdeburg = set(Offering.objects.serving(magdeburg))
    assert serving_magdeburg == {in_magdeburg, online_for_state}
    assert set(Offering.objects.serving(state)) == {
        in_magdeburg,
        in_halle,
        online_for_state,
        in_person_for_state,
    }
    for offering in (in_magdeburg, in_halle, online_for_state, in_person_for_state):
        assert offering.serves(magdeburg) is (offering in serving_magdeburg)
