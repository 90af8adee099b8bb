"""The mail "new material for your training": one per upload and person.

When a trainer or the coordination adds material to a module (``courses.services.materials
.add_material``), every person with a confirmed place in an offering of that module (any
translation) that has not ended gets one mail after the commit, naming the new documents and
linking to the module's materials and to "My trainings". A person with places in two offerings
of the module gets one mail, about the earlier one. Nobody whose training has ended, nobody on
the waiting list, with a pending request or a cancelled place or offering.

Batching: one upload is one mail. Several files uploaded together (the demo seeder, or a later
multi-file form) pass several documents to ``announce`` and still make one mail. Whoever adds a
series of documents one by one and wants a single mail unticks "Notify participants" for all
but the last upload (the upload form offers it). We chose this over a delayed daily digest:
it needs no scheduler state and the mail follows the upload the trainer just made.
"""

from __future__ import annotations

from functools import partial

from django.utils import timezone, translation

from courses.notifications import EVENT_HEADER, TEMPLATE_DIR, email_context
from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    render_message,
    send_after_commit,
)

MATERIAL_ADDED = "material_added"


def announce(module, documents) -> None:
    """Tell the confirmed participants of ``module``'s running and upcoming offerings about
    ``documents``, after the current transaction commits."""
    ids = [document.pk for document in documents]
    if ids:
        on_commit_unless_suppressed(partial(_send_all, module.translation_key, ids))


def recipients(module_key, now=None) -> list:
    """One confirmed enrolment per person: the earliest offering of the module that is not
    cancelled and has not ended."""
    from courses.models import Enrollment, Offering

    now = now or timezone.now()
    enrollments = (
        Enrollment.objects.confirmed()
        .filter(offering__module__translation_key=module_key, user__is_active=True)
        .exclude(offering__status=Offering.Status.CANCELLED)
        .exclude(user__email="")
        .select_related("user", "offering__module", "offering__region")
        .prefetch_related("offering__sessions")
    )
    chosen: dict = {}
    for enrollment in enrollments:
        ends_at = enrollment.offering.ends_at
        if ends_at is None or ends_at <= now:
            continue
        current = chosen.get(enrollment.user_id)
        if current is None or enrollment.offering.starts_at < current.offering.starts_at:
            chosen[enrollment.user_id] = enrollment
    return sorted(chosen.values(), key=lambda e: e.pk)


def _send_all(module_key, document_ids) -> None:
    from wagtail.documents import get_document_model

    documents = list(get_document_model().objects.filter(pk__in=document_ids).order_by("pk"))
    if not documents:
        return
    for enrollment in recipients(module_key):
        user = enrollment.user
        send_after_commit(build_message(enrollment, documents, user.email, user.language))


def build_message(enrollment, documents, to: str, language: str):
    """The mail in ``language``: the enrolment's usual details plus the new documents."""
    with translation.override(language):
        context = email_context(enrollment, MATERIAL_ADDED)
        module_url = context["module_url"]
        context.update(
            materials=[
                {"title": document.title, "url": absolute_url(document.url)}
                for document in documents
            ],
            materials_url=f"{module_url}#material" if module_url else "",
        )
        return render_message(
            f"{TEMPLATE_DIR}/{MATERIAL_ADDED}",
            context,
            to=to,
            language=language,
            headers={EVENT_HEADER: MATERIAL_ADDED},
            reply_to=context["contact"].get("email") or "",
        )
