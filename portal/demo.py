"""Demo content of the portal: organisations, pages in German and English, one account per role.

Every step looks up what it would create first, so running it again changes nothing. The texts
are drawn from the public self-descriptions of the model projects RausWege (Saxony-Anhalt),
INA and 360° (North Rhine-Westphalia).
"""

import json
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from portal.models import Audience, ContentPage, HomePage, Provider, Region, SiteSettings, User
from portal.roles import COORDINATORS, PROFESSIONALS, TRAINERS

DEMO_PASSWORD = settings.PORTAL_DEMO_PASSWORD

# Staff need two-factor authentication for the admin (portal/mfa.py). The demo staff accounts
# share this fixed TOTP secret (base32 of "Demo-Zweifaktor-2026"), for development only: add it
# to any authenticator app, or print the current code with ``demo_totp_code()``.
DEMO_TOTP_SECRET = "IRSW23ZNLJ3WK2LGMFVXI33SFUZDAMRW"


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def cards(title, items):
    return {
        "type": "cards",
        "value": {
            "heading": title,
            "cards": [
                {"title": t, "text": x, "link": {"label": "", "page": None, "url": ""}}
                for t, x in items
            ],
        },
    }


ORGANISATIONS = [
    {
        "name": "Miteinander – Netzwerk für Demokratie und Weltoffenheit in Sachsen-Anhalt e. V.",
        "short_name": "Miteinander e. V.",
        "kind": Provider.Kind.PROVIDER,
        "description": (
            "Fachträger mit langjähriger Erfahrung in Rechtsextremismusprävention, "
            "Radikalisierungsprävention und Distanzierungsarbeit in und außerhalb des "
            "Strafvollzugs. Träger des Modellprojekts RausWege."
        ),
        "email": "rauswege@example.org",
    },
    {
        "name": "Landesverband für Kriminalprävention und Resozialisierung Sachsen-Anhalt e. V.",
        "short_name": "LKR",
        "kind": Provider.Kind.PROVIDER,
        "description": (
            "Fachträger der freien Straffälligenhilfe in Sachsen-Anhalt. Bringt die Strukturen "
            "der Straffälligenhilfe und die Bedarfsanalyse in Werkstattgesprächen ein."
        ),
        "email": "lkr@example.org",
    },
    {
        "name": "Multikulturelles Zentrum Dessau e. V.",
        "short_name": "MKZ Dessau",
        "kind": Provider.Kind.PROVIDER,
        "description": (
            "Seit 2018 im Verbund; Schwerpunkt auf Radikalisierungsprozessen im Bereich "
            "Islamismus und Salafismus."
        ),
        "email": "mkz@example.org",
    },
    {
        "name": "Kriminologischer Dienst des Landes Nordrhein-Westfalen",
        "short_name": "KrimD NRW",
        "kind": Provider.Kind.PROVIDER,
        "description": (
            "Begleitet das erweiterte Übergangsmanagement INA: Integrationsplanung, "
            "Netzwerkbildung und Arbeitsmarktintegration (ehemaliger) Gefangener."
        ),
        "email": "ina@example.org",
    },
    {
        "name": "Westdeutscher Handwerkskammertag e. V.",
        "short_name": "WHKT",
        "kind": Provider.Kind.PARTNER,
        "description": (
            "Kooperationspartner von INA: verbindet Justizvollzug und Handwerk bei der "
            "beruflichen Wiedereingliederung Haftentlassener."
        ),
        "email": "whkt@example.org",
    },
    {
        "name": "Projekt 360° – Vorbeugung von Clankriminalität (Land Nordrhein-Westfalen)",
        "short_name": "360°",
        "kind": Provider.Kind.PROVIDER,
        "description": (
            "Trainings für Beschäftigte von Polizei und Kommunen an sieben Standorten im "
            "Ruhrgebiet; Werte- und Ressourcenkarten für pädagogische Fachkräfte."
        ),
        "email": "360grad@example.org",
    },
    {
        "name": "Bundesministerium für Familie, Senioren, Frauen und Jugend – "
        "Bundesprogramm „Demokratie leben!“",
        "short_name": "BMFSFJ",
        "kind": Provider.Kind.FUNDER,
        "description": "",
        "email": "",
    },
    {
        "name": "Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung des Landes "
        "Sachsen-Anhalt – Landesprogramm für Demokratie, Vielfalt und Weltoffenheit",
        "short_name": "Land Sachsen-Anhalt",
        "kind": Provider.Kind.FUNDER,
        "description": "",
        "email": "",
    },
    {
        "name": "Land Nordrhein-Westfalen und Europäischer Sozialfonds",
        "short_name": "NRW / ESF",
        "kind": Provider.Kind.FUNDER,
        "description": "",
        "email": "",
    },
]


HOME = {
    "de": {
        "title": "Qualifizierung für die Straffälligenhilfe",
        "lead": (
            "Fortbildungen für Fachkräfte der freien und staatlichen Straffälligenhilfe, des "
            "Justizvollzugs, der Polizei und der Kommunen: zu Radikalisierung, "
            "Rechtsextremismus, Islamismus, der kritischen Zeit nach der Haftentlassung, "
            "Übergangs- und Case Management und Arbeitsmarktintegration."
        ),
        "body": [
            heading("Was Sie hier finden"),
            cards(
                "",
                [
                    (
                        "Qualifizierungsmodule",
                        "Von Referent*innen der Modellprojekte entwickelte Fortbildungen, "
                        "passgenau für Ihr Arbeitsfeld: Bewährungshilfe, Sozialdienst im "
                        "Vollzug, freie Straffälligenhilfe, Polizei und Kommunalverwaltung.",
                    ),
                    (
                        "Termine in Ihrer Region",
                        "Präsenz-, Online- und Hybridtermine in Sachsen-Anhalt und "
                        "Nordrhein-Westfalen. Melden Sie sich direkt an – bei vollen Terminen "
                        "rücken Sie von der Warteliste automatisch nach.",
                    ),
                    (
                        "Bedarfe melden",
                        "Was fehlt Ihnen in der Praxis? In Werkstattgesprächen und über das "
                        "Portal sammeln wir Bedarfe. Die Koordination plant daraus neue "
                        "Angebote.",
                    ),
                ],
            ),
            heading("Aus der Praxis, für die Praxis"),
            paragraph(
                "<p>Gelingende Resozialisierung ist Aufgabe aller Akteurinnen und Akteure der "
                "Straffälligenhilfe. Die Qualifizierungsangebote entstehen in enger Abstimmung "
                "mit den Fachkräften: In regionalen Werkstattgesprächen werden strukturelle und "
                "regionale Schwerpunkte und Bedarfe erfasst, daraus werden Module entwickelt und "
                "dort angeboten, wo sie gebraucht werden.</p>"
            ),
            quote(
                "Der Weg zur Legalbewährung soll von Beginn an im Sinne demokratischer und an "
                "den Menschenrechten orientierter Werte begleitet werden.",
                "aus der Projektbeschreibung von RausWege",
            ),
        ],
    },
    "en": {
        "title": "Training for offender aid",
        "lead": (
            "Training for professionals in independent and state offender aid, prisons, the "
            "police and municipalities: on radicalisation, right-wing extremism, Islamism, the "
            "critical time after release, transition and case management and labour-market "
            "integration."
        ),
        "body": [
            heading("What you will find here"),
            cards(
                "",
                [
                    (
                        "Qualification modules",
                        "Trainings developed by the model projects' trainers, tailored to "
                        "your field: probation, prison social services, independent offender "
                        "aid, police and municipal administration.",
                    ),
                    (
                        "Dates in your region",
                        "In-person, online and hybrid dates in Saxony-Anhalt and North "
                        "Rhine-Westphalia. Enrol directly; when a date is full you move up "
                        "from the waiting list automatically.",
                    ),
                    (
                        "Report your needs",
                        "What is missing in your daily work? We collect needs in workshop "
                        "talks and through the platform, and the coordination plans new "
                        "offerings from them.",
                    ),
                ],
            ),
            heading("From practice, for practice"),
            paragraph(
                "<p>Successful resocialisation is the task of everyone working in offender aid. "
                "The trainings are developed in close cooperation with professionals: regional "
                "workshop talks record structural and regional focal points and needs, modules "
                "are developed from them and offered where they are needed.</p>"
            ),
        ],
    },
}

CATALOG = {
    "de": {
        "slug": "fortbildungen",
        "title": "Fortbildungen",
        "intro": "Alle Qualifizierungsmodule mit ihren nächsten Terminen.",
    },
    "en": {
        "slug": "trainings",
        "title": "Trainings",
        "intro": "All qualification modules with their next dates.",
    },
}

CONTENT_PAGES = [
    {
        "key": "about",
        "menu": True,
        "de": {
            "slug": "ueber-uns",
            "title": "Über die Projekte",
            "intro": (
                "Die Plattform bündelt die Qualifizierungsangebote regionaler Modellprojekte "
                "der Straffälligenhilfe in Sachsen-Anhalt und Nordrhein-Westfalen."
            ),
            "body": [
                heading("RausWege – Deradikalisierung und Prävention in der Resozialisierung"),
                paragraph(
                    "<p>Das Modellprojekt RausWege stärkt und qualifiziert die Regelstrukturen "
                    "der freien Straffälligenhilfe und des Sozialen Dienstes der Justiz in "
                    "Sachsen-Anhalt. Ziel ist, präventive und intervenierende Maßnahmen im "
                    "Umgang mit Radikalisierung – insbesondere im politischen "
                    "Rechtsextremismus – innerhalb und außerhalb des Justizvollzugs zu "
                    "entwickeln, vor allem für die kritische Zeit nach der Haftentlassung. "
                    "Getragen wird es von Miteinander e. V. und dem Landesverband für "
                    "Kriminalprävention und Resozialisierung (LKR); seit 2018 ergänzt das "
                    "Multikulturelle Zentrum Dessau den Verbund zum Themenfeld "
                    "Islamismus/Salafismus.</p>"
                ),
                heading("INA – Integrationsplanung, Netzwerkbildung, Arbeitsmarktintegration"),
                paragraph(
                    "<p>INA erprobte in Nordrhein-Westfalen ein erweitertes "
                    "Übergangsmanagement für (ehemalige) Strafgefangene: eine "
                    "Integrationsplanung über den Entlassungszeitpunkt hinaus, (über-)regionale "
                    "Netzwerke zwischen Vollzug und Arbeitsmarktakteuren und eine "
                    "Nachsorgesteuerung, die die Arbeitsmarktintegration stabilisiert – als "
                    "„Fallsteuerung aus einer Hand“ nach den Standards des Case Managements, in "
                    "Kooperation von Justiz und Handwerk.</p>"
                ),
                heading("360° – Vorbeugung von Clankriminalität"),
                paragraph(
                    "<p>Das Projekt 360° steigert Wissensgrundlagen sowie interkulturelle und "
                    "persönliche Kompetenzen von Beschäftigten der Polizei und der Kommunen "
                    "und zeigt Handlungsalternativen auf – etwa im Training „Persönliches "
                    "Bedrohungsmanagement“. Für pädagogische Fachkräfte stehen die Werte- und "
                    "Ressourcenkarten „Wege aus der Kriminalität“ zur Verfügung. Standorte "
                    "sind Bochum, Dortmund, Duisburg, Essen, Gelsenkirchen, Oberhausen und "
                    "Recklinghausen.</p>"
                ),
            ],
        },
        "en": {
            "slug": "about",
            "title": "About the projects",
            "intro": (
                "The platform brings together the trainings of regional model projects in "
                "offender aid in Saxony-Anhalt and North Rhine-Westphalia."
            ),
            "body": [
                heading("RausWege – deradicalisation and prevention in resocialisation"),
                paragraph(
                    "<p>RausWege qualifies and supports the regular structures of independent "
                    "offender aid and the judiciary's social services in Saxony-Anhalt, to "
                    "develop preventive and intervening measures against radicalisation, in "
                    "particular right-wing extremism, inside and outside prison and especially "
                    "in the critical period after release.</p>"
                ),
                heading("INA – integration planning, networks, labour-market integration"),
                paragraph(
                    "<p>INA tested an extended transition management for (former) prisoners in "
                    "North Rhine-Westphalia: integration planning beyond the day of release, "
                    "networks between prisons and labour-market actors, and aftercare that "
                    "stabilises employment, following the standards of case management.</p>"
                ),
                heading("360° – preventing clan crime"),
                paragraph(
                    "<p>360° trains police and municipal staff, for example in personal threat "
                    "management, and offers value and resource cards for pedagogical staff at "
                    "seven locations in the Ruhr area.</p>"
                ),
            ],
        },
    },
    {
        "key": "needs",
        "menu": True,
        "de": {
            "slug": "bedarfsanalyse",
            "title": "Bedarfsanalyse",
            "intro": (
                "Angebote entstehen dort, wo Fachkräfte sie brauchen. Deshalb fragen wir "
                "zuerst, was in der Praxis fehlt."
            ),
            "body": [
                heading("Werkstattgespräche"),
                paragraph(
                    "<p>In regionalen Werkstattgesprächen kommen Fachkräfte der freien "
                    "Straffälligenhilfe, der Bewährungshilfe, der Sozialdienste im Vollzug und "
                    "weiterer Arbeitsfelder zusammen. Sie berichten, wo ihnen Wissen, "
                    "Handlungssicherheit, Fallberatung, Material oder Vernetzung fehlen. Die "
                    "Befunde werden ohne personenbezogene Daten über Klientinnen und Klienten "
                    "dokumentiert.</p>"
                ),
                heading("Vom Bedarf zum Angebot"),
                paragraph(
                    "<p>Die Koordination sieht, in welchen Regionen und Themenfeldern Bedarfe "
                    "noch nicht durch Termine gedeckt sind, und plant daraus neue Angebote. So "
                    "bleibt nachvollziehbar, warum ein Angebot entstanden ist.</p>"
                ),
            ],
        },
        "en": {
            "slug": "needs-analysis",
            "title": "Needs analysis",
            "intro": (
                "Offerings are created where professionals need them, so we first ask what is "
                "missing in practice."
            ),
            "body": [
                heading("Workshop talks"),
                paragraph(
                    "<p>In regional workshop talks, professionals from offender aid, probation, "
                    "prison social services and other fields report where they lack knowledge, "
                    "confidence, case consultation, material or networks. Findings are "
                    "recorded without personal data about clients.</p>"
                ),
            ],
        },
    },
    {
        "key": "contact",
        "menu": True,
        "de": {
            "slug": "kontakt",
            "title": "Kontakt",
            "intro": "So erreichen Sie die Koordination der Qualifizierungsangebote.",
            "body": [
                paragraph(
                    "<p>Koordinierungsstelle Qualifizierung (Demo)<br>Musterstraße 1<br>"
                    "39104 Magdeburg</p><p>E-Mail: "
                    '<a href="mailto:kontakt@example.org">kontakt@example.org</a></p>'
                ),
                paragraph(
                    "<p>Für Fragen zu einzelnen Terminen wenden Sie sich bitte an die im Termin "
                    "genannten Referent*innen. Bitte senden Sie uns keine personenbezogenen "
                    "Daten über Klientinnen und Klienten.</p>"
                ),
            ],
        },
        "en": {
            "slug": "contact",
            "title": "Contact",
            "intro": "How to reach the coordination of the trainings.",
            "body": [
                paragraph(
                    "<p>Qualification coordination office (demo)<br>Musterstraße 1<br>"
                    "39104 Magdeburg, Germany</p><p>Email: "
                    '<a href="mailto:kontakt@example.org">kontakt@example.org</a></p>'
                ),
            ],
        },
    },
    {
        "key": "imprint",
        "menu": False,
        "de": {
            "slug": "impressum",
            "title": "Impressum",
            "intro": "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG).",
            "body": [
                heading("Anbieter"),
                paragraph(
                    "<p>Koordinierungsstelle Qualifizierung Straffälligenhilfe (Demo)<br>"
                    "Musterstraße 1<br>39104 Magdeburg</p>"
                    "<p>E-Mail: kontakt@example.org</p>"
                ),
                heading("Verantwortlich für den Inhalt"),
                paragraph(
                    "<p>Die Geschäftsführung der Koordinierungsstelle, Anschrift wie oben "
                    "(§ 18 Abs. 2 MStV).</p>"
                ),
                heading("Hinweis"),
                paragraph(
                    "<p>Dies ist eine Demonstrationsinstanz. Alle Personen, Termine und "
                    "Kontaktdaten sind erfunden; Adressen unter example.org sind nicht "
                    "erreichbar.</p>"
                ),
            ],
        },
        "en": {
            "slug": "imprint",
            "title": "Imprint",
            "intro": "Information pursuant to section 5 of the German Digital Services Act (DDG).",
            "body": [
                paragraph(
                    "<p>Qualification coordination office for offender aid (demo)<br>"
                    "Musterstraße 1<br>39104 Magdeburg, Germany<br>Email: kontakt@example.org"
                    "</p><p>This is a demonstration instance; all people, dates and contact "
                    "details are invented.</p>"
                ),
            ],
        },
    },
    {
        "key": "privacy",
        "menu": False,
        "de": {
            "slug": "datenschutz",
            "title": "Datenschutzerklärung",
            "intro": "Informationen zur Verarbeitung Ihrer Daten nach Art. 13 DSGVO.",
            "body": [
                heading("Verantwortliche Stelle"),
                paragraph(
                    "<p>Koordinierungsstelle Qualifizierung Straffälligenhilfe (Demo), "
                    "Musterstraße 1, 39104 Magdeburg, kontakt@example.org. Die oder den "
                    "Datenschutzbeauftragten erreichen Sie unter datenschutz@example.org.</p>"
                ),
                heading("Welche Daten wir verarbeiten und warum"),
                paragraph(
                    "<ul><li><b>Konto und Profil</b>: E-Mail-Adresse, Name, Organisation, "
                    "Arbeitsfeld, Region und Funktion, um Anmeldungen zu Fortbildungen zu "
                    "bearbeiten und passende Angebote zu zeigen (Art. 6 Abs. 1 lit. b DSGVO).</li>"
                    "<li><b>Anmeldungen</b>: Termin, Status und Ihre Anmerkungen, zur "
                    "Durchführung der Fortbildung und für Teilnahmebescheinigungen.</li>"
                    "<li><b>Bedarfsmeldungen und Werkstattgespräche</b>: ausschließlich "
                    "fachliche Angaben ohne personenbezogene Daten über Klientinnen und "
                    "Klienten.</li><li><b>Evaluation</b>: anonym, ohne Verbindung zu Ihrem "
                    "Konto.</li></ul>"
                ),
                heading("Cookies"),
                paragraph(
                    "<p>Wir setzen nur technisch notwendige Cookies (Sitzung, Schutz vor "
                    "Formularmissbrauch, Sprachwahl). Es gibt keine Analyse- oder "
                    "Werbedienste.</p>"
                ),
                heading("Speicherdauer und Ihre Rechte"),
                paragraph(
                    "<p>Sie können Ihr Konto jederzeit löschen lassen; Anmeldedaten bleiben "
                    "danach nur anonymisiert für die Statistik erhalten. Sie haben das Recht auf "
                    "Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
                    "Datenübertragbarkeit und Widerspruch sowie das Recht, sich bei einer "
                    "Datenschutz-Aufsichtsbehörde zu beschweren.</p>"
                ),
            ],
        },
        "en": {
            "slug": "privacy",
            "title": "Privacy notice",
            "intro": "How we process your data (Art. 13 GDPR).",
            "body": [
                paragraph(
                    "<p>We process your account and profile data to handle enrolments and show "
                    "suitable trainings (Art. 6(1)(b) GDPR). Needs reports and workshop records "
                    "contain no personal data about clients; evaluations are anonymous. We only "
                    "use technically necessary cookies. You have the right of access, "
                    "rectification, erasure, restriction, portability and objection, and may "
                    "complain to a supervisory authority.</p>"
                ),
            ],
        },
    },
    {
        "key": "accessibility",
        "menu": False,
        "de": {
            "slug": "barrierefreiheit",
            "title": "Erklärung zur Barrierefreiheit",
            "intro": (
                "Wir sind bemüht, diese Website im Einklang mit der "
                "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei "
                "zugänglich zu machen."
            ),
            "body": [
                heading("Stand der Vereinbarkeit"),
                paragraph(
                    "<p>Die Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA "
                    "weitgehend vereinbar. Sie ist mit Tastatur bedienbar, funktioniert ohne "
                    "JavaScript, hat einen Link zum Überspringen der Navigation, sichtbare "
                    "Fokusmarkierungen und ausreichende Kontraste. Jede Seite wird bei der "
                    "Entwicklung automatisiert mit axe-core geprüft.</p>"
                ),
                heading("Nicht barrierefreie Inhalte"),
                paragraph(
                    "<p>Von Referent*innen hochgeladene Dokumente (etwa PDF-Materialien) sind "
                    "nicht in jedem Fall barrierefrei. Auf Anfrage stellen wir sie in einer "
                    "zugänglichen Form bereit.</p>"
                ),
                heading("Feedback und Kontakt"),
                paragraph(
                    "<p>Sind Ihnen Mängel aufgefallen? Schreiben Sie uns an "
                    "barrierefreiheit@example.org.</p>"
                ),
                heading("Schlichtungsverfahren"),
                paragraph(
                    "<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, "
                    "können Sie sich an die Schlichtungsstelle nach § 16 des "
                    "Behindertengleichstellungsgesetzes (BGG) oder an die zuständige "
                    "Ombudsstelle Ihres Landes wenden.</p>"
                ),
                paragraph("<p>Diese Erklärung wurde am 21. November 2026 erstellt.</p>"),
            ],
        },
        "en": {
            "slug": "accessibility",
            "title": "Accessibility statement",
            "intro": (
                "We aim to make this website accessible in accordance with the German "
                "accessibility regulation BITV 2.0."
            ),
            "body": [
                paragraph(
                    "<p>The website largely conforms to WCAG 2.1 level AA: it works with the "
                    "keyboard and without JavaScript, has a skip link, visible focus and "
                    "sufficient contrast. Uploaded documents are not always accessible; we "
                    "provide them in an accessible form on request. Contact: "
                    "barrierefreiheit@example.org.</p>"
                ),
            ],
        },
    },
]

ACCOUNTS = [
    {
        "email": "fachkraft@example.org",
        "first_name": "Fatma",
        "last_name": "Demo-Fachkraft",
        "organisation": "Freie Straffälligenhilfe Magdeburg (Demo)",
        "position": "Sozialarbeiterin",
        "audience": "freie-straffaelligenhilfe",
        "region": "magdeburg",
        "group": PROFESSIONALS,
    },
    {
        "email": "referentin@example.org",
        "first_name": "Renate",
        "last_name": "Demo-Referentin",
        "organisation": "Miteinander e. V. (Demo)",
        "position": "Referentin für Distanzierungsarbeit",
        "audience": "freie-straffaelligenhilfe",
        "region": "sachsen-anhalt",
        "group": TRAINERS,
    },
    {
        "email": "koordination@example.org",
        "first_name": "Konstantin",
        "last_name": "Demo-Koordination",
        "organisation": "Koordinierungsstelle Qualifizierung (Demo)",
        "position": "Koordinator",
        "audience": "sonstige",
        "region": "sachsen-anhalt",
        "group": COORDINATORS,
    },
    {
        "email": "admin@example.org",
        "first_name": "Alex",
        "last_name": "Demo-Administration",
        "organisation": "Koordinierungsstelle Qualifizierung (Demo)",
        "position": "Administration",
        "audience": "sonstige",
        "region": "sachsen-anhalt",
        "group": None,
    },
]


def seed(log=print) -> None:
    organisations = seed_organisations(log)
    home_de, _home_en = seed_pages(log)
    seed_site_settings(home_de, organisations, log)
    seed_accounts(log)


def seed_organisations(log) -> list[Provider]:
    result = []
    for data in ORGANISATIONS:
        organisation, created = Provider.objects.get_or_create(
            name=data["name"], defaults={k: v for k, v in data.items() if k != "name"}
        )
        if created:
            log(f"Organisation: {organisation.short_name}")
        result.append(organisation)
    return result


def _set_content(page, data):
    page.title = data["title"]
    for field in ("lead", "intro"):
        if field in data:
            setattr(page, field, data[field])
    if "body" in data:
        page.body = json.dumps(data["body"])


def _publish(page):
    page.save_revision().publish()


def seed_pages(log):
    from courses.models import CatalogPage

    de = Locale.objects.get_or_create(language_code="de")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()

    home_de = HomePage.objects.filter(locale=de).first()
    if home_de is None:
        home_de = HomePage(slug="start", locale=de)
        _set_content(home_de, HOME["de"])
        root.add_child(instance=home_de)
        _publish(home_de)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        old_root = site.root_page if site.pk else None
        site.hostname, site.port, site.site_name = "localhost", 80, "Qualifizierungsportal"
        site.root_page = home_de
        site.save()
        if old_root and old_root.pk != home_de.pk and not isinstance(old_root.specific, HomePage):
            old_root.delete()  # Wagtail's "Welcome" placeholder
        log("Home page (de)")
    home_en = _translate(home_de, en, HOME["en"], log)

    catalog_de = CatalogPage.objects.filter(locale=de).first()
    if catalog_de is None:
        catalog_de = CatalogPage(slug=CATALOG["de"]["slug"], show_in_menus=True, locale=de)
        _set_content(catalog_de, CATALOG["de"])
        home_de.add_child(instance=catalog_de)
        _publish(catalog_de)
        log("Catalogue page (de)")
    _translate(catalog_de, en, CATALOG["en"], log)

    for spec in CONTENT_PAGES:
        page_de = ContentPage.objects.child_of(home_de).filter(slug=spec["de"]["slug"]).first()
        if page_de is None:
            page_de = ContentPage(slug=spec["de"]["slug"], show_in_menus=spec["menu"], locale=de)
            _set_content(page_de, spec["de"])
            home_de.add_child(instance=page_de)
            _publish(page_de)
            log(f"Page: {page_de.title}")
        _translate(page_de, en, spec["en"], log)
    return home_de, home_en


def _translate(page, locale, data, log):
    """Create the translation directly (same translation key) under the translated parent.

    Wagtail's copy_for_translation would copy the German slug first; renaming it afterwards
    leaves needless redirects behind.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    parent = page.get_parent()
    if not parent.is_root():
        parent = parent.get_translation(locale)
    translation = page.specific_class(
        locale=locale,
        translation_key=page.translation_key,
        slug=data.get("slug", f"{page.slug}-{locale.language_code}"),
        show_in_menus=page.show_in_menus,
    )
    _set_content(translation, data)
    parent.add_child(instance=translation)
    _publish(translation)
    log(f"  translated: {translation.title}")
    return translation


def seed_site_settings(home_de, organisations, log):
    site = Site.objects.get(root_page=home_de)
    site_settings = SiteSettings.for_site(site)
    if site_settings.email:
        return
    pages = {
        spec["key"]: ContentPage.objects.child_of(home_de).get(slug=spec["de"]["slug"])
        for spec in CONTENT_PAGES
    }
    site_settings.organisation = "Koordinierungsstelle Qualifizierung Straffälligenhilfe (Demo)"
    site_settings.address = "Musterstraße 1\n39104 Magdeburg"
    site_settings.email = "kontakt@example.org"
    site_settings.office_hours = "Mo–Do 9–15 Uhr"
    site_settings.contact_page = pages["contact"]
    site_settings.imprint_page = pages["imprint"]
    site_settings.privacy_page = pages["privacy"]
    site_settings.accessibility_page = pages["accessibility"]
    site_settings.save()
    site_settings.footer_organisations.set(
        [o for o in organisations if o.kind != Provider.Kind.PARTNER]
    )
    log("Site settings")


def seed_accounts(log):
    for data in ACCOUNTS:
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user is None:
            user = User(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                position=data["position"],
                audience=Audience.objects.get(slug=data["audience"]),
                region=Region.objects.get(slug=data["region"]),
                is_superuser=data["group"] is None,
                is_staff=data["group"] is None,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if data["group"]:
                user.groups.add(Group.objects.get(name=data["group"]))
            log(f"Account: {user.email}")
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if data["group"] != PROFESSIONALS:
            seed_mfa(user, log)


def seed_mfa(user, log):
    """A TOTP authenticator with the demo secret and recovery codes, through allauth's API."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    log(f"Two-factor authentication: {user.email}")


def demo_totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app with the demo secret shows right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
