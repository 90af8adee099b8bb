"""Module and page images go out as AVIF and WebP in several widths (image_tags.py).

The module page and the image block render a ``<picture>``: an AVIF ``<source>`` and a WebP
``<img>``, each with a ``srcset`` of widths up to the image's own and ``sizes`` for the content
column, never the uploaded PNG or JPEG. Once the renditions exist, a page costs no query per image.
"""

import io
import json
import re

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from portal.models import ContentPage
from portal.templatetags.image_tags import CONTENT_SIZES, widths_for
from tests.courses.factories import ModulePageFactory


def make_image(title="Bild", size=(1000, 400)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 160)).save(buffer, "PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"{title.lower()}.png")
    image.save()
    return image


def srcset_of(tag: str) -> list[tuple[str, str]]:
    """(url, descriptor) pairs of the ``srcset`` attribute in ``tag``."""
    srcset = re.search(r'srcset="([^"]*)"', tag).group(1)
    return [tuple(candidate.split()) for candidate in srcset.split(", ")]


def picture_of(html: str) -> str:
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 1, html
    return pictures[0]


def check_picture(picture: str, widths: list[int]):
    source, img = re.findall(r"<(?:source|img)\b[^>]*>", picture)
    assert 'type="image/avif"' in source
    assert [(url.rsplit(".", 1)[1], w) for url, w in srcset_of(source)] == [
        ("avif", f"{width}w") for width in widths
    ]
    assert [(url.rsplit(".", 1)[1], w) for url, w in srcset_of(img)] == [
        ("webp", f"{width}w") for width in widths
    ]
    assert re.search(r'src="[^"]+\.webp"', img)
    assert f'sizes="{CONTENT_SIZES}"' in source
    assert f'sizes="{CONTENT_SIZES}"' in img
    assert ".png" not in picture
    return img


def test_widths_stop_at_the_image_own_width():
    class Upload:
        width = 0

    for width, expected in [
        (300, [300]),
        (1000, [1000, 800, 400]),
        (1600, [1600, 1200, 800, 400]),
        (4000, [1600, 1200, 800, 400]),
    ]:
        Upload.width = width
        assert widths_for(Upload) == expected


@pytest.mark.django_db
def test_module_page_image_is_avif_and_webp_with_srcset_and_sizes(client, site_pages):
    module = ModulePageFactory(title="Mit Bild", slug="mit-bild", image=make_image())

    response = client.get(module.url)

    assert response.status_code == 200
    img = check_picture(picture_of(response.content.decode()), [1000, 800, 400])
    assert 'alt=""' in img  # decorative: the title says what the module is
    assert 'class="module__image"' in img
    # The largest image on first view: fetched early, not lazily.
    assert 'fetchpriority="high"' in img
    assert "loading=" not in img
    assert 'width="1000"' in img  # the proportions, so nothing moves when it arrives
    assert 'height="400"' in img


def image_blocks(*images):
    blocks = [
        {"type": "image", "value": {"image": image.pk, "alt_text": f"Alt {n}", "caption": ""}}
        for n, image in enumerate(images)
    ]
    return json.dumps(blocks)


BODY = Template(
    "{% load wagtailcore_tags %}{% for b in page.body %}{% include_block b %}{% endfor %}"
)


@pytest.mark.django_db
def test_image_block_keeps_its_alt_text_and_loads_lazily(site_pages):
    page = ContentPage(
        title="Bilder", slug="bilder", body=image_blocks(make_image(size=(500, 300)))
    )
    site_pages[0].add_child(instance=page)

    html = BODY.render(Context({"page": ContentPage.objects.get(pk=page.pk)}))

    img = check_picture(picture_of(html), [500, 400])
    assert 'alt="Alt 0"' in img
    assert 'loading="lazy"' in img
    assert html.strip().startswith("<figure>")


def body_queries(page_pk: int) -> int:
    """Queries for loading the page and rendering its body."""
    with CaptureQueriesContext(connection) as queries:
        BODY.render(Context({"page": ContentPage.objects.get(pk=page_pk)}))
    return len(queries)


@pytest.mark.django_db
def test_queries_of_a_body_do_not_grow_with_its_images(site_pages):
    one = ContentPage(title="Ein Bild", slug="ein-bild", body=image_blocks(make_image("A")))
    three = ContentPage(
        title="Drei Bilder",
        slug="drei-bilder",
        body=image_blocks(make_image("B"), make_image("C"), make_image("D")),
    )
    for page in (one, three):
        site_pages[0].add_child(instance=page)
        body_queries(page.pk)  # the first view creates the renditions

    # The page, then all its images in one query; the renditions come from Wagtail's
    # rendition cache.
    assert body_queries(one.pk) == 2
    assert body_queries(three.pk) == 2


@pytest.mark.django_db
def test_prefetched_renditions_cost_no_query_even_with_a_cold_cache(site_pages):
    from django.core.cache import cache

    from portal.templatetags.image_tags import filter_specs

    image = make_image()
    tag = Template("{% load image_tags %}{% responsive_image image alt='x' %}")
    tag.render(Context({"image": image}))  # creates the renditions
    cache.clear()

    image = get_image_model().objects.prefetch_renditions(*filter_specs(image)).get(pk=image.pk)
    with CaptureQueriesContext(connection) as queries:
        html = tag.render(Context({"image": image}))

    assert len(queries) == 0
    check_picture(html, [1000, 800, 400])
