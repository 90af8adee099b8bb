"""Template helpers for the site frame: menu, language switch, form fields."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


def _home_page(request):
    """The home page in the active language (falls back to the site's root page)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    locale = Locale.objects.filter(language_code=get_language()).first()
    if locale and root.locale_id != locale.pk:
        return root.get_translation_or_none(locale) or root
    return root


@register.simple_tag(takes_context=True)
def home_page(context):
    request = context.get("request")
    if "_home_page" not in context:
        context["_home_page"] = _home_page(request)
    return context["_home_page"]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    home = home_page(context)
    items = Page.objects.child_of(home).live().in_menu().public() if home else Page.objects.none()
    current = context.get("page")
    return {
        "home": home,
        "items": items,
        "current_path": current.url_path if current else "",
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    request = context.get("request")
    page = context.get("page")
    active = get_language()
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.url
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = "/"
        links.append({"code": code, "name": name, "url": url, "active": code == active})
    return {"links": links}


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
