"""Uploaded photos: checked to be real images under a size limit, re-encoded without metadata."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 2048
# A phone photo is 12-50 megapixels at most (a 200-megapixel sensor saves 50 by default); a
# small file that claims more is a decompression bomb (30000 x 30000 pixels fit in 109 KB and
# would take 900 MB to decode). Checked from the header, before any pixel is decoded.
MAX_PHOTO_PIXELS = 60_000_000
# Every other Image.open in the process refuses such files too (Pillow raises past twice this).
Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS


def image_clean(
    upload: UploadedFile, *, max_bytes: int = MAX_PHOTO_BYTES, max_side: int = MAX_PHOTO_SIDE
) -> ContentFile:
    """A real image under the size limit, re-encoded as JPEG: EXIF (GPS, device) is dropped.

    Raises ValidationError with code "photo_too_large" (bytes or pixels) or "not_an_image"
    (messages in the user's language). The caller saves the returned file under a name of its
    choosing.
    """
    if upload.size > max_bytes:
        raise ValidationError(
            _("A photo may be at most %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="photo_too_large",
        )
    try:
        image = Image.open(upload)
        _check_pixels(image)
        image.verify()  # catches truncated and fake files
        upload.seek(0)
        image = Image.open(upload)
        image = ImageOps.exif_transpose(image)  # keep the orientation the phone meant
    except Image.DecompressionBombError:
        raise _too_many_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The file is not a photo."), code="not_an_image")
    image.thumbnail((max_side, max_side))
    output = io.BytesIO()
    # A fresh JPEG saved without exif= carries no metadata.
    image.convert("RGB").save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue())


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("A photo may have at most %(megapixels)d megapixels.")
        % {"megapixels": MAX_PHOTO_PIXELS // 1_000_000},
        code="photo_too_large",
    )


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width * height > MAX_PHOTO_PIXELS:
        raise _too_many_pixels()
