"""The content version: changed at once and after the commit, shared through a file."""

import pytest
from django.core.cache import cache

from portal import content_version

pytestmark = pytest.mark.django_db


def test_bump_changes_the_version_at_once_and_again_after_the_commit(
    django_capture_on_commit_callbacks,
):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        content_version.bump()
        during = content_version.current()
        content_version.bump()  # one more change: still one bump after the commit
    after = content_version.current()
    assert len(callbacks) == 1
    assert len({before, during, after}) == 3


def test_the_version_in_a_file_is_shared_through_the_file(settings, tmp_path):
    settings.PORTAL_CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    assert content_version.current() == "0"
    content_version.bump()
    first = content_version.current()
    content_version.bump()
    assert content_version.current() not in {"0", first}
    # Another worker reads the same file: the cache holds no part of it.
    cache.clear()
    assert content_version.current() == (tmp_path / "content-version").read_text()
