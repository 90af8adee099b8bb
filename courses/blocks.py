"""StreamField blocks of the courses app: the module's content with an agenda."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import BaseStreamBlock


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(
        label=_("time"),
        required=False,
        max_length=40,
        help_text=_("For example “09:00–10:30” or “Day 1, morning”."),
    )
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("Agenda item")


class AgendaBlock(blocks.StructBlock):
    """The course of a module: what happens when, as a list of items."""

    heading = blocks.CharBlock(label=_("heading"), required=False, default=_("Agenda"))
    items = blocks.ListBlock(AgendaItemBlock(), label=_("items"))

    class Meta:
        icon = "list-ol"
        label = _("Agenda")
        template = "blocks/agenda_block.html"


class ModuleStreamBlock(BaseStreamBlock):
    agenda = AgendaBlock()
