"""The default vocabulary from the seed projects. Editors may change it afterwards."""

from django.db import migrations

TOPICS = [
    ("rechtsextremismus", "Rechtsextremismus", "Right-wing extremism"),
    ("gmf", "Gruppenbezogene Menschenfeindlichkeit", "Group-focused enmity"),
    ("islamismus", "Islamismus und Salafismus", "Islamism and Salafism"),
    (
        "radikalisierungspraevention",
        "Radikalisierungsprävention und Distanzierungsarbeit",
        "Radicalisation prevention and distancing work",
    ),
    ("nach-der-haft", "Die Zeit nach der Haftentlassung", "The time after release from prison"),
    (
        "uebergangsmanagement",
        "Übergangsmanagement und Case Management",
        "Transition management and case management",
    ),
    ("arbeitsmarktintegration", "Arbeitsmarktintegration", "Labour-market integration"),
    ("bedrohungsmanagement", "Bedrohungsmanagement", "Threat management"),
    ("clankriminalitaet", "Prävention von Clankriminalität", "Clan crime prevention"),
    ("interkulturelle-kompetenz", "Interkulturelle Kompetenz", "Intercultural competence"),
    ("netzwerkarbeit", "Netzwerkarbeit und Kooperation", "Networking and cooperation"),
]

AUDIENCES = [
    ("freie-straffaelligenhilfe", "Freie Straffälligenhilfe", "Independent offender aid"),
    ("bewaehrungshilfe", "Bewährungshilfe", "Probation service"),
    ("gerichtshilfe", "Gerichtshilfe", "Court assistance"),
    ("fuehrungsaufsicht", "Führungsaufsicht", "Supervision of conduct"),
    ("sozialdienst-vollzug", "Sozialdienst im Justizvollzug", "Prison social services"),
    ("allgemeiner-vollzugsdienst", "Allgemeiner Vollzugsdienst", "General prison staff"),
    (
        "jugendhilfe-im-strafverfahren",
        "Jugendhilfe im Strafverfahren",
        "Youth services in criminal proceedings",
    ),
    ("polizei", "Polizei", "Police"),
    ("kommunalverwaltung", "Kommunalverwaltung", "Municipal administration"),
    ("arbeitsmarktakteure", "Arbeitsmarktakteure", "Labour-market actors"),
    ("sonstige", "Sonstiges Arbeitsfeld", "Other field of work"),
]

SACHSEN_ANHALT_DISTRICTS = [
    "Altmarkkreis Salzwedel",
    "Anhalt-Bitterfeld",
    "Börde",
    "Burgenlandkreis",
    "Harz",
    "Jerichower Land",
    "Mansfeld-Südharz",
    "Saalekreis",
    "Salzlandkreis",
    "Stendal",
    "Wittenberg",
]
SACHSEN_ANHALT_CITIES = ["Dessau-Roßlau", "Halle (Saale)", "Magdeburg"]
NRW_CITIES = [
    "Bochum",
    "Dortmund",
    "Duisburg",
    "Düsseldorf",
    "Essen",
    "Gelsenkirchen",
    "Köln",
    "Oberhausen",
    "Wuppertal",
]
NRW_DISTRICTS = ["Kreis Recklinghausen"]


def slugify(text):
    from django.utils.text import slugify as django_slugify

    return django_slugify(
        text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    )


def load(apps, schema_editor):
    Topic = apps.get_model("portal", "Topic")
    Audience = apps.get_model("portal", "Audience")
    Region = apps.get_model("portal", "Region")
    for order, (slug, name, name_en) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
    for order, (slug, name, name_en) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
    states = [
        ("sachsen-anhalt", "Sachsen-Anhalt", "Saxony-Anhalt", SACHSEN_ANHALT_DISTRICTS,
         SACHSEN_ANHALT_CITIES),
        ("nordrhein-westfalen", "Nordrhein-Westfalen", "North Rhine-Westphalia", NRW_DISTRICTS,
         NRW_CITIES),
    ]
    for order, (slug, name, name_en, districts, cities) in enumerate(states):
        state, _ = Region.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "kind": "state", "sort_order": order},
        )
        for kind, names in (("district", districts), ("city", cities)):
            for child in names:
                Region.objects.get_or_create(
                    slug=slugify(child),
                    defaults={"name": child, "kind": kind, "parent": state, "sort_order": 100},
                )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_pages_and_settings")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
