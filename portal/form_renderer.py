"""The form renderer (``FORM_RENDERER``): Django's, with readable empty choices.

Django labels the empty choice of a select "---------" (model fields with choices, foreign
keys, ``ModelChoiceField``), and people read it as an error or as a broken page. Every select
is rendered through this renderer, ours and those Wagtail builds from our models, so the label
is replaced in one place: "Please choose" where a choice is required, "Not specified" where it
may stay empty. Filters say "All": django-filter through ``FILTERS_EMPTY_CHOICE_LABEL``, our
own filter forms with an explicit ``empty_label``. An explicit label is never touched.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = "---------"
PLEASE_CHOOSE = _("Please choose")
NOT_SPECIFIED = _("Not specified")


def empty_label(required: bool):
    return PLEASE_CHOOSE if required else NOT_SPECIFIED


def relabel_empty_choices(widget: dict) -> None:
    """Replace Django's dashes in a choice widget's context (``optgroups``) in place."""
    # ``required`` is the widget's flag from the field's construction; a form that makes a
    # field required later (``field.required = True``) shows in the ``required`` attribute.
    required = bool(widget.get("required") or widget.get("attrs", {}).get("required"))
    for _group, options, _index in widget.get("optgroups", ()):
        for option in options:
            if option.get("label") == DJANGO_EMPTY_LABEL and option.get("value") in ("", None):
                option["label"] = empty_label(required)


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and "optgroups" in widget:
            relabel_empty_choices(widget)
        return super().render(template_name, context, request=request)
