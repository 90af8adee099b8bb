"""Materials of a module: public ones for everybody, participant ones behind an access check.

Both are inline lists on the module page that point at Wagtail documents. Who may download a
document is decided by ``courses.access.can_download`` (enforced by the
``before_serve_document`` hook in ``courses.wagtail_hooks``); documents are only ever served
through Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

PUBLIC_COLLECTION = "Öffentliches Material"
PARTICIPANT_COLLECTION = "Teilnehmendenmaterial"


class Material(Orderable):
    """One document in a module's list of materials, with an optional title.

    Subclasses define ``page`` and ``document`` (with their own reverse names).
    """

    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Optional; the document's title is shown if empty."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class PublicMaterial(Material):
    """A document everybody may download (for example a flyer or a reading list)."""

    page = ParentalKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="public_materials"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="public_material_uses",
        help_text=_("Put public documents into the collection “Öffentliches Material”."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("public material")
        verbose_name_plural = _("public materials")


class ParticipantMaterial(Material):
    """A document only confirmed participants, the module's trainers and coordinators get."""

    page = ParentalKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="participant_materials"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="participant_material_uses",
        help_text=_(
            "Put participant documents into the collection “Teilnehmendenmaterial”: "
            "there they stay protected even before the page is published."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("participant material")
        verbose_name_plural = _("participant materials")
