"""The register of personal data (R6): every model that may hold personal data is declared by a
privacy contributor (portal.privacy) or exempted here, with a reason.

The rule, applied to each concrete, non-proxy model of every installed app (Wagtail's, allauth's
and Django's included), on the fields the model defines itself (a multi-table child such as a
page type is judged on its own fields; the inherited ones are judged on the parent):

- a relation (foreign key, one-to-one, many-to-many) to ``settings.AUTH_USER_MODEL``;
- an ``EmailField``;
- a text field (``CharField``/``TextField`` and subclasses) whose name, split at underscores,
  contains one of ``PERSONAL_WORDS`` (so ``first_name``, ``preferred_contact``,
  ``decline_reason`` and ``internal_notes`` count, ``username`` or ``notification`` do not).

The rule looks at the schema, not the content: free-form JSON (form submissions, queued mails,
log entries) is not caught by it and has to be reviewed by hand. An exemption is for a whole
model; when an exempted model gains a field, review its reason.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from portal.privacy import contributors, declared_models

PERSONAL_WORDS = {
    "email",
    "name",
    "phone",
    "mobile",
    "fax",
    "contact",
    "address",
    "description",
    "comment",
    "reason",
    "note",
    "notes",
    "text",
    "message",
}

# "app_label.ModelName" -> why the model is not (yet) declared by a contributor.
EXEMPT = {
    # Vocabulary and configuration: names of things, not of people.
    "portal.Topic": "Vocabulary: topic names and descriptions are not personal.",
    "portal.Audience": "Vocabulary: names of fields of work.",
    "portal.Region": "Vocabulary: names of regions.",
    "portal.Provider": "An organisation's public contact (name, e-mail, address), not a person's.",
    "portal.SiteSettings": "The platform's own public contact details.",
    "taggit.Tag": "Vocabulary: tag names.",
    "auth.Group": "Configuration: role names.",
    "auth.Permission": "Configuration: permission names.",
    "wagtailcore.Site": "Configuration: site name.",
    "wagtailcore.Collection": "Configuration: collection names.",
    "wagtailcore.Workflow": "Configuration: workflow names.",
    "wagtailcore.Task": "Configuration: workflow task names.",
    "wagtailembeds.Embed": "Public oEmbed metadata of embedded media (author, provider).",
    # Content and its editorial history: the link to the editor is SET_NULL on deletion.
    "wagtailcore.Page": (
        "Pages are content; owner and locked_by are SET_NULL when the account is deleted, "
        "search_description is page text."
    ),
    "wagtailcore.Revision": "Content history; the author link is SET_NULL on deletion.",
    "courses.Qualification": "A catalogue page: its description is page text, not a person's.",
    "wagtailcore.UploadedFile": "Upload in progress; uploaded_by_user is SET_NULL on deletion.",
    "wagtaildocs.Document": "Content; uploaded_by_user is SET_NULL on deletion.",
    "wagtailimages.Image": (
        "Content; uploaded_by_user is SET_NULL on deletion, description is alt text."
    ),
    # Anonymous by construction: no link to a person or enrolment, the date only (R10).
    "courses.TransferAnswer": (
        "Anonymous transfer-survey answers: no link to the person or the enrolment, only the "
        "date; the enrolment only remembers that it answered (exported with the enrolment). "
        "The free texts are checked for client data and are about practice, not people."
    ),
    "wagtailsearch.IndexEntry": (
        "The search index copies the titles and texts of pages, documents and vocabulary to "
        "search them; it holds what that content holds and is rebuilt from it."
    ),
}

# Models whose fields depend on the database: Wagtail's search index has text columns on
# PostgreSQL only (SQLite keeps them in a full-text table of its own).
DEPENDS_ON_DATABASE = {"wagtailsearch.IndexEntry"}


def _personal_fields(model) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if field.is_relation:
            if field.related_model is user_model:
                found.append(f"{field.name} (relation to the user)")
        elif isinstance(field, models.EmailField):
            found.append(f"{field.name} (e-mail)")
        elif isinstance(field, models.CharField | models.TextField) and PERSONAL_WORDS & set(
            field.name.split("_")
        ):
            found.append(f"{field.name} (text by name)")
    return found


def _candidates() -> dict[str, list[str]]:
    return {
        model._meta.label: fields
        for model in apps.get_models()
        if not model._meta.proxy and (fields := _personal_fields(model))
    }


def _declared() -> set[str]:
    return {model._meta.label for model in declared_models()}


@pytest.mark.parametrize("label", sorted(_candidates()))
def test_every_model_with_personal_data_is_declared_or_exempt(label):
    assert label in _declared() or label in EXEMPT, (
        f"{label} may hold personal data ({', '.join(_candidates()[label])}): name it in a "
        "privacy contributor's models (with its retention), or exempt it here with a reason."
    )


def test_declarations_and_exemptions_do_not_overlap():
    assert _declared() & set(EXEMPT) == set()


def test_no_model_is_declared_twice():
    labels = [model._meta.label for c in contributors() for model in c.models]
    assert sorted({label for label in labels if labels.count(label) > 1}) == []


def test_every_exemption_names_an_existing_model_the_rule_catches():
    candidates = _candidates()
    for label, reason in EXEMPT.items():
        apps.get_model(label)  # LookupError for a model that no longer exists
        if label in DEPENDS_ON_DATABASE:
            continue
        assert label in candidates, f"{label} is exempt but holds nothing the rule catches"
        assert reason.strip(), label


def test_every_contributor_names_its_models_and_retention():
    keys = [c.key for c in contributors()]
    assert len(keys) == len(set(keys))
    for contributor in contributors():
        assert contributor.models, contributor.key
        assert contributor.retention.strip(), contributor.key
        for model in contributor.models:
            assert apps.get_model(model._meta.label) is model


def test_the_portal_declares_the_account_and_what_cascades_with_it():
    assert {
        "portal.User",
        "account.EmailAddress",
        "mfa.Authenticator",
        "sessions.Session",
        "wagtailusers.UserProfile",
    } <= _declared()
    assert [c.key for c in contributors()][:2] == ["account", "email_addresses"]
