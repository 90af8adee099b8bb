"""Wagtail's own admin mails (moderation, workflow) greet as the platform's mails do, and the
admin asks no third party for avatars."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.mail import send_notification
from wagtail.users.models import UserProfile

from tests.courses.factories import ModulePageFactory
from tests.factories import CoordinatorFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision():
    return ModulePageFactory(title="Übergangsmanagement").save_revision()


def approved_mail(mailoutbox, revision, user):
    assert send_notification([user], "approved", {"revision": revision})
    [message] = mailoutbox
    return message


def test_a_moderation_mail_greets_formally_in_german(mailoutbox, revision):
    trainer = TrainerFactory(first_name="Rita", last_name="Referentin", language="de")

    message = approved_mail(mailoutbox, revision, trainer)

    assert message.body.startswith("Guten Tag Rita Referentin,")
    assert "Hallo" not in message.body
    assert "Übergangsmanagement" in message.body


def test_a_moderation_mail_greets_in_english_for_english_admins(mailoutbox, revision):
    trainer = TrainerFactory(first_name="Rita", last_name="Referentin")
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "en"
    profile.save()

    message = approved_mail(mailoutbox, revision, trainer)

    assert message.body.startswith("Hello Rita Referentin,")


def test_the_html_part_greets_the_same_way_and_without_a_name_too(revision):
    trainer = TrainerFactory(first_name="", last_name="")

    with translation.override("de"):
        html = render_to_string(
            "wagtailadmin/notifications/approved.html", {"revision": revision, "user": trainer}
        )

    assert "<p>Guten Tag,</p>" in html
    assert "Hallo" not in html


def test_the_admin_loads_no_gravatar(client):
    coordinator = CoordinatorFactory()  # with a second factor (TOTP)
    client.force_login(coordinator)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
