"""What bumps the content version (``portal/content_version.py``): pages, settings, vocabulary.

The page cache and the site frame are keyed by the content version, so anything a public page
or the frame shows must bump it when it changes. This module covers the portal's own models and
Wagtail's: every page model (saved, deleted, published, unpublished, moved), the site settings
and their footer organisations, the vocabulary, sites, locales, documents and images, and a
person's name (trainers are named on module pages; an erased account's certificate shows
initials). ``courses/cache_signals.py`` and ``workshops/cache_signals.py`` add their own models.

A whole-site bump for a rare edit is cheap; a missed one would serve stale pages for up to
``PORTAL_PAGE_CACHE_TIMEOUT``. Only writes through ``QuerySet.update()`` and bulk operations
pass no signal: the services that use them on public data bump explicitly.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import content_version

NAME_FIELDS = {"first_name", "last_name"}


def content_changed(sender, **kwargs):
    content_version.bump()


def connect(models, label: str) -> None:
    """Bump on save and delete of each model (once per model, however often ready() runs)."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed,
                sender=model,
                dispatch_uid=f"content-version:{label}:{model._meta.label}:{id(signal)}",
            )


def user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # A new account is on no public page yet; a login saves last_login only: no bump for
    # either, or every signup and login would empty the cache.
    if not created and (update_fields is None or NAME_FIELDS & set(update_fields)):
        content_version.bump()


def connect_portal() -> None:
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from portal.models import Audience, Project, Provider, Region, SiteSettings, Topic

    connect([Page, *get_page_models()], "pages")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"content-version:pages:{id(signal)}")
    connect([SiteSettings, Site, Locale], "site")
    # A page made private (password, login or groups) must leave the cache at once: a cached
    # copy would show it to anonymous visitors until it expired.
    connect([PageViewRestriction], "privacy")
    m2m_changed.connect(
        content_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="content-version:privacy:restriction-groups",
    )
    m2m_changed.connect(
        content_changed,
        sender=SiteSettings.footer_organisations.through,
        dispatch_uid="content-version:site:footer-organisations",
    )
    connect([Topic, Audience, Region, Provider, Project], "vocabulary")
    for relation in (Project.providers, Project.funders):
        m2m_changed.connect(
            content_changed,
            sender=relation.through,
            dispatch_uid=f"content-version:vocabulary:{relation.field.name}",
        )
    connect([get_document_model(), get_image_model()], "media")
    user = get_user_model()
    post_save.connect(user_changed, sender=user, dispatch_uid="content-version:user:save")
    post_delete.connect(content_changed, sender=user, dispatch_uid="content-version:user:delete")
