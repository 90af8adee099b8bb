"""The demo has what a believable funders' report of the last twelve months needs: every
module funded, completed offerings of every project with attendance, and evaluation answers."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from courses import demo as courses_demo
from courses.models import ModuleFunding, ModulePage
from courses.reports import funding_report
from portal import demo as portal_demo
from portal.models import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            portal_demo.seed(log=lambda message: None)
            courses_demo.seed(log=lambda message: None)
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def seeded(demo_for_module, db):
    return None


def last_year(**kwargs):
    today = timezone.localdate()
    return funding_report(today - datetime.timedelta(days=365), today, **kwargs)


def test_every_module_is_funded(seeded):
    modules = ModulePage.objects.filter(locale__language_code="de")
    assert modules.count() == 13
    assert not modules.exclude(fundings__isnull=False).exists()
    references = ModuleFunding.objects.values_list("reference", flat=True)
    assert all(reference.startswith("DEMO-") for reference in references)
    # Translations carry the same funding.
    english = ModulePage.objects.filter(locale__language_code="en")
    assert not english.exclude(fundings__isnull=False).exists()


def test_a_believable_year(seeded):
    report = last_year()
    assert report.offerings_held >= 15
    assert report.attended_persons >= 20
    assert report.teaching_units > 0 and report.hours > 0
    assert not report.evaluation.withheld
    assert len(report.by_state) >= 2


@pytest.mark.parametrize("short_name", ["BMFSFJ", "Land Sachsen-Anhalt", "NRW / ESF"])
def test_every_funder_has_offerings(seeded, short_name):
    funder = Provider.objects.get(short_name=short_name, kind=Provider.Kind.FUNDER)
    report = last_year(funder=funder)
    assert report.offerings_held >= 4
    assert report.attended_participations > 0
    assert {line.funder for line in report.fundings} == {funder.name}
    # Rated past offerings of every project: each funder's report shows averages.
    assert not report.evaluation.withheld
