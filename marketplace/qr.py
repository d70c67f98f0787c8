"""QR codes of coupons, as inline SVG (no image files, works on intranets without a CDN)."""

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from marketplace.models import Coupon


def coupon_verify_url(request, coupon: Coupon) -> str:
    """What the QR holds: the merchant's verification page with the code filled in.

    A shop assistant scans it with the phone's camera and lands on the confirm button; a
    stranger who scans it only reaches a page that needs a merchant's log-in.
    """
    return request.build_absolute_uri(f"{reverse('marketplace:verify')}?code={coupon.code}")


def qr_svg(data: str) -> SafeString:
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # The SVG is generated here from our own data, never from user markup.
    return mark_safe(svg)
