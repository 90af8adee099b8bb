"""The platform's own extension points: Wagtail hooks, named and described in one place.

An app that builds on another extends it by registering a function under one of these names in
its ``wagtail_hooks.py`` (``@hooks.register(MODULE_EXTRAS)``); the app that owns the screen
reads them with ``wagtail.hooks.get_hooks``. That is how ``courses`` shows demand from
``needs_analysis`` without importing it, and how the portal finds each app's personal data and
demo content (DESIGN.md §2). Hooks run in registration order (``order=`` sorts them, as in
Wagtail).

- ``register_personal_dashboard_panel``: ``(request) -> dict | None`` with ``title``,
  ``template``, ``context``; read by ``portal.views.dashboard``.
- ``register_my_trainings_section``: ``(request) -> dict | None`` with ``id`` (the section's
  anchor, e.g. ``my-requests`` for links in mails), ``title``, ``template``, ``context``; read
  by "Meine Fortbildungen" (``courses.views.my_trainings``), shown after the current
  enrolments and before the past ones. That is how workshop registrations, interests and
  requests appear there without ``courses`` importing ``workshops`` or ``needs_analysis``.
  Each function runs a fixed number of queries, however many rows the person has.
- ``register_privacy_contributor``: ``() -> portal.privacy.Contributor`` (key, export,
  anonymise, the ``models`` it covers, a ``retention`` statement); read by ``portal.privacy``
  (data export, account deletion, the register of personal data).
- ``register_module_extra``: ``(request, module, offerings) -> dict | None`` with
  ``template``, ``context``; read by the module page (``courses.views``).
- ``register_catalog_sort``: ``() -> (key, label, function(modules, request) -> modules)``;
  read by ``courses.catalog`` and the catalogue form.
- ``register_offering_admin_link``: ``(request, offering) -> dict | None`` with ``url``,
  ``label``; read by the offering's admin page.
- ``register_workshop_action``: ``(request, workshop) -> dict | None`` with ``url``,
  ``label``, ``icon``; read by the workshop admin.
- ``register_demo_seeder``: ``(log) -> None``, registered with ``order=`` (portal 0, courses
  100, workshops 200, needs analysis 300); read by ``manage.py seed_demo``.

Wagtail's own hooks (``construct_homepage_panels``, ``register_admin_urls``, …) keep their names.
"""

from wagtail import hooks

PERSONAL_DASHBOARD_PANELS = "register_personal_dashboard_panel"
MY_TRAININGS_SECTIONS = "register_my_trainings_section"
PRIVACY_CONTRIBUTORS = "register_privacy_contributor"
MODULE_EXTRAS = "register_module_extra"
CATALOG_SORTS = "register_catalog_sort"
OFFERING_ADMIN_LINKS = "register_offering_admin_link"
WORKSHOP_ACTIONS = "register_workshop_action"
DEMO_SEEDERS = "register_demo_seeder"


def collect(name: str, *args) -> list:
    """Call every function registered under ``name`` and keep the answers that are not None."""
    return [result for result in (fn(*args) for fn in hooks.get_hooks(name)) if result]
