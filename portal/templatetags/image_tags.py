"""``{% responsive_image %}``: a Wagtail image as ``<picture>``, AVIF and WebP in several widths.

Why not Wagtail's ``{% picture image width-{400,800,1200,1600} format-{avif,webp} %}`` as it
stands: Wagtail never enlarges an image, so for a 900 px upload the 1200 and 1600 renditions are
900 px wide too, and the ``srcset`` would name the same width three times. This tag asks only for
the widths below the image's own (plus the image's own width, capped), then renders Wagtail's
``Picture`` exactly as ``{% picture %}`` does: an AVIF ``<source>``, and a WebP ``<img>`` with
``srcset`` and ``sizes`` (every browser the portal supports reads WebP; AVIF is smaller where
it is understood). The image's original format is never sent.

Queries: the renditions come from Wagtail's rendition cache (the default cache: Redis in
production), or from ``prefetch_renditions`` when the caller prefetched them, so a page costs
no query per image once its renditions exist. The first view of a new image creates them.
"""

from django import template
from wagtail.images.models import Picture

register = template.Library()

# Widths of the renditions. The widest image of the layout is the content column: 70rem
# (1120 px) on a desktop screen, 358 px on a 390 px phone at a pixel ratio of 3 (1074 px).
WIDTHS = (400, 800, 1200, 1600)
FORMATS = ("avif", "webp")  # in order of preference; the last is the <img> (fallback)
# The content column (static/css/site.css: .container, 72rem wide with 1rem padding each side).
CONTENT_SIZES = "(min-width: 72rem) 70rem, calc(100vw - 2rem)"


def widths_for(image) -> list[int]:
    """The widths to render, widest first (the widest is the ``<img>``'s ``src``)."""
    widths = [width for width in WIDTHS if width < image.width]
    widths.append(min(image.width, WIDTHS[-1]))
    return sorted(set(widths), reverse=True)


def filter_specs(image) -> list[str]:
    """Wagtail filter specs for ``image``: every width in every format."""
    return [f"width-{width}|format-{fmt}" for fmt in FORMATS for width in widths_for(image)]


@register.simple_tag
def responsive_image(image, alt="", sizes=CONTENT_SIZES, priority=False, **attrs):
    """``<picture>`` for ``image`` (empty for no image).

    ``alt`` is the text alternative ("" for a decorative image). ``priority`` marks the image
    that is likely the largest on first view (the module image): fetched early, not lazily.
    Further keyword arguments become attributes of the ``<img>`` (``class_`` for ``class``).
    """
    if not image:
        return ""
    renditions = image.get_renditions(*filter_specs(image))
    img_attrs = {"alt": alt, "sizes": sizes, "decoding": "async"}
    if priority:
        img_attrs["fetchpriority"] = "high"
    else:
        img_attrs["loading"] = "lazy"
    for name, value in attrs.items():
        img_attrs[name.rstrip("_")] = value
    return Picture(renditions, img_attrs).__html__()
