"""Background tasks of the portal: sending mail outside the request."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(message: dict) -> None:
    """Send one prepared message; arguments are plain data so any task backend can carry them."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email"),
        to=message["to"],
        headers=message.get("headers") or None,
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    for filename, content, mimetype in message.get("attachments", []):
        email.attach(filename, content, mimetype)
    email.send()
