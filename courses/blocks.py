"""StreamField blocks of the courses app: the module's content with an agenda, and what a
qualification requires."""

from django.core.exceptions import ValidationError
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


class RequiredModuleBlock(blocks.StructBlock):
    """A module every holder of the qualification must have attended."""

    module = blocks.PageChooserBlock(page_type="courses.ModulePage", label=_("module"))

    class Meta:
        icon = "doc-full"
        label = _("Required module")


class ModuleChoiceBlock(blocks.StructBlock):
    """ "2 of these 4": a number of modules out of a group."""

    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    count = blocks.IntegerBlock(label=_("how many of them"), min_value=1, default=1)
    modules = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="courses.ModulePage"),
        label=_("modules"),
        min_num=1,
    )

    class Meta:
        icon = "list-ul"
        label = _("Choice of modules")

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned["count"] > len(cleaned["modules"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "count": ValidationError(
                        _("The group has fewer modules than the number to choose.")
                    )
                }
            )
        return cleaned


class RequirementsBlock(blocks.StreamBlock):
    module = RequiredModuleBlock()
    choice = ModuleChoiceBlock()

    class Meta:
        min_num = 1
