import pytest

from portal.models import Region, Topic
from tests.courses.factories import ModulePageFactory


@pytest.fixture
def topic(db):
    return Topic.objects.get(slug="rechtsextremismus")


@pytest.fixture
def other_topic(db):
    return Topic.objects.get(slug="arbeitsmarktintegration")


@pytest.fixture
def state(db):
    return Region.objects.get(slug="sachsen-anhalt")


@pytest.fixture
def magdeburg(db):
    return Region.objects.get(slug="magdeburg")


@pytest.fixture
def halle(db):
    return Region.objects.get(slug="halle-saale")


@pytest.fixture
def nrw(db):
    return Region.objects.get(slug="nordrhein-westfalen")


@pytest.fixture
def module_for(db):
    """``module_for(topic, ...)``: a published module carrying the topics."""

    def make(*topics, audiences=(), **kwargs):
        module = ModulePageFactory(**kwargs)
        module.topics.set(topics)
        module.audiences.set(audiences)
        module.save()
        return module

    return make
