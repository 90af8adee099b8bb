"""Demo content of the portal: organisations, pages in German and English, one account per role,
the model projects.

The texts live in the YAML files of this folder (``organisations.yaml``, ``pages.yaml``,
``accounts.yaml``); ``pages`` and ``accounts`` turn them into objects. Every step looks up what
it would create first, so running it again changes nothing. ``manage.py seed_demo`` calls
``seed`` through the ``register_demo_seeder`` hook, before the other apps, which build on the
pages, organisations and accounts made here.
"""

from portal.demo.accounts import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    demo_totp_code,
    seed_accounts,
    seed_mfa,
)
from portal.demo.pages import seed_organisations, seed_pages, seed_site_settings
from portal.demo.projects import project_of_provider, seed_projects

__all__ = [
    "ACCOUNTS",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET",
    "demo_totp_code",
    "project_of_provider",
    "seed",
    "seed_accounts",
    "seed_mfa",
    "seed_organisations",
    "seed_pages",
    "seed_projects",
    "seed_site_settings",
]


def seed(log=print) -> None:
    organisations = seed_organisations(log)
    home_de, _home_en = seed_pages(log)
    seed_site_settings(home_de, organisations, log)
    seed_accounts(log)
    seed_projects(log)
