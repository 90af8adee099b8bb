"""Renewal reminders (R11): 90 and 30 days before a certificate expires, once each, with the
next refresher dates in the holder's region and in the holder's language."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from courses import services
from courses.models import Certificate
from courses.renewal_mail import RENEWAL_REMINDER
from courses.services.renewal_reminders import due_reminders, send_renewal_reminders
from portal.mail import page_url
from tests.courses.catalog_data import offer
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def german_date(day) -> str:
    with translation.override("de"):
        return date_format(day, "DATE_FORMAT")


@pytest.fixture
def site_pages(shared_site_pages):
    """The demo site (its catalogue serves the modules' pages, its settings the contact)."""
    return shared_site_pages


def module_url(page) -> str:
    url = page_url(page)
    assert url.startswith("http") and "/fortbildungen/" in url
    return url


@pytest.fixture
def threat_management(site_pages):
    """A qualification valid for 24 months from one module, and its refresher."""
    (basis,) = modules(1)
    q = qualification(basis, title="Persönliches Bedrohungsmanagement", validity_months=24)
    (refresher,) = modules(1)
    refresher.title = "Auffrischung Bedrohungsmanagement"
    refresher.renews_qualifications.add(q)
    refresher.save()
    return q, basis, refresher


def holder(threat_management, days_left, **person):
    """A person holding the qualification, which expires in ``days_left`` days."""
    _q, basis, _refresher = threat_management
    person = ProfessionalFactory(**person)
    attend(person, basis, days_ago=10)
    certificate = Certificate.objects.get(kind=Certificate.Kind.QUALIFICATION, holder=person)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=days(days_left))
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run the reminders (the command, or the service for another day); return the mails."""

    def send(today=None):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            if today is None:
                out = io.StringIO()
                call_command("send_renewal_reminders", stdout=out)
                sent = int(out.getvalue().split()[0])
            else:
                sent = send_renewal_reminders(today=today)
        mails = mailoutbox[before:]
        assert sent == len(mails)
        return mails

    return send


# When -----------------------------------------------------------------------------------------


def test_90_and_30_day_reminders_are_sent_once_each(run, threat_management):
    certificate = holder(threat_management, days_left=60)
    [mail] = run()
    assert mail.to == [certificate.holder.email]
    assert mail.extra_headers["X-Courses-Event"] == RENEWAL_REMINDER
    certificate.refresh_from_db()
    assert certificate.reminded_90_at is not None and certificate.reminded_30_at is None
    assert run() == []  # a second run finds nothing

    # 40 days later 20 days are left: the second reminder, once.
    [second] = run(today=days(40))
    assert second.to == [certificate.holder.email]
    assert german_date(certificate.valid_until) in second.body
    certificate.refresh_from_db()
    assert certificate.reminded_30_at is not None
    assert run(today=days(41)) == []
    assert run(today=days(61)) == []  # expired


def test_the_90_day_window_includes_day_90_and_not_day_91(run, threat_management):
    holder(threat_management, days_left=91)
    assert run() == []
    assert len(run(today=days(1))) == 1


def test_when_both_are_due_only_the_30_day_reminder_is_sent(run, threat_management):
    certificate = holder(threat_management, days_left=20)  # the command did not run for months
    assert len(run()) == 1
    certificate.refresh_from_db()
    assert certificate.reminded_30_at is not None
    assert certificate.reminded_90_at == certificate.reminded_30_at
    assert run() == []


def test_expired_revoked_unlimited_or_without_holder_get_nothing(run, threat_management):
    holder(threat_management, days_left=-1)
    holder(threat_management, days_left=0)  # the last valid day: too late for a reminder
    revoked = holder(threat_management, days_left=20)
    services.revoke_certificate(revoked, None, "Fehler")
    unlimited = holder(threat_management, days_left=20)
    Certificate.objects.filter(pk=unlimited.pk).update(valid_until=None)
    inactive = holder(threat_management, days_left=20)
    inactive.holder.is_active = False
    inactive.holder.save()
    deleted = holder(threat_management, days_left=20)
    Certificate.objects.filter(pk=deleted.pk).update(holder=None)
    assert run() == []


def test_no_reminder_when_the_module_was_attended_again(run, site_pages):
    (module,) = modules(1, validity_months=12)
    person = ProfessionalFactory()
    old = services.issue_certificate(attend(person, module, days_ago=340))
    new = services.issue_certificate(attend(person, module, days_ago=10))
    Certificate.objects.filter(pk=old.pk).update(valid_until=days(20))
    assert new.valid_until > days(90)
    assert run() == []
    services.revoke_certificate(new, None, "Fehler")
    [mail] = run()
    assert mail.to == [person.email]


def test_a_renewal_starts_the_reminders_again(run, threat_management):
    certificate = holder(threat_management, days_left=20)
    assert len(run()) == 1
    _q, _basis, refresher = threat_management
    attend(certificate.holder, refresher, days_ago=1)
    certificate.refresh_from_db()
    assert certificate.reminded_30_at is None and certificate.reminded_90_at is None
    remaining = (certificate.valid_until - TODAY).days
    assert len(run(today=days(remaining - 60))) == 1  # 60 days before the new expiry


def test_the_selection_takes_one_query_however_many_certificates(
    threat_management, django_assert_num_queries
):
    holder(threat_management, days_left=60)
    with django_assert_num_queries(1):
        assert len(due_reminders(TODAY)) == 1
    for left in (10, 30, 90):
        holder(threat_management, days_left=left)
    with django_assert_num_queries(1):
        assert len(due_reminders(TODAY)) == 4


# What the mail says ---------------------------------------------------------------------------


def test_the_mail_lists_refresher_dates_in_the_holders_region_only(run, threat_management):
    _q, _basis, refresher = threat_management
    here = offer(refresher, days=40, region="magdeburg")
    elsewhere = offer(refresher, days=20, region="koeln")
    certificate = holder(threat_management, days_left=60)
    [mail] = run()
    html = mail.alternatives[0][0]
    for text in (mail.body, html):
        assert "Persönliches Bedrohungsmanagement" in text
        assert german_date(certificate.valid_until) in text
        assert "Auffrischung Bedrohungsmanagement" in text
        assert german_date(here.sessions.get().date) in text
        assert german_date(elsewhere.sessions.get().date) not in text
        assert "Köln" not in text
        assert module_url(refresher) in text
        assert reverse("courses:my_trainings") in text
    assert "Persönliches Bedrohungsmanagement" in mail.subject


def test_without_a_region_the_next_three_dates_anywhere(run, threat_management):
    _q, _basis, refresher = threat_management
    dates = [offer(refresher, days=d, region=r) for d, r in ((20, "koeln"), (30, "magdeburg"))]
    later = [offer(refresher, days=d) for d in (40, 50)]
    holder(threat_management, days_left=60, region=None)
    [mail] = run()
    for offering in dates + later[:1]:
        assert german_date(offering.sessions.get().date) in mail.body
    assert german_date(later[1].sessions.get().date) not in mail.body  # three at most


def test_without_a_refresher_date_the_mail_points_to_the_refresher_page(run, threat_management):
    _q, _basis, refresher = threat_management
    offer(refresher, days=20, region="koeln")  # not for Magdeburg
    holder(threat_management, days_left=60, language="en")
    [mail] = run()
    assert "There is currently no refresher date for Magdeburg." in mail.body
    assert "express your interest" in mail.body
    assert module_url(refresher) in mail.body
    assert module_url(refresher) in mail.alternatives[0][0]


def test_a_module_certificate_is_renewed_by_the_modules_refreshers(run, site_pages):
    (module,) = modules(1, validity_months=12)
    (refresher,) = modules(1)
    refresher.title = "Auffrischung Fallberatung"
    refresher.renews_modules.add(module)
    refresher.save()
    upcoming = offer(refresher, days=30)
    (other,) = modules(1)
    offer(other, days=25)  # renews nothing
    person = ProfessionalFactory()
    certificate = services.issue_certificate(attend(person, module, days_ago=10))
    assert certificate.valid_until is not None
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=days(30))
    [mail] = run()
    assert mail.to == [person.email]
    assert "Auffrischung Fallberatung" in mail.body
    assert module_url(refresher) in mail.body
    assert german_date(upcoming.sessions.get().date) in mail.body
    assert german_date(days(25)) not in mail.body


def test_the_mail_is_in_the_holders_language(run, threat_management):
    _q, _basis, refresher = threat_management
    offer(refresher, days=40)
    german = holder(threat_management, days_left=60, language="de")
    english = holder(threat_management, days_left=60, language="en")
    mails = {mail.to[0]: mail for mail in run()}
    de, en = mails[german.holder.email], mails[english.holder.email]
    assert "Meine Fortbildungen" in de.body and "My trainings" not in de.body
    assert "My trainings" in en.body and "Meine Fortbildungen" not in en.body
    assert german_date(german.valid_until) in de.body
    with translation.override("en"):
        assert date_format(english.valid_until, "DATE_FORMAT") in en.body
    assert 'lang="en"' in en.alternatives[0][0]
    assert "Your qualification" in en.subject


def test_the_command_says_how_many_were_sent(
    threat_management, django_capture_on_commit_callbacks
):
    holder(threat_management, days_left=60)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_renewal_reminders", stdout=out)
    assert out.getvalue() == "1 renewal reminder(s) sent.\n"
