"""Demo content of the courses app: modules, offerings across both states, demo participants.

Called by ``manage.py seed_demo`` after ``portal.demo`` (which creates the catalogue pages, the
organisations and the demo accounts). Every step looks up what it would create first, so a
second run creates nothing:

- modules by slug under the German catalogue, translations by locale,
- offerings by the key in their internal notes (their dates are relative to the day of seeding,
  so the dates themselves cannot identify them on a later day),
- demo participants by email address.

Enrolments are only made for offerings created in the same run, through
``courses.services.enroll`` and ``approve``, so that the rules (capacity, waitlist, approval,
eligibility) decide the states exactly as they would for a real person. The module texts are
grounded in the public self-descriptions of RausWege (Saxony-Anhalt), INA and 360° (NRW). All
people, venues and addresses are invented.
"""

import datetime
import json
import zlib
from contextlib import contextmanager
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale

from courses import notifications, services
from courses.models import CatalogPage, Enrollment, Format, ModulePage, Offering, Session
from courses.models.offerings import BERLIN
from portal.models import Audience, Provider, Region, Topic, User
from portal.roles import PROFESSIONALS

TRAINER_EMAIL = "referentin@example.org"
COORDINATOR_EMAIL = "koordination@example.org"
PROFESSIONAL_EMAIL = "fachkraft@example.org"

IN_PERSON, ONLINE, HYBRID = Format.IN_PERSON, Format.ONLINE, Format.HYBRID


# Content helpers ------------------------------------------------------------------------------


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _agenda(heading, items):
    return {
        "type": "agenda",
        "value": {
            "heading": heading,
            "items": [
                {"time": time, "title": title, "description": description}
                for time, title, description in items
            ],
        },
    }


def _objectives(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# Sessions: (days after the first day, start, end). Weekends are skipped.
T = datetime.time
SCHEDULES = {
    "day": [(0, T(9), T(16))],
    "half": [(0, T(9), T(12, 15))],
    "two_mornings": [(0, T(9), T(12, 15)), (1, T(9), T(12, 15))],
    "two_days": [(0, T(9, 30), T(16, 30)), (1, T(9), T(16))],
    "three_weekly": [(0, T(9), T(16)), (7, T(9), T(16)), (14, T(9), T(16))],
}


# Modules --------------------------------------------------------------------------------------

MODULES = [
    {
        "key": "rex",
        "slug": "rechtsextremismus-erkennen",
        "title": "Rechtsextremismus erkennen – Grundlagen für die Straffälligenhilfe",
        "teaser": (
            "Tätowierungen, Codes, Musik, ein Spruch im Beratungsgespräch: Rechtsextreme "
            "Orientierungen zeigen sich in der Straffälligenhilfe oft beiläufig. Das "
            "Grundlagenmodul vermittelt aktuelles Wissen über Ideologie, Szenen und "
            "Erscheinungsformen und gibt Fachkräften Sicherheit, Hinweise richtig einzuordnen."
        ),
        "objectives": [
            "Symbole, Codes und Erscheinungsformen der extremen Rechten erkennen und einordnen",
            "Ideologische Kernelemente wie Ungleichwertigkeit, Autoritarismus und "
            "Volksgemeinschaftsdenken beschreiben",
            "Einstiegs- und Radikalisierungsverläufe im Kontext von Haft und Entlassung verstehen",
            "Die eigene Rolle und Haltung im professionellen Auftrag reflektieren",
            "Anlaufstellen für Beratung und Distanzierungsarbeit in Sachsen-Anhalt kennen",
        ],
        "body": [
            "Fachkräfte der freien Straffälligenhilfe und des Sozialen Dienstes der Justiz "
            "begegnen Klient*innen mit rechtsextremen Einstellungen – manchmal offen, häufig in "
            "Andeutungen. Das Modul gibt einen kompakten Überblick über die extreme Rechte heute: "
            "von organisierten Strukturen und subkulturellen Szenen bis zu Online-Milieus, in "
            "denen sich gerade jüngere Menschen radikalisieren.",
            "Im Mittelpunkt steht die Übertragung in den eigenen Arbeitsalltag. Anhand "
            "anonymisierter Fallvignetten aus Vollzug, Bewährungshilfe und "
            "Entlassungsvorbereitung üben die Teilnehmenden, Hinweise wahrzunehmen, sie ohne "
            "Alarmismus einzuordnen und angemessen anzusprechen. Dabei geht es auch um Grenzen: "
            "Was gehört zum eigenen Auftrag, wann ist Beratung von außen sinnvoll?",
            "Das Modul wurde im Modellprojekt RausWege gemeinsam mit Fachkräften aus "
            "Werkstattgesprächen entwickelt. Es ist der Einstieg in die weiterführenden Module "
            "zur Distanzierungsarbeit und zur kollegialen Fallberatung.",
        ],
        "agenda": [
            ("09:00–09:30", "Ankommen und Einstieg", "Erwartungen und Erfahrungen aus der Praxis"),
            (
                "09:30–11:00",
                "Die extreme Rechte heute",
                "Ideologie, Organisationsformen, Szenen und Online-Milieus",
            ),
            (
                "11:15–12:30",
                "Symbole, Codes und Lifestyle",
                "Von Zahlencodes bis zu Modemarken: Erkennen und Einordnen mit Bildmaterial",
            ),
            (
                "13:30–14:45",
                "Radikalisierung in und nach der Haft",
                "Einstiegsprozesse, Gruppendynamiken im Vollzug, Übergänge",
            ),
            (
                "15:00–16:00",
                "Fallvignetten und Handlungsoptionen",
                "Ansprechen, dokumentieren, sich beraten lassen; Abschlussrunde",
            ),
        ],
        "topics": ["rechtsextremismus", "radikalisierungspraevention"],
        "audiences": [
            "freie-straffaelligenhilfe",
            "bewaehrungshilfe",
            "gerichtshilfe",
            "fuehrungsaufsicht",
            "sozialdienst-vollzug",
            "allgemeiner-vollzugsdienst",
        ],
        "provider": "Miteinander e. V.",
        "trainer": True,
        "hours": "6",
        "units": 8,
        "prerequisites": (
            "Keine. Das Modul richtet sich ausdrücklich auch an Fachkräfte ohne Vorkenntnisse."
        ),
        "capacity": 16,
        "format": IN_PERSON,
        "schedule": "day",
        "en": {
            "slug": "recognising-right-wing-extremism",
            "title": "Recognising right-wing extremism – basics for offender aid",
            "teaser": (
                "Tattoos, codes, music, a remark during counselling: right-wing extremist "
                "orientations often show up in passing. This introductory module provides "
                "current knowledge of ideology, scenes and symbols and gives professionals the "
                "confidence to interpret what they notice."
            ),
            "objectives": [
                "Recognise and interpret symbols, codes and forms of the extreme right",
                "Describe core ideological elements such as the idea of unequal human worth and "
                "authoritarianism",
                "Understand paths into radicalisation in the context of prison and release",
                "Reflect on one's own role and attitude within the professional mandate",
                "Know where to get advice and support for distancing work in Saxony-Anhalt",
            ],
            "body": [
                "Professionals in independent offender aid and the judiciary's social services "
                "meet clients with right-wing extremist attitudes – sometimes openly, often in "
                "hints. The module gives a compact overview of today's extreme right, from "
                "organised structures and subcultural scenes to online milieus.",
                "The focus is on transfer into daily work. Using anonymised case vignettes from "
                "prison, probation and release preparation, participants practise noticing "
                "signs, interpreting them without alarmism and addressing them appropriately.",
                "The module was developed in the RausWege model project together with "
                "professionals from workshop talks and is the entry point to the modules on "
                "distancing work and case consultation.",
            ],
            "agenda_heading": "Schedule",
            "agenda": [
                ("09:00–09:30", "Arrival and introduction", "Expectations and experiences"),
                ("09:30–11:00", "The extreme right today", "Ideology, organisations, scenes"),
                ("11:15–12:30", "Symbols, codes and lifestyle", "Recognising and interpreting"),
                ("13:30–14:45", "Radicalisation in and after prison", "Paths and group dynamics"),
                ("15:00–16:00", "Case vignettes and options", "Addressing, documenting, advice"),
            ],
            "prerequisites": "None. Professionals without prior knowledge are welcome.",
        },
    },
    {
        "key": "gmf",
        "slug": "gruppenbezogene-menschenfeindlichkeit-beratung",
        "title": "Gruppenbezogene Menschenfeindlichkeit in der Beratung",
        "teaser": (
            "Abwertende Sprüche über Geflüchtete, Frauen, Jüdinnen und Juden oder wohnungslose "
            "Menschen stellen Beratungsgespräche auf die Probe. Das Modul zeigt, wie Fachkräfte "
            "menschenfeindliche Positionen erkennen, ihnen professionell widersprechen und "
            "trotzdem im Kontakt bleiben."
        ),
        "objectives": [
            "Das Konzept der Gruppenbezogenen Menschenfeindlichkeit und seine Elemente erläutern",
            "Abwertende Äußerungen in Beratungssituationen erkennen und ihre Funktion für "
            "Klient*innen verstehen",
            "Gesprächstechniken für Widerspruch ohne Beziehungsabbruch anwenden",
            "Den Schutz von Kolleg*innen und Mitklient*innen mitdenken und eigene Grenzen wahren",
        ],
        "body": [
            "In der Arbeit mit straffällig gewordenen Menschen gehören abwertende Haltungen "
            "gegenüber anderen Gruppen zum Alltag. Sie reichen von rassistischen und "
            "antisemitischen Bemerkungen über Sexismus bis zur Abwertung wohnungsloser oder "
            "behinderter Menschen. Bleiben solche Positionen unwidersprochen, gefährden sie das "
            "Miteinander in Einrichtungen und das Ziel einer gelingenden Resozialisierung.",
            "Das Modul verbindet kurze fachliche Inputs mit viel Übung. In Rollenspielen "
            "erproben die Teilnehmenden Formen des Widerspruchs, die zur Beratungssituation "
            "passen: nachfragen, irritieren, Grenzen setzen. Gemeinsam wird herausgearbeitet, "
            "wann eine Äußerung als Gesprächsanlass taugt und wann sie eine klare Grenze "
            "erfordert.",
            "Das Modul findet in der Regel online an zwei aufeinanderfolgenden Vormittagen "
            "statt. Zwischen den Terminen erproben die Teilnehmenden eine Gesprächsstrategie "
            "in der eigenen Praxis.",
        ],
        "agenda": [
            (
                "Tag 1, 09:00–10:30",
                "Was ist Gruppenbezogene Menschenfeindlichkeit?",
                "Konzept, Befunde, Bezug zur Straffälligenhilfe",
            ),
            (
                "Tag 1, 10:45–12:15",
                "Abwertung im Beratungsgespräch",
                "Funktionen menschenfeindlicher Äußerungen; Beispiele der Teilnehmenden",
            ),
            (
                "Tag 2, 09:00–10:30",
                "Widersprechen und im Kontakt bleiben",
                "Gesprächstechniken, Rollenspiele in Kleingruppen",
            ),
            (
                "Tag 2, 10:45–12:15",
                "Haltung und Grenzen",
                "Schutz von Kolleg*innen und Mitklient*innen, Absprachen im Team, Transfer",
            ),
        ],
        "topics": ["gmf", "rechtsextremismus"],
        "audiences": [
            "freie-straffaelligenhilfe",
            "bewaehrungshilfe",
            "gerichtshilfe",
            "sozialdienst-vollzug",
            "jugendhilfe-im-strafverfahren",
        ],
        "provider": "Miteinander e. V.",
        "trainer": True,
        "hours": "6",
        "units": 8,
        "prerequisites": (
            "Keine Vorkenntnisse. Für die Online-Termine brauchen Sie eine stabile "
            "Internetverbindung, Kamera und Mikrofon."
        ),
        "capacity": 14,
        "format": ONLINE,
        "schedule": "two_mornings",
    },
    {
        "key": "dist",
        "slug": "distanzierung-nach-haftentlassung",
        "title": "Distanzierung begleiten – die kritische Zeit nach der Haftentlassung",
        "teaser": (
            "Die ersten Wochen nach der Entlassung entscheiden oft darüber, ob Menschen in alte "
            "Szenen zurückkehren. Das zweitägige Modul vermittelt Ansätze der "
            "Distanzierungsarbeit und zeigt, wie Vollzug, Bewährungshilfe und freie Träger den "
            "Übergang gemeinsam gestalten."
        ),
        "objectives": [
            "Risiken und Chancen der Übergangsphase nach der Haft für rechtsextrem orientierte "
            "Klient*innen benennen",
            "Grundprinzipien der Distanzierungsarbeit – Beziehung, Biografiearbeit, "
            "Perspektivarbeit – anwenden",
            "Hinwendungs- und Distanzierungsfaktoren im Einzelfall einschätzen",
            "Übergänge zwischen Vollzug, Bewährungshilfe und freier Straffälligenhilfe "
            "verbindlich absprechen",
            "Spezialisierte Ausstiegs- und Distanzierungsangebote einbeziehen",
        ],
        "body": [
            "Mit der Haftentlassung brechen Strukturen weg: Wohnung, Arbeit, Tagesablauf und "
            "Beziehungen müssen neu geordnet werden. Gerade in dieser Phase bieten rechtsextreme "
            "Gruppen Halt, Zugehörigkeit und praktische Hilfe an. Wer Distanzierung begleiten "
            "will, muss diese kritische Zeit kennen und früh beginnen – idealerweise schon "
            "während der Haft.",
            "Am ersten Tag stehen die Grundlagen der Distanzierungsarbeit im Mittelpunkt: Wie "
            "entstehen Hinwendung und Abwendung, welche Rolle spielen Beziehung, Biografie und "
            "neue Perspektiven? Der zweite Tag widmet sich der Übergangsgestaltung. An einem "
            "durchgehenden Fallbeispiel planen die Teilnehmenden die Zusammenarbeit von Vollzug, "
            "Bewährungshilfe und freien Trägern von der Entlassungsvorbereitung bis in die "
            "ersten Monate danach.",
            "Das Modul ist aus den Werkstattgesprächen des Modellprojekts RausWege "
            "hervorgegangen, in denen Fachkräfte fehlende Absprachen am Übergang wiederholt als "
            "größte Lücke benannt haben.",
        ],
        "agenda": [
            ("Tag 1, vormittags", "Hinwendung und Distanzierung", "Forschungsstand, Faktoren"),
            (
                "Tag 1, nachmittags",
                "Haltung und Beziehung",
                "Akzeptierende Grundhaltung ohne Akzeptanz der Ideologie; Gesprächsführung",
            ),
            (
                "Tag 2, vormittags",
                "Die kritische Zeit nach der Entlassung",
                "Risiken, Bedarfe und Schutzfaktoren am Fallbeispiel",
            ),
            (
                "Tag 2, nachmittags",
                "Übergänge gemeinsam gestalten",
                "Rollen, Absprachen, Einbindung spezialisierter Beratung; Transfer",
            ),
        ],
        "topics": ["radikalisierungspraevention", "nach-der-haft", "rechtsextremismus"],
        "audiences": [
            "bewaehrungshilfe",
            "fuehrungsaufsicht",
            "freie-straffaelligenhilfe",
            "sozialdienst-vollzug",
        ],
        "provider": "LKR",
        "trainer": True,
        "hours": "12",
        "units": 16,
        "prerequisites": (
            "Grundkenntnisse zu Rechtsextremismus, zum Beispiel aus dem Modul "
            "„Rechtsextremismus erkennen“, oder vergleichbare Praxiserfahrung."
        ),
        "capacity": 14,
        "format": IN_PERSON,
        "schedule": "two_days",
        "en": {
            "slug": "accompanying-distancing-after-release",
            "title": "Accompanying distancing – the critical time after release",
            "teaser": (
                "The first weeks after release often decide whether people return to their old "
                "scenes. This two-day module introduces distancing work and shows how prisons, "
                "probation and independent providers can shape the transition together."
            ),
            "objectives": [
                "Name the risks and opportunities of the period after release",
                "Apply the principles of distancing work: relationship, biography, perspectives",
                "Assess factors of turning towards and away from extremism in a case",
                "Agree binding arrangements at the transition between prison and probation",
            ],
            "body": [
                "Release takes away structure: housing, work, daily routine and relationships "
                "have to be rebuilt. Right-wing extremist groups offer support and belonging in "
                "exactly this phase. Distancing work has to know this critical time and start "
                "early, ideally in prison.",
                "Day one covers the basics of distancing work; day two is about shaping the "
                "transition, using one case from release preparation into the first months "
                "after release.",
            ],
            "agenda_heading": "Schedule",
            "agenda": [
                ("Day 1, morning", "Turning towards and away", "Research and factors"),
                ("Day 1, afternoon", "Attitude and relationship", "Conversation techniques"),
                ("Day 2, morning", "The critical time after release", "Case study"),
                ("Day 2, afternoon", "Shaping transitions together", "Roles and agreements"),
            ],
            "prerequisites": (
                "Basic knowledge of right-wing extremism, for example from the module "
                "“Recognising right-wing extremism”."
            ),
        },
    },
    {
        "key": "isl",
        "slug": "islamismus-salafismus-justizvollzug",
        "title": "Islamismus und Salafismus im Justizvollzug",
        "teaser": (
            "Wann ist eine neu entdeckte Religiosität Ausdruck von Halt, wann ein Warnsignal? "
            "Das Modul vermittelt Grundwissen über Islam, Islamismus und Salafismus und hilft "
            "Bediensteten und Fachkräften, religiöse Praxis von Radikalisierung zu unterscheiden."
        ),
        "objectives": [
            "Grundbegriffe des Islams sowie Strömungen des Islamismus und Salafismus "
            "unterscheiden",
            "Anwerbestrategien und Radikalisierungsfaktoren im Vollzug kennen",
            "Religiöse Bedürfnisse von Gefangenen respektieren und Warnsignale sachlich einordnen",
            "Verfahrenswege und Ansprechpersonen im Verdachtsfall kennen",
        ],
        "body": [
            "Im Justizvollzug treffen Menschen in Krisensituationen aufeinander. Religion kann "
            "dort Stabilität geben – sie kann aber auch von Anwerbenden genutzt werden, die "
            "einfache Antworten und eine starke Gemeinschaft versprechen. Für Bedienstete ist "
            "oft schwer zu unterscheiden, was zur legitimen Religionsausübung gehört und wo "
            "Radikalisierung beginnt.",
            "Das Modul vermittelt dafür das nötige Grundwissen und arbeitet mit Beispielen aus "
            "dem Vollzugsalltag: Gebetszeiten und Speisevorschriften, Gruppenbildung beim "
            "Hofgang, Kontakte nach außen. Ein Schwerpunkt liegt darauf, Fehleinschätzungen zu "
            "vermeiden – in beide Richtungen.",
            "Verantwortet wird das Modul vom Multikulturellen Zentrum Dessau, das seit 2018 im "
            "Verbund des Modellprojekts RausWege zu Radikalisierungsprozessen im Bereich "
            "Islamismus und Salafismus arbeitet.",
        ],
        "agenda": [
            ("09:00–10:30", "Islam, Islamismus, Salafismus", "Begriffe, Strömungen, Abgrenzungen"),
            (
                "10:45–12:15",
                "Radikalisierung im Vollzug",
                "Anwerbestrategien, Gruppendynamiken, Rolle von Online-Propaganda",
            ),
            (
                "13:15–14:45",
                "Religiöse Praxis oder Warnsignal?",
                "Fallbeispiele aus dem Vollzugsalltag in Kleingruppen",
            ),
            (
                "15:00–16:00",
                "Handeln im Verdachtsfall",
                "Zuständigkeiten, Dokumentation, Beratungsstellen; Abschluss",
            ),
        ],
        "topics": ["islamismus", "radikalisierungspraevention", "interkulturelle-kompetenz"],
        "audiences": [
            "allgemeiner-vollzugsdienst",
            "sozialdienst-vollzug",
            "bewaehrungshilfe",
            "freie-straffaelligenhilfe",
        ],
        "provider": "MKZ Dessau",
        "trainer": False,
        "hours": "6",
        "units": 8,
        "prerequisites": "Keine.",
        "capacity": 16,
        "format": IN_PERSON,
        "schedule": "day",
    },
    {
        "key": "kfb",
        "slug": "kollegiale-fallberatung-radikalisierung",
        "title": "Kollegiale Fallberatung zu radikalisierten Klient*innen",
        "teaser": (
            "Ein konkreter Fall, eine kleine Runde, eine klare Struktur: In der kollegialen "
            "Fallberatung bringen Fachkräfte eigene Fälle mit radikalisierten oder gefährdeten "
            "Klient*innen ein. Gemeinsam mit Kolleg*innen und einer erfahrenen Referentin "
            "entwickeln sie nächste Handlungsschritte."
        ),
        "objectives": [
            "Einen eigenen Fall strukturiert und anonymisiert vorstellen",
            "Das Verfahren der kollegialen Fallberatung kennen und im eigenen Team anwenden",
            "Hypothesen zur Radikalisierungsdynamik bilden und Handlungsoptionen abwägen",
            "Entlastung und Handlungssicherheit für die weitere Fallarbeit gewinnen",
        ],
        "body": [
            "In den Werkstattgesprächen berichten viele Fachkräfte, dass ihnen weniger Wissen "
            "fehlt als ein geschützter Raum, um schwierige Fälle zu besprechen. Die kollegiale "
            "Fallberatung schafft diesen Raum: In einer Gruppe von höchstens acht Personen "
            "werden zwei bis drei Fälle nach einem festen Ablauf beraten.",
            "Die Fälle werden ohne personenbezogene Daten vorgestellt; Namen, Orte und "
            "erkennbare Details werden vorab verändert. Die Referentin moderiert, bringt "
            "fachliche Einschätzungen zu Rechtsextremismus und Islamismus ein und achtet "
            "darauf, dass am Ende konkrete nächste Schritte stehen.",
            "Weil die Gruppe klein bleiben muss, prüft die Koordination die Anmeldungen. Bitte "
            "beschreiben Sie bei der Anmeldung in einem Satz, welche Art von Fall Sie einbringen "
            "möchten – ohne Angaben zur Person.",
        ],
        "agenda": [
            ("09:00–09:20", "Ankommen", "Vorstellung und Absprachen zur Vertraulichkeit"),
            (
                "09:20–10:30",
                "Fallberatung 1",
                "Fallvorstellung, Verständnisfragen, Hypothesen, Lösungsideen, Resümee",
            ),
            ("10:45–11:55", "Fallberatung 2", "Ablauf wie oben; bei Zeit ein dritter Kurzfall"),
            (
                "11:55–12:15",
                "Transfer",
                "Was nehme ich mit? Wie lässt sich das Verfahren im eigenen Team nutzen?",
            ),
        ],
        "topics": ["radikalisierungspraevention", "rechtsextremismus", "islamismus"],
        "audiences": [
            "freie-straffaelligenhilfe",
            "bewaehrungshilfe",
            "fuehrungsaufsicht",
            "gerichtshilfe",
            "sozialdienst-vollzug",
            "jugendhilfe-im-strafverfahren",
        ],
        "provider": "Miteinander e. V.",
        "trainer": True,
        "hours": "3",
        "units": 4,
        "prerequisites": (
            "Erfahrung in der Arbeit mit straffällig gewordenen Menschen und ein eigener Fall, "
            "anonymisiert vorbereitet. Die Vorlage dafür erhalten Sie nach der Zusage."
        ),
        "capacity": 8,
        "format": ONLINE,
        "schedule": "half",
        "en": {
            "slug": "case-consultation-radicalised-clients",
            "title": "Peer case consultation on radicalised clients",
            "teaser": (
                "One real case, a small group, a clear structure: professionals bring their own "
                "cases of radicalised or at-risk clients and work out next steps with peers and "
                "an experienced trainer."
            ),
            "objectives": [
                "Present a case in a structured and anonymised way",
                "Know the method of peer case consultation and use it in one's own team",
                "Form hypotheses about the dynamics of radicalisation and weigh options",
            ],
            "body": [
                "Many professionals say in the workshop talks that what they lack is not "
                "knowledge but a protected space to discuss difficult cases. In a group of at "
                "most eight people, two or three cases are discussed following a fixed "
                "procedure.",
                "Cases are presented without personal data. Because the group must stay small, "
                "the coordination reviews the enrolments.",
            ],
            "agenda_heading": "Schedule",
            "agenda": [
                ("09:00–09:20", "Arrival", "Agreements on confidentiality"),
                ("09:20–10:30", "Case consultation 1", "Presentation, hypotheses, ideas"),
                ("10:45–11:55", "Case consultation 2", "Same procedure"),
                ("11:55–12:15", "Transfer", "Using the method in one's own team"),
            ],
            "prerequisites": "Experience with offenders and an anonymised case of your own.",
        },
    },
    {
        "key": "ipl",
        "slug": "integrationsplanung-ueber-den-entlassungstag",
        "title": "Integrationsplanung über den Entlassungstag hinaus",
        "teaser": (
            "Die Vollzugsplanung endet am Tag der Entlassung – die Wiedereingliederung nicht. "
            "Das Modul zeigt, wie eine Integrationsplanung die Vollzugsplanung um Wohnen, "
            "Arbeit, Schulden, Gesundheit und Beziehungen nach der Haft erweitert und wer dabei "
            "mit am Tisch sitzen muss."
        ),
        "objectives": [
            "Den Unterschied zwischen Vollzugsplanung und Integrationsplanung erläutern",
            "Integrationsbedarfe systematisch erheben und priorisieren",
            "Anschlussmaßnahmen rechtzeitig vor der Entlassung vermitteln",
            "Zuständigkeiten nach SGB II, SGB III und SGB XII im Übergang kennen",
            "Eine Integrationsplanung gemeinsam mit Gefangenen verbindlich dokumentieren",
        ],
        "body": [
            "Das Modellprojekt INA in Nordrhein-Westfalen hat gezeigt: Die Chancen auf eine "
            "berufliche und soziale Wiedereingliederung steigen, wenn die Planung nicht am "
            "Entlassungstag endet. Eine Integrationsplanung beginnt idealerweise schon bei der "
            "Vollzugsplanerstellung und reicht bis in eine Nachsorgephase von bis zu sechs "
            "Monaten.",
            "Die Teilnehmenden arbeiten mit Planungsinstrumenten aus dem Übergangsmanagement: "
            "von der Erhebung der Bedarfe über die Priorisierung bis zur verbindlichen Übergabe "
            "an Anschlussmaßnahmen. Ein Schwerpunkt liegt auf den Schnittstellen zu Jobcentern, "
            "Agenturen für Arbeit, Kommunen und freien Trägern – und auf den Fristen, die vor "
            "der Entlassung eingehalten werden müssen.",
        ],
        "agenda": [
            (
                "09:00–10:15",
                "Von der Vollzugs- zur Integrationsplanung",
                "Ziele, Standards und Erfahrungen aus dem Modellprojekt INA",
            ),
            (
                "10:30–12:00",
                "Bedarfe erheben und priorisieren",
                "Wohnen, Arbeit, Schulden, Gesundheit, Familie: Instrumente im Vergleich",
            ),
            (
                "13:00–14:30",
                "Schnittstellen und Fristen",
                "Leistungen nach den Sozialgesetzbüchern, Anträge vor der Entlassung",
            ),
            (
                "14:45–16:00",
                "Planung am Fallbeispiel",
                "Eine Integrationsplanung erstellen und übergeben",
            ),
        ],
        "topics": ["uebergangsmanagement", "nach-der-haft", "netzwerkarbeit"],
        "audiences": [
            "sozialdienst-vollzug",
            "freie-straffaelligenhilfe",
            "bewaehrungshilfe",
            "arbeitsmarktakteure",
        ],
        "provider": "KrimD NRW",
        "trainer": False,
        "hours": "6",
        "units": 8,
        "prerequisites": "Keine.",
        "capacity": 16,
        "format": IN_PERSON,
        "schedule": "day",
    },
    {
        "key": "cm",
        "slug": "case-management-uebergangsmanagement",
        "title": "Case Management im Übergangsmanagement",
        "teaser": (
            "„Fallsteuerung aus einer Hand“: Das dreitägige Modul führt in die Standards des "
            "Case Managements ein und überträgt sie auf die Arbeit mit Gefangenen und "
            "Haftentlassenen – vom Assessment im Vollzug bis zur Nachsorge nach der Entlassung."
        ),
        "objectives": [
            "Die Phasen des Case Managements von Intake und Assessment über Hilfeplanung und "
            "Monitoring bis zur Evaluation anwenden",
            "Ressourcen- und Risikoeinschätzungen im Übergang durchführen",
            "Hilfepläne mit Klient*innen und Netzwerkpartnern vereinbaren und überprüfen",
            "Fallübergreifende Netzwerke zu Justiz-, Arbeitsmarkt- und kommunalen Akteuren "
            "aufbauen",
            "Die eigene Fallsteuerung dokumentieren und auswerten",
        ],
        "body": [
            "Übergangsmanager*innen begleiten Gefangene von der Vollzugsplanung bis in die Zeit "
            "nach der Entlassung. Damit das gelingt, braucht es verbindliche Standards: Wer ist "
            "für welchen Schritt zuständig, wie werden Ziele vereinbart, wie wird überprüft, ob "
            "die Hilfen wirken? Das Handlungskonzept Case Management gibt darauf Antworten.",
            "Das Modul ist in drei Präsenztage im Abstand von je einer Woche gegliedert. "
            "Zwischen den Tagen wenden die Teilnehmenden einzelne Schritte in ihrer Praxis an "
            "und bringen ihre Erfahrungen wieder ein. Grundlage sind die im Modellprojekt INA "
            "erprobten Leistungsstandards zur Entlassungsvorbereitung und zur Kooperation mit "
            "Arbeitsmarktakteuren.",
            "Nach vollständiger Teilnahme erhalten die Teilnehmenden eine Bescheinigung über "
            "24 Unterrichtseinheiten.",
        ],
        "agenda": [
            (
                "Tag 1",
                "Grundlagen und Assessment",
                "Phasen und Standards des Case Managements; Ressourcen- und Risikoeinschätzung "
                "im Vollzug",
            ),
            (
                "Tag 2",
                "Hilfeplanung und Netzwerk",
                "Ziele vereinbaren, Hilfepläne erstellen, Netzwerkpartner einbinden",
            ),
            (
                "Tag 3",
                "Monitoring, Nachsorge, Evaluation",
                "Übergabe und Nachsorge bis sechs Monate nach der Entlassung; Dokumentation",
            ),
        ],
        "topics": ["uebergangsmanagement", "netzwerkarbeit", "arbeitsmarktintegration"],
        "audiences": [
            "sozialdienst-vollzug",
            "freie-straffaelligenhilfe",
            "bewaehrungshilfe",
            "fuehrungsaufsicht",
        ],
        "provider": "KrimD NRW",
        "trainer": False,
        "hours": "18",
        "units": 24,
        "prerequisites": (
            "Tätigkeit im Übergangsmanagement, im Sozialdienst des Vollzugs oder in der "
            "Bewährungshilfe. Teilnahme an allen drei Tagen."
        ),
        "capacity": 12,
        "format": IN_PERSON,
        "schedule": "three_weekly",
        "en": {
            "slug": "case-management-transition-management",
            "title": "Case management in transition management",
            "teaser": (
                "“Case management from a single source”: this three-day module introduces the "
                "standards of case management and applies them to work with prisoners and "
                "released prisoners, from assessment in prison to aftercare."
            ),
            "objectives": [
                "Apply the phases of case management from intake to evaluation",
                "Assess resources and risks at the transition from prison",
                "Agree and review support plans with clients and network partners",
                "Build networks with justice, labour-market and municipal actors",
            ],
            "body": [
                "Transition managers accompany prisoners from sentence planning into the time "
                "after release. This needs binding standards: who is responsible for which "
                "step, how goals are agreed and how the effect of support is checked.",
                "The module consists of three days, one week apart. In between, participants "
                "apply single steps in their practice. It builds on the standards tested in "
                "the INA model project.",
            ],
            "agenda_heading": "Schedule",
            "agenda": [
                ("Day 1", "Basics and assessment", "Phases and standards"),
                ("Day 2", "Support planning and networks", "Goals, plans, partners"),
                ("Day 3", "Monitoring, aftercare, evaluation", "Handover and documentation"),
            ],
            "prerequisites": (
                "Work in transition management, prison social services or probation. "
                "Attendance on all three days."
            ),
        },
    },
    {
        "key": "ami",
        "slug": "arbeitsmarktintegration-handwerk-jobcenter",
        "title": "Arbeitsmarktintegration mit Handwerk und Jobcenter",
        "teaser": (
            "Arbeit ist einer der stärksten Schutzfaktoren gegen Rückfall. Das Modul bringt "
            "Fachkräfte aus Justiz und Straffälligenhilfe mit Vertreter*innen von "
            "Handwerkskammern und Jobcentern zusammen und zeigt, wie die Vermittlung in Arbeit "
            "und Ausbildung schon vor der Entlassung beginnt."
        ),
        "objectives": [
            "Die Erwartungen von Handwerksbetrieben an Bewerber*innen mit Hafterfahrung kennen",
            "Leistungen und Zuständigkeiten von Jobcenter und Agentur für Arbeit im Übergang "
            "nutzen",
            "Die Vermittlung in Arbeit oder Ausbildung in der Entlassungsvorbereitung anstoßen",
            "Stabilisierende Nachsorge in den ersten Monaten der Beschäftigung planen",
        ],
        "body": [
            "Im Modellprojekt INA haben Justizvollzug und Westdeutscher Handwerkskammertag "
            "gemeinsam erprobt, wie (ehemalige) Gefangene in Arbeit und Ausbildung kommen – und "
            "dort bleiben. Eine zentrale Erkenntnis: Case Management lohnt sich nicht nur für "
            "die Haftentlassenen, sondern auch für die Betriebe, die sie einstellen.",
            "Das Modul ist bewusst als Begegnung angelegt. Fachkräfte aus Vollzug, "
            "Bewährungshilfe und freier Straffälligenhilfe arbeiten mit "
            "Ausbildungsberater*innen des Handwerks und Integrationsfachkräften der Jobcenter an "
            "konkreten Fragen: Wie sprechen wir Betriebe an? Welche Förderinstrumente greifen "
            "schon vor der Entlassung? Wer kümmert sich, wenn es in den ersten Wochen im Betrieb "
            "hakt?",
            "Das Modul wird hybrid angeboten, damit Vertreter*innen von Kammern und Jobcentern "
            "auch online teilnehmen können.",
        ],
        "agenda": [
            (
                "09:00–10:00",
                "Arbeit als Schutzfaktor",
                "Befunde und Erfahrungen aus dem Modellprojekt INA",
            ),
            (
                "10:15–12:00",
                "Die Perspektive von Betrieben und Kammern",
                "Erwartungen, Vorbehalte, gelungene Beispiele; Gespräch mit dem Handwerk",
            ),
            (
                "13:00–14:30",
                "Förderinstrumente und Zuständigkeiten",
                "Jobcenter, Agentur für Arbeit, Eingliederungszuschüsse, Ausbildungsbegleitung",
            ),
            (
                "14:45–16:00",
                "Vermittlung und Nachsorge planen",
                "Regionale Netzwerke skizzieren, verbindliche Absprachen treffen",
            ),
        ],
        "topics": ["arbeitsmarktintegration", "netzwerkarbeit", "nach-der-haft"],
        "audiences": [
            "arbeitsmarktakteure",
            "sozialdienst-vollzug",
            "bewaehrungshilfe",
            "freie-straffaelligenhilfe",
        ],
        "provider": "WHKT",
        "trainer": False,
        "hours": "6",
        "units": 8,
        "prerequisites": "Keine.",
        "capacity": 16,
        "format": HYBRID,
        "schedule": "day",
    },
    {
        "key": "bdm",
        "slug": "persoenliches-bedrohungsmanagement",
        "title": "Persönliches Bedrohungsmanagement für Polizei und Kommune",
        "teaser": (
            "Drohungen, Einschüchterungsversuche, aufgeheizte Situationen am Schalter oder im "
            "Einsatz: Das Training stärkt Beschäftigte von Polizei und Kommunen darin, "
            "Bedrohungen früh zu erkennen, sich selbst zu schützen und sicher zu handeln."
        ),
        "objectives": [
            "Warnsignale für eskalierende Bedrohungslagen erkennen und einschätzen",
            "Deeskalierende Kommunikation in angespannten Situationen anwenden",
            "Persönliche Schutzmaßnahmen im dienstlichen und privaten Umfeld planen",
            "Bedrohungen dokumentieren und interne wie externe Unterstützung nutzen",
            "Professionell mit Einschüchterungsversuchen aus familiären Netzwerken umgehen",
        ],
        "body": [
            "Beschäftigte von Polizei und Kommunalverwaltung erleben Druck, Drohungen und "
            "Einschüchterungsversuche – etwa in Ordnungs- und Ausländerbehörden oder bei "
            "Kontrollen. Im Projekt 360° wurde dafür das Training „Persönliches "
            "Bedrohungsmanagement“ entwickelt, pilotiert und evaluiert.",
            "Das zweitägige Training verbindet Wissen über Bedrohungsdynamiken mit praktischen "
            "Übungen. Die Teilnehmenden analysieren typische Situationen aus ihrem Arbeitsalltag, "
            "üben deeskalierende Gesprächsführung und erstellen einen persönlichen "
            "Sicherheitsplan. Am zweiten Tag geht es um Einschüchterung durch Gruppen und "
            "familiäre Netzwerke und um die Zusammenarbeit von Polizei und Kommune.",
            "Das Training richtet sich ausschließlich an Beschäftigte von Polizei und Kommunen.",
        ],
        "agenda": [
            ("Tag 1, vormittags", "Bedrohung verstehen", "Formen, Dynamiken und Warnsignale"),
            (
                "Tag 1, nachmittags",
                "Kommunikation unter Druck",
                "Deeskalation und Gesprächsführung, Übungen mit Rollenwechsel",
            ),
            (
                "Tag 2, vormittags",
                "Persönlicher Schutz",
                "Sicherheitsplan, Dokumentation, Unterstützung durch Dienststelle und Netzwerk",
            ),
            (
                "Tag 2, nachmittags",
                "Einschüchterung durch Gruppen",
                "Besonderheiten familiärer Netzwerke; Zusammenarbeit von Polizei und Kommune",
            ),
        ],
        "topics": ["bedrohungsmanagement", "clankriminalitaet"],
        "audiences": ["polizei", "kommunalverwaltung"],
        "provider": "360°",
        "trainer": False,
        "hours": "12",
        "units": 16,
        "prerequisites": "Beschäftigung bei der Polizei oder in einer Kommunalverwaltung.",
        "capacity": 12,
        "format": IN_PERSON,
        "schedule": "two_days",
        "en": {
            "slug": "personal-threat-management",
            "title": "Personal threat management for police and municipal staff",
            "teaser": (
                "Threats, intimidation, heated situations at the counter or during operations: "
                "this training helps police and municipal staff to recognise threats early, "
                "protect themselves and act safely."
            ),
            "objectives": [
                "Recognise and assess warning signs of escalating threats",
                "Use de-escalating communication in tense situations",
                "Plan personal protection at work and in private life",
                "Document threats and use internal and external support",
            ],
            "body": [
                "Police and municipal staff experience pressure, threats and intimidation. The "
                "360° project developed, piloted and evaluated the training “Personal threat "
                "management” for them.",
                "The two-day training combines knowledge of threat dynamics with practical "
                "exercises and a personal safety plan. It is open to police and municipal staff "
                "only.",
            ],
            "agenda_heading": "Schedule",
            "agenda": [
                ("Day 1, morning", "Understanding threats", "Forms, dynamics, warning signs"),
                ("Day 1, afternoon", "Communication under pressure", "De-escalation"),
                ("Day 2, morning", "Personal protection", "Safety plan and documentation"),
                ("Day 2, afternoon", "Intimidation by groups", "Police and municipalities"),
            ],
            "prerequisites": "Employment with the police or a municipal administration.",
        },
    },
    {
        "key": "clan",
        "slug": "clan-narrative-perspektiven",
        "title": "Clan-Narrative verstehen – Perspektiven entwickeln",
        "teaser": (
            "Über „Clans“ wird viel berichtet und wenig unterschieden. Das Modul vermittelt "
            "Hintergründe zu Familienstrukturen, Migrationsgeschichte und kriminellen "
            "Netzwerken, hinterfragt gängige Narrative und zeigt Wege, wie junge Menschen aus "
            "kriminellen Karrieren aussteigen können."
        ),
        "objectives": [
            "Historische und soziale Hintergründe von Großfamilien mit Migrationsgeschichte "
            "kennen",
            "Zwischen Familienzugehörigkeit und kriminellem Handeln unterscheiden",
            "Die Wirkung stigmatisierender Narrative auf Prävention und Ausstieg einschätzen",
            "Präventive Ansätze wie „Glaubhafte Botschafter“ und die Arbeit mit Müttern "
            "kennenlernen",
        ],
        "body": [
            "Das Projekt 360° verfolgt zwei Ziele zugleich: Kriminalität verringern und "
            "Angehörigen von Familienclans Perspektiven in der Gesamtgesellschaft eröffnen. "
            "Dafür braucht es Fachkräfte, die weder verharmlosen noch pauschalisieren. Das "
            "Modul vermittelt Wissen über Entstehung und Strukturen von Großfamilien, über "
            "Aufenthaltsgeschichte und Ausgrenzungserfahrungen sowie über die Mechanismen "
            "krimineller Netzwerke.",
            "Ein Schwerpunkt liegt auf Narrativen: Welche Geschichten erzählen Medien, Behörden "
            "und die Familien selbst – und wie wirken sie auf Jugendliche, die vor der "
            "Entscheidung für oder gegen eine kriminelle Karriere stehen? Anhand von Ansätzen "
            "aus der Initiative „Kurve kriegen“ entwickeln die Teilnehmenden Ideen für ihre "
            "eigene Praxis.",
        ],
        "agenda": [
            (
                "09:00–10:30",
                "Hintergründe",
                "Migrationsgeschichte, Familienstrukturen, rechtliche Rahmenbedingungen",
            ),
            (
                "10:45–12:15",
                "Familie und Kriminalität",
                "Was ist ein kriminelles Netzwerk, was nicht? Lagebilder kritisch lesen",
            ),
            (
                "13:15–14:45",
                "Narrative und ihre Wirkung",
                "Medien, Behörden, Familien: Wer erzählt was, und mit welchen Folgen?",
            ),
            (
                "15:00–16:00",
                "Perspektiven entwickeln",
                "Glaubhafte Botschafter, Arbeit mit Müttern, Ausstiegswege",
            ),
        ],
        "topics": ["clankriminalitaet", "interkulturelle-kompetenz"],
        "audiences": [
            "polizei",
            "kommunalverwaltung",
            "jugendhilfe-im-strafverfahren",
            "freie-straffaelligenhilfe",
        ],
        "provider": "360°",
        "trainer": False,
        "hours": "6",
        "units": 8,
        "prerequisites": "Keine.",
        "capacity": 16,
        "format": IN_PERSON,
        "schedule": "day",
    },
    {
        "key": "wrk",
        "slug": "werte-und-ressourcenkarten",
        "title": "Werte- und Ressourcenkarten in der pädagogischen Praxis",
        "teaser": (
            "Mit den Werte- und Ressourcenkarten „Wege aus der Kriminalität“ kommen "
            "pädagogische Fachkräfte mit Jugendlichen darüber ins Gespräch, was ihnen wichtig "
            "ist und was sie stark macht. Der Workshop führt in die Arbeit mit den Karten ein "
            "und erprobt sie praktisch."
        ),
        "objectives": [
            "Aufbau und Zielsetzung der Werte- und Ressourcenkarten kennen",
            "Methoden für Einzel- und Gruppengespräche mit den Karten anwenden",
            "Werte und Ressourcen von Jugendlichen als Ausgangspunkt für Ausstiegsperspektiven "
            "nutzen",
            "Die Karten an die eigene Zielgruppe und den eigenen Arbeitskontext anpassen",
        ],
        "body": [
            "Die Werte- und Ressourcenkarten sind im Projekt 360° gemeinsam mit der Bergischen "
            "Universität Wuppertal entstanden. Sie unterstützen pädagogische Fachkräfte dabei, "
            "Jugendliche und junge Erwachsene auf dem Weg aus kriminellen Karrieren zu "
            "begleiten – nicht mit erhobenem Zeigefinger, sondern über die Werte und Stärken, "
            "die sie selbst mitbringen.",
            "Im Workshop lernen die Teilnehmenden die Kartensets kennen und probieren "
            "verschiedene Methoden selbst aus: vom Einstieg ins Gespräch über die Arbeit an "
            "Zielen bis zur Auswertung in Gruppen. Gemeinsam wird besprochen, wie sich die "
            "Karten in der Jugendhilfe, in der Jugendhilfe im Strafverfahren oder in der Arbeit "
            "mit Familien einsetzen lassen.",
            "Alle Teilnehmenden erhalten ein Kartenset für die eigene Praxis.",
        ],
        "agenda": [
            ("09:00–09:30", "Einstieg", "Entstehung und Idee der Karten"),
            ("09:30–10:45", "Karten selbst erleben", "Methoden in Kleingruppen ausprobieren"),
            ("11:00–11:45", "Übertragung in die Praxis", "Einsatz im eigenen Arbeitsfeld"),
            ("11:45–12:15", "Austausch und Abschluss", ""),
        ],
        "topics": ["clankriminalitaet", "interkulturelle-kompetenz"],
        "audiences": [
            "jugendhilfe-im-strafverfahren",
            "freie-straffaelligenhilfe",
            "kommunalverwaltung",
            "sonstige",
        ],
        "provider": "360°",
        "trainer": False,
        "hours": "3",
        "units": 4,
        "prerequisites": "Pädagogische Arbeit mit Jugendlichen oder jungen Erwachsenen.",
        "capacity": 12,
        "format": IN_PERSON,
        "schedule": "half",
    },
    {
        "key": "ikk",
        "slug": "interkulturelle-kompetenz-vollzugsalltag",
        "title": "Interkulturelle Kompetenz im Vollzugsalltag",
        "teaser": (
            "Im Vollzug begegnen sich Menschen aus vielen Ländern, mit unterschiedlichen "
            "Sprachen, Religionen und Erfahrungen mit Behörden. Das Modul stärkt Bedienstete und "
            "Fachkräfte darin, Missverständnisse zu erkennen, Konflikte zu entschärfen und "
            "kultursensibel zu handeln, ohne zu kulturalisieren."
        ),
        "objectives": [
            "Die eigene kulturelle Prägung und ihren Einfluss auf Wahrnehmung und Handeln "
            "reflektieren",
            "Typische Missverständnisse in der Kommunikation im Vollzug erkennen und auflösen",
            "Professionell mit Sprachbarrieren und Dolmetschenden arbeiten",
            "Kultursensibel handeln, ohne Verhalten vorschnell auf Herkunft oder Religion "
            "zurückzuführen",
        ],
        "body": [
            "Interkulturelle Kompetenz ist im Vollzugsalltag keine Zusatzqualifikation, sondern "
            "Teil der täglichen Arbeit – bei der Aufnahme, im Stationsdienst, in der "
            "Sozialberatung und bei der Entlassungsvorbereitung. Wer die Hintergründe von "
            "Verhalten besser versteht, kann Konflikte früher entschärfen und Vertrauen "
            "aufbauen.",
            "Das Modul arbeitet mit Übungen zur Selbstreflexion, kurzen Inputs und Situationen, "
            "die die Teilnehmenden selbst einbringen. Ein Schwerpunkt liegt auf der Grenze "
            "zwischen kultursensiblem Handeln und Kulturalisierung: Nicht jedes Verhalten hat "
            "mit Herkunft oder Religion zu tun.",
        ],
        "agenda": [
            ("09:00–10:15", "Eigene Prägungen", "Wahrnehmung, Stereotype, Perspektivwechsel"),
            (
                "10:30–12:00",
                "Kommunikation im Vollzug",
                "Missverständnisse, Sprachbarrieren, Arbeit mit Dolmetschenden",
            ),
            (
                "13:00–14:30",
                "Konflikte entschärfen",
                "Fallbeispiele aus Stationsdienst und Sozialberatung",
            ),
            (
                "14:45–16:00",
                "Kultursensibel, nicht kulturalisierend",
                "Handlungsleitlinien für den eigenen Arbeitsbereich",
            ),
        ],
        "topics": ["interkulturelle-kompetenz", "islamismus"],
        "audiences": [
            "allgemeiner-vollzugsdienst",
            "sozialdienst-vollzug",
            "freie-straffaelligenhilfe",
        ],
        "provider": "MKZ Dessau",
        "trainer": True,
        "hours": "6",
        "units": 8,
        "prerequisites": "Keine.",
        "capacity": 16,
        "format": IN_PERSON,
        "schedule": "day",
    },
]


# Offerings ------------------------------------------------------------------------------------

VENUES = {
    "magdeburg": "Bildungszentrum Elbufer (Demo), Musterstraße 12, 39104 Magdeburg",
    "halle-saale": "Tagungshaus am Saaleufer (Demo), Beispielweg 5, 06108 Halle (Saale)",
    "dessau-rosslau": "Begegnungszentrum (Demo), Musterallee 3, 06844 Dessau-Roßlau",
    "harz": "Seminarhaus Harzblick (Demo), Am Musterberg 7, 38820 Halberstadt",
    "stendal": "Bildungsstätte Altmark (Demo), Beispielstraße 21, 39576 Stendal",
    "salzlandkreis": "Kreisbildungswerk (Demo), Musterplatz 2, 06406 Bernburg (Saale)",
    "bochum": "Fortbildungszentrum Ruhr (Demo), Musterstraße 40, 44787 Bochum",
    "dortmund": "Tagungszentrum Westfalen (Demo), Beispielring 8, 44135 Dortmund",
    "duisburg": "Bildungswerk Rhein-Ruhr (Demo), Musterweg 15, 47051 Duisburg",
    "essen": "Haus der Prävention (Demo), Musterstraße 9, 45127 Essen",
    "gelsenkirchen": "Seminarzentrum Emscher (Demo), Beispielallee 4, 45879 Gelsenkirchen",
    "oberhausen": "Bildungsforum (Demo), Musterplatz 1, 46045 Oberhausen",
    "kreis-recklinghausen": "Kreishaus, Seminarräume (Demo), Musterstraße 30, 45657 "
    "Recklinghausen",
    # Hybrid offerings for a whole state meet in its capital city's venue.
    "sachsen-anhalt": "Bildungszentrum Elbufer (Demo), Musterstraße 12, 39104 Magdeburg",
    "nordrhein-westfalen": "Haus der Prävention (Demo), Musterstraße 9, 45127 Essen",
}

CANCELLATION_REASON = (
    "Der Veranstaltungsort steht wegen kurzfristiger Bauarbeiten nicht zur Verfügung. Ein "
    "Ersatztermin in Gelsenkirchen ist in Planung; wer angemeldet war, wird bevorzugt "
    "informiert."
)


def _offering(key, module, region, days, **options):
    """One demo offering. ``days``: the first day, relative to the day of seeding.

    Options: format, schedule, capacity, status (default open), approval (requires approval),
    eligible (audience slugs), suffix, and the enrolment plan: enrol (how many demo
    participants), approve (how many of the requests the coordination approves), fachkraft
    ("confirmed", "waitlisted", "requested" or "attended" for the demo professional).
    """
    return {"key": key, "module": module, "region": region, "days": days, **options}


THREAT = ["polizei", "kommunalverwaltung"]
PRISON_STAFF = ["allgemeiner-vollzugsdienst", "sozialdienst-vollzug"]
PLANNED, CANCELLED, COMPLETED = (
    Offering.Status.PLANNED,
    Offering.Status.CANCELLED,
    Offering.Status.COMPLETED,
)

# fmt: off
OFFERINGS = [
    # RausWege (Saxony-Anhalt): right-wing extremism, distancing, case consultation
    _offering("rex-md-1", "rex", "magdeburg", 12, capacity=8, enrol=9, fachkraft="waitlisted"),
    _offering("rex-hal-1", "rex", "halle-saale", 40, enrol=7),
    _offering("rex-sdl-1", "rex", "stendal", 95, capacity=14, enrol=3),
    _offering("rex-st-online", "rex", "sachsen-anhalt", 150, format=ONLINE,
              schedule="two_mornings", capacity=20, enrol=4),
    _offering("rex-harz-1", "rex", "harz", 210, status=PLANNED),
    _offering("gmf-st-online-1", "gmf", "sachsen-anhalt", 18, enrol=6),
    _offering("gmf-md-1", "gmf", "magdeburg", 55, format=IN_PERSON, schedule="day",
              capacity=16, enrol=5, fachkraft="confirmed"),
    _offering("gmf-de-1", "gmf", "dessau-rosslau", 130, format=IN_PERSON, schedule="day",
              capacity=16, enrol=2, suffix="mit Schwerpunkt Antisemitismus"),
    _offering("gmf-nrw-online-1", "gmf", "nordrhein-westfalen", 175, capacity=20, enrol=3),
    _offering("dist-md-1", "dist", "magdeburg", 26, capacity=10, enrol=12),
    _offering("dist-hal-1", "dist", "halle-saale", 80, approval=True, enrol=4, approve=2),
    _offering("dist-st-hybrid", "dist", "sachsen-anhalt", 160, format=HYBRID, enrol=3),
    _offering("dist-slk-1", "dist", "salzlandkreis", 240, status=PLANNED),
    _offering("isl-de-1", "isl", "dessau-rosslau", 21, eligible=PRISON_STAFF, enrol=4,
              suffix="für Bedienstete des Justizvollzugs"),
    _offering("isl-hal-1", "isl", "halle-saale", 70, enrol=5),
    _offering("isl-do-1", "isl", "dortmund", 115, enrol=3),
    _offering("kfb-st-online-1", "kfb", "sachsen-anhalt", 15, approval=True, enrol=4,
              approve=2, fachkraft="requested"),
    _offering("kfb-md-1", "kfb", "magdeburg", 60, format=IN_PERSON, enrol=10),
    _offering("kfb-st-online-2", "kfb", "sachsen-anhalt", 120, approval=True, enrol=3,
              approve=1),
    _offering("kfb-hal-hybrid", "kfb", "halle-saale", 185, format=HYBRID, enrol=2),
    _offering("kfb-nrw-online", "kfb", "nordrhein-westfalen", 250, status=PLANNED),
    _offering("ikk-hal-1", "ikk", "halle-saale", 30, capacity=10, enrol=5),
    _offering("ikk-harz-1", "ikk", "harz", 110, eligible=PRISON_STAFF, enrol=2),
    _offering("ikk-sdl-1", "ikk", "stendal", 260, status=PLANNED),
    # INA (NRW): integration planning, case management, labour-market integration
    _offering("ipl-e-1", "ipl", "essen", 33, enrol=6),
    _offering("ipl-du-1", "ipl", "duisburg", 100, enrol=3),
    _offering("ipl-nrw-online", "ipl", "nordrhein-westfalen", 170, format=ONLINE,
              schedule="two_mornings", capacity=20, enrol=4),
    _offering("cm-do-1", "cm", "dortmund", 45, approval=True, enrol=5, approve=3),
    _offering("cm-bo-1", "cm", "bochum", 140, enrol=2),
    _offering("ami-ge-1", "ami", "gelsenkirchen", 28, capacity=10, enrol=12,
              suffix="mit Handwerkskammer und Jobcenter vor Ort"),
    _offering("ami-ob-1", "ami", "oberhausen", 90, format=IN_PERSON, enrol=4),
    _offering("ami-md-1", "ami", "magdeburg", 155, enrol=3),
    # 360° (NRW): threat management, clan narratives, values and resource cards
    _offering("bdm-e-1", "bdm", "essen", 35, eligible=THREAT, enrol=5),
    _offering("bdm-re-1", "bdm", "kreis-recklinghausen", 105, eligible=THREAT, approval=True,
              enrol=3, approve=1),
    _offering("clan-bo-1", "clan", "bochum", 50, enrol=5),
    _offering("clan-ge-1", "clan", "gelsenkirchen", 125, enrol=3, status=CANCELLED),
    _offering("clan-nrw-online", "clan", "nordrhein-westfalen", 215, format=ONLINE,
              schedule="two_mornings", capacity=20, enrol=2),
    _offering("wrk-nrw-online", "wrk", "nordrhein-westfalen", 24, format=ONLINE, capacity=10,
              enrol=4),
    _offering("wrk-do-1", "wrk", "dortmund", 85, enrol=3),
    _offering("wrk-ob-1", "wrk", "oberhausen", 180, enrol=1),
    # In the past: completed, with their participants.
    _offering("rex-md-0", "rex", "magdeburg", -120, status=COMPLETED, enrol=9,
              fachkraft="attended"),
    _offering("gmf-st-online-0", "gmf", "sachsen-anhalt", -75, status=COMPLETED, enrol=7,
              fachkraft="attended"),
    _offering("ipl-e-0", "ipl", "essen", -140, status=COMPLETED, enrol=9),
    _offering("bdm-bo-0", "bdm", "bochum", -60, eligible=THREAT, status=COMPLETED, enrol=6),
    _offering("isl-hal-0", "isl", "halle-saale", -35, status=COMPLETED, enrol=7),
    _offering("wrk-do-0", "wrk", "dortmund", -16, status=COMPLETED, enrol=6),
]
# fmt: on


# Demo participants ----------------------------------------------------------------------------

# (first name, last name, field of work, region, organisation, position, email language).
# The names are placeholders; the organisations are invented.
# fmt: off
PARTICIPANTS = [
    ("Anna", "Muster", "freie-straffaelligenhilfe", "magdeburg",
     "Straffälligenhilfe Elbe e. V. (Demo)", "Sozialpädagogin", "de"),
    ("Jonas", "Beispiel", "bewaehrungshilfe", "halle-saale",
     "Sozialer Dienst der Justiz, Dienststelle Halle (Demo)", "Bewährungshelfer", "de"),
    ("Aylin", "Exempel", "sozialdienst-vollzug", "burgenlandkreis",
     "Justizvollzug Sachsen-Anhalt, Sozialdienst (Demo)", "Sozialarbeiterin", "de"),
    ("Sergej", "Modell", "allgemeiner-vollzugsdienst", "stendal",
     "Justizvollzug Sachsen-Anhalt (Demo)", "Justizvollzugsbeamter", "de"),
    ("Miriam", "Vorlage", "bewaehrungshilfe", "dessau-rosslau",
     "Sozialer Dienst der Justiz, Dienststelle Dessau (Demo)", "Bewährungshelferin", "de"),
    ("Tobias", "Muster", "gerichtshilfe", "magdeburg",
     "Sozialer Dienst der Justiz, Gerichtshilfe (Demo)", "Gerichtshelfer", "de"),
    ("Leyla", "Beispiel", "freie-straffaelligenhilfe", "halle-saale",
     "Anlaufstelle Straffälligenhilfe Halle (Demo)", "Sozialarbeiterin", "de"),
    ("Paul", "Exempel", "fuehrungsaufsicht", "harz",
     "Führungsaufsichtsstelle (Demo)", "Sozialarbeiter", "de"),
    ("Sabine", "Modell", "allgemeiner-vollzugsdienst", "boerde",
     "Justizvollzug Sachsen-Anhalt (Demo)", "Justizvollzugsbeamtin", "de"),
    ("Dariusz", "Vorlage", "sozialdienst-vollzug", "salzlandkreis",
     "Justizvollzug Sachsen-Anhalt, Sozialdienst (Demo)", "Sozialarbeiter", "de"),
    ("Nora", "Muster", "jugendhilfe-im-strafverfahren", "magdeburg",
     "Jugendamt, Jugendhilfe im Strafverfahren (Demo)", "Sozialpädagogin", "de"),
    ("Malte", "Beispiel", "freie-straffaelligenhilfe", "wittenberg",
     "Resozialisierungshilfe Wittenberg e. V. (Demo)", "Sozialarbeiter", "de"),
    ("Claudia", "Exempel", "bewaehrungshilfe", "saalekreis",
     "Sozialer Dienst der Justiz (Demo)", "Bewährungshelferin", "de"),
    ("Yusuf", "Modell", "polizei", "essen",
     "Polizei Nordrhein-Westfalen (Demo)", "Polizeikommissar", "de"),
    ("Jana", "Vorlage", "polizei", "gelsenkirchen",
     "Polizei Nordrhein-Westfalen (Demo)", "Polizeioberkommissarin", "de"),
    ("Henrik", "Muster", "polizei", "dortmund",
     "Polizei Nordrhein-Westfalen (Demo)", "Kriminalhauptkommissar", "en"),
    ("Ewa", "Beispiel", "kommunalverwaltung", "duisburg",
     "Stadtverwaltung, Ordnungsamt (Demo)", "Sachbearbeiterin", "de"),
    ("Kemal", "Exempel", "kommunalverwaltung", "kreis-recklinghausen",
     "Kreisverwaltung, Ausländerbehörde (Demo)", "Sachbearbeiter", "de"),
    ("Ulrike", "Modell", "kommunalverwaltung", "oberhausen",
     "Stadtverwaltung, Kommunaler Ordnungsdienst (Demo)", "Teamleiterin", "de"),
    ("Finn", "Vorlage", "arbeitsmarktakteure", "bochum",
     "Jobcenter (Demo)", "Integrationsfachkraft", "de"),
    ("Svetlana", "Muster", "arbeitsmarktakteure", "gelsenkirchen",
     "Handwerkskammer, Ausbildungsberatung (Demo)", "Ausbildungsberaterin", "en"),
    ("Ole", "Beispiel", "sozialdienst-vollzug", "essen",
     "Justizvollzug NRW, Übergangsmanagement (Demo)", "Übergangsmanager", "de"),
    ("Birgit", "Exempel", "sozialdienst-vollzug", "duisburg",
     "Justizvollzug NRW, Sozialdienst (Demo)", "Sozialarbeiterin", "de"),
    ("Mehmet", "Modell", "bewaehrungshilfe", "dortmund",
     "Ambulanter Sozialer Dienst der Justiz (Demo)", "Bewährungshelfer", "de"),
    ("Katrin", "Vorlage", "freie-straffaelligenhilfe", "koeln",
     "Verein für Straffälligenhilfe (Demo)", "Sozialarbeiterin", "de"),
]
# fmt: on

COMMENTS = [
    "Ich benötige einen stufenlosen Zugang zum Seminarraum.",
    "Bitte vegetarische Verpflegung.",
    "Ich reise mit der Bahn an und bin voraussichtlich erst um 9:15 Uhr da.",
    "Wir sind zu zweit aus demselben Team angemeldet.",
]


# Seeding --------------------------------------------------------------------------------------


def seed(log=print) -> None:
    catalog_de = CatalogPage.objects.get(locale__language_code="de", slug="fortbildungen")
    modules = seed_modules(catalog_de, log)
    participants = seed_participants(log)
    # Demo enrolments must not mail anybody: neither the console nor, where EMAIL_HOST is set,
    # a real SMTP server.
    with _notifications_off():
        seed_offerings(modules, participants, log)
        seed_attendance_certificates_evaluations(log)


@contextmanager
def _notifications_off():
    """Switch the enrolment notifications off while the demo enrols its people.

    ``override_settings(EMAIL_BACKEND=...dummy...)`` around the enrolments would not do it:
    the services queue their mails with ``transaction.on_commit`` and ``seed_demo`` runs in one
    transaction, so the mails would be built and sent after it commits, long after such an
    override had been undone. So the two notification hooks the services call are replaced
    for the duration (the services look them up on the module at call time).
    """
    saved = (notifications.notify, notifications.notify_coordinators_late_cancellation)

    def ignore(*args, **kwargs):
        return None

    notifications.notify = notifications.notify_coordinators_late_cancellation = ignore
    try:
        yield
    finally:
        notifications.notify, notifications.notify_coordinators_late_cancellation = saved


# Modules


def seed_modules(catalog_de, log) -> dict[str, ModulePage]:
    en = Locale.objects.get_or_create(language_code="en")[0]
    catalog_en = catalog_de.get_translation_or_none(en)
    topics = {t.slug: t for t in Topic.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    providers = {p.short_name: p for p in Provider.objects.all()}
    trainer = User.objects.filter(email__iexact=TRAINER_EMAIL).first()

    modules = {}
    for spec in MODULES:
        page = ModulePage.objects.child_of(catalog_de).filter(slug=spec["slug"]).first()
        if page is None:
            page = ModulePage(
                slug=spec["slug"],
                locale=catalog_de.locale,
                provider=providers[spec["provider"]],
                duration_hours=Decimal(spec["hours"]),
                teaching_units=spec["units"],
                default_capacity=spec["capacity"],
                default_format=spec["format"],
            )
            _set_module_content(page, spec, agenda_heading="Ablauf")
            page.topics.set([topics[slug] for slug in spec["topics"]])
            page.audiences.set([audiences[slug] for slug in spec["audiences"]])
            if spec["trainer"] and trainer is not None:
                page.trainers.set([trainer])
            catalog_de.add_child(instance=page)
            page.save_revision().publish()
            log(f"Modul: {page.title}")
        if "en" in spec and catalog_en is not None:
            _translate_module(page, catalog_en, spec["en"], log)
        modules[spec["key"]] = page
    return modules


def _set_module_content(page, content, agenda_heading):
    page.title = content["title"]
    page.teaser = content["teaser"]
    page.search_description = content["teaser"]
    page.learning_objectives = _objectives(content["objectives"])
    page.prerequisites = content["prerequisites"]
    body = [_paragraph(text) for text in content["body"]]
    body.append(_agenda(content.get("agenda_heading", agenda_heading), content["agenda"]))
    page.body = json.dumps(body)


def _translate_module(page, catalog_en, content, log):
    """The English page: same translation key, so it shares the German page's offerings."""
    if page.get_translation_or_none(catalog_en.locale) is not None:
        return
    translation = ModulePage(
        slug=content["slug"],
        locale=catalog_en.locale,
        translation_key=page.translation_key,
        provider=page.provider,
        duration_hours=page.duration_hours,
        teaching_units=page.teaching_units,
        default_capacity=page.default_capacity,
        default_format=page.default_format,
        image=page.image,
    )
    _set_module_content(translation, content, agenda_heading="Schedule")
    translation.topics.set(page.topics.all())
    translation.audiences.set(page.audiences.all())
    translation.trainers.set(page.trainers.all())
    catalog_en.add_child(instance=translation)
    translation.save_revision().publish()
    log(f"  translated: {translation.title}")


# Participants


def seed_participants(log) -> list[User]:
    """25 demo professionals besides fachkraft@example.org: teilnehmende01@example.org, …"""
    audiences = {a.slug: a for a in Audience.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    group = Group.objects.get(name=PROFESSIONALS)
    # One hash for all: hashing the (public) demo password 25 times would cost seconds.
    password = make_password(settings.PORTAL_DEMO_PASSWORD)

    people, created = [], 0
    for number, row in enumerate(PARTICIPANTS, start=1):
        first_name, last_name, audience, region, organisation, position, language = row
        email = f"teilnehmende{number:02d}@example.org"
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                organisation=organisation,
                position=position,
                audience=audiences[audience],
                region=regions[region],
                language=language,
            )
            user.groups.add(group)
            created += 1
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        people.append(user.pk)
    if created:
        log(f"Demo-Teilnehmende: {created} Konten (teilnehmende01…{len(PARTICIPANTS):02d})")
    return list(
        User.objects.filter(pk__in=people).select_related("audience", "region").order_by("email")
    )


# Offerings and enrolments


def _demo_note(key: str) -> str:
    return f"Demo-Termin, angelegt von seed_demo [{key}]"


def _easter(year: int) -> datetime.date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lam = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lam) // 451
    month, day = divmod(h + lam - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


# Public holidays of Saxony-Anhalt or North Rhine-Westphalia (fixed ones as (month, day),
# movable ones as days after Easter Sunday), and the quiet weeks around the turn of the year.
FIXED_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (10, 3), (10, 31), (11, 1), (12, 25), (12, 26)}
EASTER_HOLIDAYS = {-2, 1, 39, 50, 60}


def _day_off(day: datetime.date) -> bool:
    return (
        day.weekday() >= 5
        or (day.month, day.day) in FIXED_HOLIDAYS
        or (day.month == 12 and day.day >= 21)
        or (day.month == 1 and day.day <= 3)
        or (day - _easter(day.year)).days in EASTER_HOLIDAYS
    )


def _working_day(day: datetime.date, step: int = 1) -> datetime.date:
    while _day_off(day):
        day += datetime.timedelta(days=step)
    return day


def _session_dates(first: datetime.date, schedule, today: datetime.date) -> list[tuple]:
    # A past offering moves back to a working day, so that it stays in the past.
    first = _working_day(first, step=-1 if first < today else 1)
    return [
        (_working_day(first + datetime.timedelta(days=offset)), start, end)
        for offset, start, end in schedule
    ]


def _at(day: datetime.date, hour=23, minute=59) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def _online_access(key: str) -> str:
    code = zlib.crc32(key.encode()) % 900000 + 100000
    return (
        f"Videokonferenz: https://meet.example.org/qualifizierung-{key}\n"
        f"Kenncode: {code}\n"
        "Telefonische Einwahl (ohne Kamera) ist möglich; Einwahlnummer und PIN stehen in der "
        "Einladung, die eine Woche vor dem Termin verschickt wird."
    )


def seed_offerings(modules, participants, log) -> None:
    today = timezone.localdate()
    regions = {r.slug: r for r in Region.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    trainer = User.objects.filter(email__iexact=TRAINER_EMAIL).first()
    coordinator = User.objects.filter(email__iexact=COORDINATOR_EMAIL).first()
    professional = User.objects.filter(email__iexact=PROFESSIONAL_EMAIL).first()
    existing = set(
        Offering.objects.filter(internal_notes__startswith="Demo-Termin").values_list(
            "internal_notes", flat=True
        )
    )
    module_specs = {spec["key"]: spec for spec in MODULES}

    created_per_module: dict[str, int] = {}
    enrolments = 0
    for index, spec in enumerate(OFFERINGS):
        if _demo_note(spec["key"]) in existing:
            continue
        module = modules[spec["module"]]
        module_spec = module_specs[spec["module"]]
        status = spec.get("status", Offering.Status.OPEN)
        offering = _build_offering(spec, module, module_spec, today, regions, audiences)
        if module_spec["trainer"] and trainer is not None:
            offering.trainers.set([trainer])
        offering.save()  # writes the sessions and the parental many-to-many relations too
        created_per_module[module.title] = created_per_module.get(module.title, 0) + 1

        people = _choose(participants, offering, module_spec, spec.get("enrol", 0), index)
        if status == Offering.Status.COMPLETED:
            enrolments += _attended(offering, people, professional, spec)
        elif status in (Offering.Status.OPEN, Offering.Status.CANCELLED):
            enrolments += _enrol(offering, people, professional, coordinator, spec)

    for title, count in created_per_module.items():
        log(f"Termine: {count} × {title}")
    if enrolments:
        log(f"Anmeldungen: {enrolments}")


def _build_offering(spec, module, module_spec, today, regions, audiences) -> Offering:
    status = spec.get("status", Offering.Status.OPEN)
    form = spec.get("format", module_spec["format"])
    schedule = SCHEDULES[spec.get("schedule", module_spec["schedule"])]
    dates = _session_dates(today + datetime.timedelta(days=spec["days"]), schedule, today)
    first_day = dates[0][0]
    region = regions[spec["region"]]

    offering = Offering(
        module=module,
        title_suffix=spec.get("suffix", ""),
        format=form,
        region=region,
        capacity=spec.get("capacity", module_spec["capacity"]),
        requires_approval=spec.get("approval", False),
        status=status,
        internal_notes=_demo_note(spec["key"]),
        # Online offerings close later: nobody has to travel.
        registration_closes=_at(first_day - datetime.timedelta(days=3 if form == ONLINE else 5)),
        cancellation_deadline=_at(first_day - datetime.timedelta(days=7)),
    )
    if status == Offering.Status.PLANNED:
        # Not yet announced: registration opens some months before the first day.
        opens = max(first_day - datetime.timedelta(days=90), today + datetime.timedelta(days=14))
        offering.registration_opens = _at(opens, 8, 0)
    if form in (IN_PERSON, HYBRID):
        offering.venue = VENUES[spec["region"]]
    if form in (ONLINE, HYBRID):
        offering.online_access = _online_access(spec["key"])
    if spec.get("eligible"):
        offering.eligible_audiences.set([audiences[slug] for slug in spec["eligible"]])
    offering.sessions = [
        Session(date=day, start_time=start, end_time=end) for day, start, end in dates
    ]
    if status == Offering.Status.CANCELLED:
        # Created open, people enrol, then the coordination cancels it (see ``_enrol``).
        offering.status = Offering.Status.OPEN
    return offering


def _state_id(region):
    return region.parent_id or region.pk


def _choose(participants, offering, module_spec, count, index) -> list[User]:
    """Demo participants for an offering: eligible ones only, those from the same state and
    the module's fields of work first, rotated so that not every offering gets the same."""
    if not count:
        return []
    eligible = {a.pk for a in offering.eligible_audiences.all()}
    state = _state_id(offering.region)
    module_audiences = set(module_spec["audiences"])
    size = len(participants)
    candidates = [
        (position, person)
        for position, person in enumerate(participants)
        if not eligible or person.audience_id in eligible
    ]
    candidates.sort(
        key=lambda item: (
            _state_id(item[1].region) != state,
            item[1].audience.slug not in module_audiences,
            (item[0] - index * 7) % size,
        )
    )
    return [person for _position, person in candidates[:count]]


def _enrol(offering, people, professional, coordinator, spec) -> int:
    """Enrol through the services, so that the rules decide: confirmed, waitlisted, requested."""
    order = list(people)
    role = spec.get("fachkraft")
    if professional is not None and role == "confirmed":
        order.insert(0, professional)
    elif professional is not None and role == "waitlisted":
        order.insert(offering.capacity, professional)  # right after the last free seat
    elif professional is not None and role == "requested":
        order.append(professional)

    enrolled = []
    for number, person in enumerate(order):
        comment = COMMENTS[number % len(COMMENTS)] if number % 4 == 1 else ""
        enrolled.append(services.enroll(offering, person, comment=comment))

    if spec.get("approve") and coordinator is not None:
        requests = [e for e in enrolled if e.user_id != getattr(professional, "pk", None)]
        for enrollment in requests[: spec["approve"]]:
            services.approve(enrollment, by=coordinator)

    if spec.get("status") == Offering.Status.CANCELLED:
        services.cancel_offering(offering, by=coordinator, reason=CANCELLATION_REASON)
    return len(enrolled)


def _attended(offering, people, professional, spec) -> int:
    """Participants of a past offering.

    ``services.enroll`` refuses offerings that have started (rightly), so these rows are
    written directly: confirmed, with timestamps a few weeks before the first session.
    """
    if spec.get("fachkraft") == "attended" and professional is not None:
        people = [professional, *people[: max(len(people) - 1, 0)]]
    starts_at = offering.starts_at
    rows = []
    for number, person in enumerate(people):
        rows.append(
            Enrollment(
                offering=offering,
                user=person,
                status=Enrollment.Status.CONFIRMED,
                confirmed_at=starts_at - datetime.timedelta(days=30 - number, hours=number),
                acted_by=person,
            )
        )
    Enrollment.objects.bulk_create(rows)
    # ``requested_at`` is set to now on insert (auto_now_add); move it back to the request.
    Enrollment.objects.filter(offering=offering).update(requested_at=F("confirmed_at"))
    return len(rows)


# Attendance, certificates and evaluations -----------------------------------------------------

# Past offerings left without attendance, for trainers to try marking it in the admin.
UNMARKED_PAST_OFFERINGS = {"gmf-st-online-0"}
# The past offering whose participants (except the demo professional, who can try it) have
# answered the evaluation.
EVALUATED_OFFERING = "rex-md-0"

DEMO_EVALUATIONS = [
    {
        "relevance": 5,
        "content": 5,
        "methods": 4,
        "trainer": 5,
        "organisation": 4,
        "overall": 5,
        "need_met": "yes",
        "will_apply": "Die Gesprächsleitfäden für Erstgespräche mit Klient*innen.",
        "further_topics": "Umgang mit rechtsextremer Musik und Symbolik in der Haft.",
    },
    {
        "relevance": 4,
        "content": 4,
        "methods": 3,
        "trainer": 4,
        "organisation": 5,
        "overall": 4,
        "need_met": "partly",
        "will_apply": "Codes und Symbole erkennen und im Team ansprechen.",
        "further_topics": "Fallberatung für konkrete Distanzierungsverläufe.",
    },
    {
        "relevance": 5,
        "content": 4,
        "methods": 5,
        "trainer": 5,
        "organisation": 3,
        "overall": 5,
        "need_met": "yes",
        "will_apply": "Die Methode der biografischen Zeitleiste.",
        "further_topics": "",
    },
    {
        "relevance": 3,
        "content": 3,
        "methods": 2,
        "trainer": 4,
        "organisation": 4,
        "overall": 3,
        "need_met": "partly",
        "will_apply": "",
        "further_topics": "Mehr Praxisbeispiele aus der Bewährungshilfe.",
    },
    {
        "relevance": 4,
        "content": 5,
        "methods": 4,
        "trainer": 4,
        "organisation": 2,
        "overall": 4,
        "need_met": "yes",
        "will_apply": "Übergänge nach der Entlassung früher mit den Netzwerkpartnern planen.",
        "further_topics": "Online-Radikalisierung und Messenger-Gruppen.",
    },
    {
        "relevance": 2,
        "content": 3,
        "methods": 3,
        "trainer": 3,
        "organisation": 4,
        "overall": 2,
        "need_met": "no",
        "will_apply": "Wenig, vieles war mir schon bekannt.",
        "further_topics": "Ein Aufbaumodul für erfahrene Fachkräfte.",
    },
]


def seed_attendance_certificates_evaluations(log) -> None:
    """Attendance and certificates for the past demo offerings, evaluations for one of them.

    Through the services, idempotently: offerings with attendance already marked are left
    alone, certificates are issued once, and only enrolments that have not answered yet are
    evaluated. The demo professional gets a certificate for "rex-md-0" and can still evaluate
    it herself; "gmf-st-online-0" is left unmarked for trainers to try.
    """
    from courses.models import Attendance, Certificate

    coordinator = User.objects.filter(email__iexact=COORDINATOR_EMAIL).first()
    professional = User.objects.filter(email__iexact=PROFESSIONAL_EMAIL).first()
    past = (
        Offering.objects.filter(
            internal_notes__startswith="Demo-Termin", status=Offering.Status.COMPLETED
        )
        .select_related("module")
        .prefetch_related("sessions", "trainers")
    )
    now = timezone.now()
    marked = issued = evaluated = 0
    for offering in past:
        key = offering.internal_notes.rpartition("[")[2].rstrip("]")
        if key in UNMARKED_PAST_OFFERINGS or offering.ends_at is None or offering.ends_at > now:
            continue
        by = next(iter(offering.trainers.all()), None) or coordinator
        if not Attendance.objects.filter(session__offering=offering).exists():
            present = list(
                Enrollment.objects.confirmed()
                .filter(offering=offering)
                .values_list("pk", flat=True)
            )
            for session in offering.ordered_sessions:
                services.mark_attendance(offering, session, present, by)
            marked += 1
        before = Certificate.objects.filter(enrollment__offering=offering).count()
        issued += len(services.issue_certificates(offering, coordinator)) if before == 0 else 0
        if key == EVALUATED_OFFERING:
            evaluated += _seed_evaluations(offering, professional)
    if marked or issued or evaluated:
        log(f"Anwesenheit: {marked} Termine, Bescheinigungen: {issued}, Evaluationen: {evaluated}")


def _seed_evaluations(offering, professional) -> int:
    enrollments = list(
        Enrollment.objects.confirmed()
        .filter(offering=offering)
        .exclude(user=professional)
        .order_by("pk")[: len(DEMO_EVALUATIONS)]
    )
    count = 0
    for enrollment, answers in zip(enrollments, DEMO_EVALUATIONS, strict=False):
        if enrollment.evaluated:
            continue
        services.submit_evaluation(enrollment, answers)
        count += 1
    return count
