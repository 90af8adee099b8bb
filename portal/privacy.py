"""What the platform knows about a person: the data export (Art. 15/20 GDPR) and the account
deletion (Art. 17 GDPR).

Apps that hold personal data register a contributor with the hook
``register_privacy_contributor`` instead of the portal importing them (DESIGN.md §2). A
contributor exports what it holds about a user and anonymises it before the
account is deleted, so statistics (for example how many took part in an offering) survive
without a link to the person.

The contributors are also the register of personal data (R6): each names the models it answers
for (``models``) and says in a sentence how long their data is kept and what happens on
deletion (``retention``). ``tests/portal/test_privacy_registry.py`` walks every installed model
and fails when one that looks personal is neither declared here nor exempted there with a
reason. The portal's own contributors (the account, e-mail addresses) are registered first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models as db_models
from django.db import transaction
from django.utils import timezone

from portal.hooks import PRIVACY_CONTRIBUTORS, collect


@dataclass(frozen=True)
class Contributor:
    key: str
    export: Callable  # (user) -> JSON-serialisable data
    anonymise: Callable  # (user) -> None, called inside the deletion's transaction
    _: KW_ONLY
    # The models whose personal data this contributor exports, erases or deliberately keeps.
    models: tuple[type[db_models.Model], ...]
    # How long the data is kept and what the account deletion does to it (one or two sentences,
    # for the record of processing activities).
    retention: str
    # The retention job: ``(now, periods) -> dict[str, int]`` deletes or anonymises what is
    # past its period and returns counts by kind; run daily by ``manage.py apply_retention``
    # (portal.retention). It must be idempotent and safe to run twice at the same time.
    retain: Callable | None = None


def contributors() -> list[Contributor]:
    return collect(PRIVACY_CONTRIBUTORS)


def declared_models() -> dict[type[db_models.Model], str]:
    """Every model a contributor answers for, with the contributor's key."""
    return {model: c.key for c in contributors() for model in c.models}


def export_user_data(user) -> dict:
    """Everything stored about the person, as plain data."""
    data = {"exported_at": timezone.now().isoformat()}
    for contributor in contributors():
        data[contributor.key] = contributor.export(user)
    return data


def export_account(user) -> dict:
    """The account with its profile, and what hangs on it: second factors (type and use, never
    their secrets), the admin profile (staff preferences), page subscriptions, API tokens (name
    and use, never the key) and the admin's editing sessions and saved form drafts."""
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, PageSubscription
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation,
        "position": user.position,
        "field_of_work": user.audience.name if user.audience_id else None,
        "region": user.region.name if user.region_id else None,
        # Voluntary and self-declared, asked only where a funder requires it.
        "gender": user.gender or None,
        "language": user.language,
        "language_label": str(dict(settings.LANGUAGES).get(user.language, user.language)),
        "date_joined": user.date_joined.isoformat(),
        "last_login": _iso(user.last_login),
        # When the person was warned that the account is deleted for inactivity.
        "retention_warning_sent_at": _iso(user.retention_warning_sent_at),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        # Whether a password is set; the password itself is stored only as a hash.
        "has_password": user.has_usable_password(),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
        "authenticators": [
            {
                "type": authenticator.type,
                "type_label": str(authenticator.get_type_display()),
                "name": (authenticator.data or {}).get("name", "")
                if authenticator.type == Authenticator.Type.WEBAUTHN
                else "",
                "created_at": authenticator.created_at.isoformat(),
                "last_used_at": _iso(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "admin_profile": _admin_profile(profile) if profile else None,
        "page_subscriptions": [
            {
                "page": subscription.page.title,
                "comment_notifications": subscription.comment_notifications,
            }
            for subscription in PageSubscription.objects.filter(user=user)
            .select_related("page")
            .order_by("pk")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "created_at": token.created.isoformat(),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in APIToken.objects.filter(user=user).order_by("created")
        ],
        "admin_editing_sessions": [
            {
                "object": f"{session.content_type.app_label}.{session.content_type.model} "
                f"#{session.object_id}",
                "last_seen_at": session.last_seen_at.isoformat(),
            }
            for session in EditingSession.objects.filter(user=user)
            .select_related("content_type")
            .order_by("last_seen_at")
        ],
        "admin_form_drafts": [
            {
                "object": f"{state.content_type.app_label}.{state.content_type.model} "
                f"#{state.object_id}",
                "last_updated_at": state.last_updated_at.isoformat(),
                "data": state.data,
            }
            for state in FormState.objects.filter(user=user)
            .select_related("content_type")
            .order_by("last_updated_at")
        ],
    }


def _admin_profile(profile) -> dict:
    """The Wagtail admin preferences of a staff account (no avatar image, only whether one is
    set: the image file is what the person uploaded themselves)."""
    return {
        "preferred_language": profile.preferred_language,
        "current_time_zone": profile.current_time_zone,
        "theme": profile.theme,
        "contrast": profile.contrast,
        "density": profile.density,
        "keyboard_shortcuts": profile.keyboard_shortcuts,
        "submitted_notifications": profile.submitted_notifications,
        "approved_notifications": profile.approved_notifications,
        "rejected_notifications": profile.rejected_notifications,
        "updated_comments_notifications": profile.updated_comments_notifications,
        "has_avatar": bool(profile.avatar),
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def export_email_addresses(user) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def delete_with_account(user) -> None:
    """Nothing to do beforehand: ``user.delete()`` removes these rows (CASCADE)."""


def account_contributor() -> Contributor:
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, PageSubscription
    from wagtail.users.models import UserProfile

    from portal.retention import retain_accounts

    return Contributor(
        "account",
        export_account,
        delete_with_account,
        models=(
            get_user_model(),
            UserProfile,
            Authenticator,
            PageSubscription,
            EditingSession,
            FormState,
            APIToken,
            Session,
        ),
        retention=(
            "Kept while the account exists. The deletion removes the user and, by CASCADE, the "
            "admin profile, second factors (not exported: secrets), page subscriptions, admin "
            "editing sessions and form states, API tokens. The current session is ended at "
            "deletion; other sessions hold only the user id and are deleted once expired. "
            "Accounts without a login for PRIVACY_RETENTION['inactive_account_days'] (3 years) "
            "are warned by mail 'account_warning_days' (30) ahead and then deleted like this; "
            "superusers never (portal.retention)."
        ),
        retain=retain_accounts,
    )


def email_addresses_contributor() -> Contributor:
    return Contributor(
        "email_addresses",
        export_email_addresses,
        delete_with_account,
        models=(EmailAddress,),
        retention=(
            "Kept while the account exists; deleted with it by CASCADE, and their confirmation "
            "keys with them."
        ),
    )


def delete_account(user) -> None:
    """Anonymise what must stay for the statistics, then delete the account for good.

    Afterwards no table holds the person's e-mail address or name (Art. 17 GDPR; checked by
    ``tests/portal/test_erasure_trace.py``): the contributors clear what their apps own, then
    ``portal.erasure.erase_traces`` rewrites the audit log, drops queued mails and ends the
    person's sessions, last, because the contributors' own steps log and queue.
    """
    from portal import erasure

    with transaction.atomic():
        for contributor in contributors():
            contributor.anonymise(user)
        erasure.erase_traces(user)
        # No audit-log entry: it would keep the name of the person who asked to be forgotten.
        user.delete()


def export_project_roles(user) -> dict:
    """The projects the person coordinates or reads as the state coordination."""
    return {
        "coordinates": sorted(user.coordinated_projects.values_list("name", flat=True)),
        "reads": sorted(user.observed_projects.values_list("name", flat=True)),
    }


def remove_project_roles(user) -> None:
    user.coordinated_projects.clear()
    user.observed_projects.clear()


def project_roles_contributor() -> Contributor:
    from portal.models import Project

    return Contributor(
        "project_roles",
        export_project_roles,
        remove_project_roles,
        models=(Project,),
        retention=(
            "A person is named on a project as coordinator or state coordination while an "
            "administrator keeps them there; the account deletion removes them. The project's "
            "name and description are not personal."
        ),
    )
