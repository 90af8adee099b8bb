"""Demo content of the courses app: modules, offerings across every state, demo participants.

Called by ``manage.py seed_demo`` (hook ``register_demo_seeder``) after ``portal.demo``, which
creates the home and content pages, the organisations and the demo accounts. The texts and
plans are data in this folder: ``catalog.yaml``, ``modules.yaml``, ``offerings.yaml``,
``participants.yaml``, ``evaluations.yaml``, ``materials.yaml`` (PDFs rendered at seed
time) and ``qualifications.yaml`` (qualifications and the attendance stories behind them).
Every step looks up what it would create first, so a second run creates nothing:

- modules by slug under the German catalogue, translations by locale,
- offerings by the key in their internal notes (their dates are relative to the day of seeding,
  so the dates themselves cannot identify them on a later day),
- demo participants by email address,
- materials by their title in their collection.

Enrolments are only made for offerings created in the same run, through
``courses.services.enroll`` and ``approve``, so that the rules (capacity, waitlist, approval,
eligibility) decide the states exactly as they would for a real person.
"""

from courses.demo.catalog import seed_catalog
from courses.demo.evaluations import seed_attendance_certificates_evaluations
from courses.demo.materials import seed_materials
from courses.demo.modules import seed_modules
from courses.demo.offerings import seed_offerings
from courses.demo.participants import seed_participants
from courses.demo.qualifications import seed_history, seed_qualifications
from portal import mail
from portal.models import HomePage


def seed(log=print) -> None:
    home_de = HomePage.objects.get(locale__language_code="de")
    catalog_de = seed_catalog(home_de, log)
    modules = seed_modules(catalog_de, log)
    seed_qualifications(catalog_de, modules, log)
    seed_materials(modules, log)
    participants = seed_participants(log)
    # Demo enrolments must not mail anybody: neither the console nor, where EMAIL_HOST is set,
    # a real SMTP server. The notifications decide when they are queued, inside this block,
    # whether they will be sent after the commit.
    with mail.suppressed():
        seed_offerings(modules, participants, log)
        # The stories first: their older attendances decide when the qualifications were
        # completed, before the other past offerings' attendance is marked.
        seed_history(modules, log)
        seed_attendance_certificates_evaluations(log)
