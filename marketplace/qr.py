"""QR codes of coupons, as inline SVG (no image files, works on intranets without a CDN)."""

from django.urls import reverse

from marketplace.models import Coupon


def coupon_verify_url(request, coupon: Coupon) -> str:
    """What the QR holds: the merchant's verification page with the code filled in.

    A shop assistant scans it with the phone's camera and lands on the confirm button; a
    stranger who scans it only reaches a page that needs a merchant's log-in.
    """
    return request.build_absolute_uri(f"{reverse('marketplace:verify')}?code={coupon.code}")
