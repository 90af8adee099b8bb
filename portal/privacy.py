"""What the platform knows about a person: the data export (Art. 15/20 GDPR) and the account
deletion (Art. 17 GDPR).

Apps that hold personal data register a contributor with the hook
``register_privacy_contributor`` instead of the portal importing them (DESIGN.md §2). A
contributor exports what it holds about a user and anonymises it before the
account is deleted, so statistics (for example how many took part in an offering) survive
without a link to the person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from portal.hooks import PRIVACY_CONTRIBUTORS, collect


@dataclass(frozen=True)
class Contributor:
    key: str
    export: Callable  # (user) -> JSON-serialisable data
    anonymise: Callable  # (user) -> None, called inside the deletion's transaction


def contributors() -> list[Contributor]:
    return collect(PRIVACY_CONTRIBUTORS)


def export_user_data(user) -> dict:
    """Everything stored about the person, as plain data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
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
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
    }
    for contributor in contributors():
        data[contributor.key] = contributor.export(user)
    return data


def delete_account(user) -> None:
    """Anonymise what must stay for the statistics, then delete the account for good."""
    with transaction.atomic():
        for contributor in contributors():
            contributor.anonymise(user)
        # No audit-log entry: it would keep the name of the person who asked to be forgotten.
        user.delete()
