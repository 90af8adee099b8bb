"""Template helpers for the site frame: menu, language switch, footer, form fields.

The frame's data comes from ``portal/site_frame.py`` (cached per site, language and content
version); these tags only add what depends on the request, such as the current menu entry.
"""

from django import template
from wagtail.models import Page

from portal import site_frame

register = template.Library()


@register.simple_tag(takes_context=True)
def frame(context):
    """The cached frame data (home, menu, contact, organisations, legal pages)."""
    return site_frame.frame(context.get("request"))


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page of the active language as a link: ``{"title", "url", "url_path"}``."""
    return frame(context)["home"]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    data = frame(context)
    current = context.get("page")
    return {
        "home": data["home"],
        "items": data["menu"],
        "current_path": current.url_path if isinstance(current, Page) else "",
    }


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    return {"links": site_frame.language_links(context.get("request"), context.get("page"))}


@register.simple_tag
def localized(page):
    """The page in the active language if a translation exists, else the page itself."""
    if page is None:
        return None
    return page.localized


@register.inclusion_tag("includes/field.html")
def form_field(field):
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    if field.errors:
        describedby.append(f"{field.auto_id}_errors")
    attrs = {}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {"field": field, "widget": field.as_widget(attrs=attrs)}
