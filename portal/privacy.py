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
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation,
        "position": user.position,
        "field_of_work": user.audience.name if user.audience_id else None,
        "region": user.region.name if user.region_id else None,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def export_email_addresses(user) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user)
    ]


def delete_with_account(user) -> None:
    """Nothing to do beforehand: ``user.delete()`` removes these rows (CASCADE)."""


def account_contributor() -> Contributor:
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, PageSubscription
    from wagtail.users.models import UserProfile

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
            "deletion; other sessions hold only the user id and expire with the session "
            "cookie age (no retention job yet)."
        ),
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
    """Anonymise what must stay for the statistics, then delete the account for good."""
    with transaction.atomic():
        for contributor in contributors():
            contributor.anonymise(user)
        # No audit-log entry: it would keep the name of the person who asked to be forgotten.
        user.delete()
