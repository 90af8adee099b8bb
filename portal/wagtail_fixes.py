"""Local guards for Wagtail internals that answer bad input with a 500.

Each guard names the upstream behaviour it covers; drop it once Wagtail fixes that.
"""

from django.core.exceptions import ValidationError


def guard_chooser_ids() -> None:
    """A chooser field posted with a value that is not an id (``module=abc``) is a form error.

    Wagtail 8.0's ``BaseChooser.get_instance`` only catches ``DoesNotExist``; when the form is
    shown again with its "Select a valid choice" error, the widget looks the raw value up and
    the database field raises ``ValueError`` (a UUID field ``ValidationError``): a 500 for every
    page, snippet, image and document chooser. A value that cannot be an id chooses nothing.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.get_instance
    if getattr(original, "guards_bad_ids", False):
        return

    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, ValidationError):
            return None

    get_instance.guards_bad_ids = True
    BaseChooser.get_instance = get_instance


def guard_image_uploads() -> None:
    """A corrupt image (a PNG header and nothing sensible after it) is a form error.

    Wagtail 8.0's ``WagtailImageField.to_python`` turns a file Willow cannot open into
    "Not a supported image format", but the size check afterwards lets Pillow read the file and
    only catches decompression bombs: a truncated image raises ``UnidentifiedImageError`` (a 500
    on the image add, multiple-upload and chooser-upload views). Whatever the image
    library raises while checking an upload means the same as a file it cannot open.
    """
    from wagtail.images.fields import WagtailImageField

    original = WagtailImageField.to_python
    if getattr(original, "guards_corrupt_images", False):
        return

    def to_python(self, data):
        try:
            return original(self, data)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error

    to_python.guards_corrupt_images = True
    WagtailImageField.to_python = to_python
