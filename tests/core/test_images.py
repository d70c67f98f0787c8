"""The one photo check (core.images.image_clean) refuses decompression bombs from the header."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import MAX_PHOTO_PIXELS, image_clean
from tests.core.images import blank_png


def upload(data: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_decompression_bomb_is_refused_as_too_large_not_a_server_error():
    # given: 30000 x 30000 pixels in a 109 KB file (900 MB once decoded)
    bomb = blank_png(30000, 30000)
    assert len(bomb) < 120 * 1024
    # when / then
    with pytest.raises(ValidationError) as refused:
        image_clean(upload(bomb))
    assert refused.value.code == "photo_too_large"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_hundred_megapixel_image_is_refused_before_it_is_decoded():
    with pytest.raises(ValidationError) as refused:
        image_clean(upload(blank_png(10000, 10000)))
    assert refused.value.code == "photo_too_large"
    assert "60" in refused.value.messages[0]


def test_a_photo_at_the_pixel_limit_is_still_taken():
    side = int(MAX_PHOTO_PIXELS**0.5)
    cleaned = image_clean(upload(blank_png(side, side)))
    assert Image.open(io.BytesIO(cleaned.read())).size == (2048, 2048)


def test_pillow_itself_refuses_bombs_everywhere_in_the_process():
    assert Image.MAX_IMAGE_PIXELS == MAX_PHOTO_PIXELS
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(blank_png(30000, 30000)))
