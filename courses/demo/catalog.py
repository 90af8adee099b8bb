"""The catalogue page of the demo (``catalog.yaml``), German and English, first under home."""

from wagtail.models import Locale

from courses.models import CatalogPage
from portal.demo.data import load
from portal.demo.pages import publish, set_content, translate


def seed_catalog(home_de, log) -> CatalogPage:
    """The German catalogue page and its translation, each the first page of its menu."""
    data = load(__file__, "catalog.yaml")["catalog"]
    de = Locale.objects.get(language_code="de")
    en = Locale.objects.get(language_code="en")
    catalog_de = CatalogPage.objects.filter(locale=de).first()
    if catalog_de is None:
        catalog_de = CatalogPage(slug=data["de"]["slug"], show_in_menus=True, locale=de)
        set_content(catalog_de, data["de"])
        home_de.add_child(instance=catalog_de)
        publish(catalog_de)
        log("Catalogue page (de)")
    catalog_en = translate(catalog_de, en, data["en"], log)
    for page in (catalog_de, catalog_en):
        first = page.get_parent().get_first_child()
        if first.pk != page.pk:
            page.move(first, pos="left")
    return catalog_de
