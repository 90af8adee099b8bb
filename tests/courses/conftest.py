import pytest

from tests.courses.factories import OfferingFactory
from tests.factories import UserFactory


@pytest.fixture
def offering(db):
    return OfferingFactory()


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def sent(django_capture_on_commit_callbacks, mailoutbox):
    """Call ``sent(fn, *args)``: run a service as a committed transaction, return the mails."""

    def run(fn, *args, **kwargs):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = fn(*args, **kwargs)
        run.result = result
        return mailoutbox[before:]

    return run
