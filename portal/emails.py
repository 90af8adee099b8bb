"""Queue mail so it leaves only after the transaction that caused it has committed."""

from django.core.mail import EmailMessage
from django.db import transaction

from portal.tasks import send_email


def serialise(message: EmailMessage) -> dict:
    return {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            (content, mimetype) for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [
            (name, content if isinstance(content, str) else content.decode(), mimetype)
            for name, content, mimetype in message.attachments
        ],
    }


def send_after_commit(message: EmailMessage) -> None:
    payload = serialise(message)
    transaction.on_commit(lambda: send_email.enqueue(payload))
