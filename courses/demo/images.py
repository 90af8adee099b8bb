"""A module image for the demo, drawn at seed time (no image file in the repository).

The demo shows the responsive module image (``{% responsive_image %}``: AVIF and WebP at several
widths) on the module named by ``image:`` in ``modules.yaml``. The picture is an abstract
"round of colleagues": seats around a table, in KERN UX's blues, on a light background.
"""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

SIZE = (1600, 600)
BACKGROUND = (236, 240, 248)
TABLE = (164, 186, 224)
SEATS = (
    (23, 49, 108),
    (46, 87, 166),
    (84, 124, 199),
    (23, 49, 108),
    (46, 87, 166),
    (84, 124, 199),
)


def _draw() -> bytes:
    picture = PILImage.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(picture)
    cx, cy = SIZE[0] // 2, SIZE[1] // 2
    draw.ellipse((cx - 170, cy - 170, cx + 170, cy + 170), fill=TABLE)
    for i, colour in enumerate(SEATS):
        angle = 2 * math.pi * i / len(SEATS) - math.pi / 2
        x, y = cx + 240 * math.cos(angle), cy + 240 * math.sin(angle)
        draw.ellipse((x - 48, y - 48, x + 48, y + 48), fill=colour)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def demo_image(title: str):
    """The demo's image called ``title``, created on first use."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(_draw()), name="demo-fallberatung.png")
        image.save()
    return image
