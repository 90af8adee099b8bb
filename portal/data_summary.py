"""The readable summary of a person's data (HTML page and PDF beside the JSON export).

It is built from ``portal.privacy.export_user_data`` and nothing else, so the summary shows what
the JSON holds: every key of the export appears, with a label from ``LABELS`` (or, for a key
nobody labelled yet, the key itself made readable). Raw choice values are replaced by their
``<key>_label`` sibling; ISO dates and times become dates the template formats for people;
empty values are left out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from portal.privacy import export_user_data

# Section titles, by contributor key (the top-level keys of the export).
SECTION_TITLES = {
    "account": _("Account and profile"),
    "email_addresses": _("Email addresses"),
    "enrollments": _("Enrolments"),
    "certificates": _("Certificates"),
    "calendar_feed": _("Calendar subscription"),
    "needs_analysis": _("Requests, interests and reported needs"),
    "consultation_requests": _("Consultation requests"),
    "in_house_requests": _("In-house training requests"),
    "interests": _("Interests in modules"),
    "findings": _("Needs you reported or that came from your requests"),
    "workshop_registrations": _("Workshop talk registrations"),
    "teaching": _("Teaching"),
    "modules": _("Modules you teach"),
    "offerings": _("Offerings you teach"),
    "workshop_facilitation": _("Workshop talks you facilitate"),
    "editorial": _("Comments and reviews in the administration"),
    "comments": _("Comments"),
    "comment_replies": _("Replies to comments"),
    "reviews_requested": _("Reviews you requested"),
    "moderation_actions": _("Your review decisions"),
    "audit_log": _("Audit log"),
    "background_tasks": _("Emails to you in the sending queue"),
    "consultation_messages": _("Your messages about consultation requests"),
    "project_roles": _("Projects you coordinate or read"),
}

# Field labels, by key (the same key means the same thing in every section).
LABELS = {
    "email": _("Email"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "organisation": _("Organisation"),
    "position": _("Position"),
    "field_of_work": _("Field of work"),
    "region": _("Region"),
    "gender": _("Gender (voluntary)"),
    "language": _("Language for emails"),
    "date_joined": _("Registered"),
    "last_login": _("Last login"),
    "is_active": _("Account active"),
    "is_staff": _("Access to the administration"),
    "is_superuser": _("Administrator"),
    "has_password": _("Password set"),
    "groups": _("Roles"),
    "permissions": _("Individual permissions"),
    "authenticators": _("Two-factor authentication"),
    "type": _("Type"),
    "name": _("Name"),
    "created_at": _("Created"),
    "updated_at": _("Last changed"),
    "last_used_at": _("Last used"),
    "revoked_at": _("Revoked"),
    "admin_profile": _("Administration settings"),
    "preferred_language": _("Language of the administration"),
    "current_time_zone": _("Time zone"),
    "theme": _("Theme"),
    "contrast": _("Contrast"),
    "density": _("Density"),
    "keyboard_shortcuts": _("Keyboard shortcuts"),
    "submitted_notifications": _("Notifications about submitted pages"),
    "approved_notifications": _("Notifications about approved pages"),
    "rejected_notifications": _("Notifications about rejected pages"),
    "updated_comments_notifications": _("Notifications about comments"),
    "has_avatar": _("Profile picture"),
    "page_subscriptions": _("Page subscriptions"),
    "page": _("Page"),
    "comment_notifications": _("Notifications about comments"),
    "api_tokens": _("API tokens"),
    "admin_editing_sessions": _("Editing sessions in the administration"),
    "admin_form_drafts": _("Unsaved forms in the administration"),
    "object": _("Object"),
    "last_seen_at": _("Last seen"),
    "last_updated_at": _("Last updated"),
    "data": _("Content"),
    "verified": _("Confirmed"),
    "primary": _("Primary address"),
    "module": _("Module"),
    "offering": _("Offering"),
    "sessions": _("Dates"),
    "status": _("Status"),
    "comment": _("Comment"),
    "requested_at": _("Requested"),
    "confirmed_at": _("Confirmed"),
    "waitlisted_at": _("Put on the waiting list"),
    "offered_at": _("Seat offered from the waiting list"),
    "offer_expires_at": _("Offer open until"),
    "cancelled_at": _("Cancelled"),
    "declined_at": _("Declined"),
    "late_cancellation": _("Cancelled late"),
    "decline_reason": _("Reason for declining"),
    "reminder_sent_at": _("Reminder sent"),
    "evaluation_requested_at": _("Asked for evaluation"),
    "evaluated": _("Evaluation answered"),
    "transfer_survey_sent_at": _("Transfer survey sent"),
    "transfer_answered": _("Transfer survey answered"),
    "body": _("Message"),
    "request": _("Request"),
    "redacted_at": _("Redacted"),
    "coordinates": _("Projects you coordinate"),
    "reads": _("Projects you read as the state coordination"),
    "attendance": _("Attendance"),
    "date": _("Date"),
    "start": _("Start"),
    "present": _("Present"),
    "code": _("Verification code"),
    "verification_url": _("Verification page"),
    "participant_name": _("Name on the certificate"),
    "dates": _("Dates"),
    "first_date": _("First day"),
    "last_date": _("Last day"),
    "hours": _("Hours"),
    "teaching_units": _("Teaching units"),
    "topics": _("Topics"),
    "provider": _("Provider"),
    "trainers": _("Trainers"),
    "issued_at": _("Issued"),
    "revoke_reason": _("Reason for revoking"),
    "certificate_kind": _("Kind of certificate"),
    "funders": _("Funded by"),
    "counted_modules": _("Modules"),
    "valid_until": _("Valid until"),
    "renewals": _("Renewals"),
    "previous_valid_until": _("Valid until before"),
    "renewed_at": _("Renewed"),
    "phase": _("Phase"),
    "description": _("Description"),
    "preferred_contact": _("Preferred contact"),
    "internal_notes": _("Notes of the coordination"),
    "closed_at": _("Closed"),
    "group_size": _("Group size"),
    "preferred_period": _("Preferred period"),
    "message": _("Message"),
    "notified_at": _("Notified"),
    "notified_offering": _("Notified about"),
    "recorded_on": _("Recorded on"),
    "channel": _("Channel"),
    "workshop": _("Workshop talk"),
    "kind": _("Kind of need"),
    "urgency": _("Urgency"),
    "staff_affected": _("Staff affected"),
    "source": _("Source"),
    "recorded_by_you": _("Recorded by you"),
    "starts_at": _("Starts"),
    "registered_at": _("Registered"),
    "retention_warning_sent_at": _("Warned about deletion for inactivity"),
    "cancelled": _("Cancelled"),
    "text": _("Text"),
    "resolved_at": _("Resolved"),
    "workflow": _("Workflow"),
    "task": _("Review step"),
    "finished_at": _("Finished"),
    "timestamp": _("Time"),
    "action": _("Action"),
    "label": _("Entry"),
    "by_you": _("Done by you"),
    "recipients": _("Recipients"),
    "subject": _("Subject"),
    "enqueued_at": _("Queued"),
}

# The key whose value names a record in a list (the first one present), as its heading.
TITLE_KEYS = ("offering", "module", "workshop", "email", "page", "name", "object", "type")

LABEL_SUFFIX = "_label"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A session as the export writes it: "2025-03-05 09:00-16:00".
SESSION = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})-(\d{2}:\d{2})")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


@dataclass
class Field:
    """One value: ``kind`` tells the template how to show it (text, date, datetime, session,
    bool, list, record or records)."""

    key: str
    label: str
    value: object
    kind: str


@dataclass
class Record:
    title: str
    fields: list[Field]


@dataclass
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.records and all(s.is_empty for s in self.subsections)


@dataclass
class Summary:
    exported_at: datetime.datetime | None
    sections: list[Section]


def data_summary(user) -> Summary:
    """The person's export as sections for the summary page and its PDF."""
    return summarise(export_user_data(user))


def summarise(data: dict) -> Summary:
    sections = [_section(key, value) for key, value in data.items() if key != "exported_at"]
    return Summary(exported_at=_moment(data.get("exported_at")), sections=sections)


def label_for(key: str) -> str:
    return str(LABELS.get(key) or SECTION_TITLES.get(key) or key.replace("_", " ").capitalize())


def title_for(key: str) -> str:
    return str(SECTION_TITLES.get(key) or label_for(key))


def _section(key: str, value) -> Section:
    section = Section(key=key, title=title_for(key))
    if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
        section.subsections = [_section(sub_key, sub) for sub_key, sub in value.items()]
    elif isinstance(value, dict):
        section.records = [Record(title="", fields=_fields(value))]
    elif isinstance(value, list):
        section.records = _records(value)
    elif value not in (None, ""):
        section.records = [Record(title="", fields=[_field(key, value)])]
    return section


def _records(items: list) -> list[Record]:
    records = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            title = next((str(item[k]) for k in TITLE_KEYS if item.get(k)), f"#{number}")
            records.append(Record(title=title, fields=_fields(item)))
        else:
            records.append(Record(title=f"#{number}", fields=[_field("", item)]))
    return records


def _fields(data: dict) -> list[Field]:
    fields = []
    for key, value in data.items():
        if key.endswith(LABEL_SUFFIX) and key.removesuffix(LABEL_SUFFIX) in data:
            continue  # shown in place of the raw value
        shown = data.get(key + LABEL_SUFFIX) or value
        if shown in (None, "", [], {}):
            continue
        fields.append(_field(key, shown))
    return fields


def _field(key: str, value) -> Field:
    label = label_for(key) if key else ""
    if isinstance(value, bool):
        return Field(key, label, value, "bool")
    if isinstance(value, dict):
        return Field(key, label, Record(title="", fields=_fields(value)), "record")
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return Field(key, label, [_field("", item) for item in value], "list")
        return Field(key, label, _records(value), "records")
    if isinstance(value, str):
        if moment := _moment(value):
            return Field(key, label, moment, "datetime")
        if DATE.fullmatch(value):
            return Field(key, label, datetime.date.fromisoformat(value), "date")
        if session := SESSION.fullmatch(value):
            day, start, end = session.groups()
            return Field(key, label, (datetime.date.fromisoformat(day), start, end), "session")
    return Field(key, label, value, "text")


def _moment(value) -> datetime.datetime | None:
    if isinstance(value, str) and DATETIME.fullmatch(value):
        return datetime.datetime.fromisoformat(value)
    return None
