"""QR codes as SVG generated on the server: no image files, no external service (intranets)."""

import base64

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def _svg_image(data: str, *, box_size: int):
    return qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=box_size,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )


def qr_data_uri(data: str, *, box_size: int = 12) -> str:
    """For <img src=...>: an SVG QR code as a data: URI."""
    svg = _svg_image(data, box_size=box_size).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def qr_svg(data: str, *, box_size: int = 10) -> SafeString:
    """For inline use in a template: the SVG element itself."""
    # Generated here from our own data (URLs and codes), never from user markup.
    return mark_safe(_svg_image(data, box_size=box_size).to_string(encoding="unicode"))
