"""Writes of the marketplace: merchants, offers, and the coupons' life (redeem, verify, expire).

Points move only through points.services (a redemption is a ledger posting to the merchant's
settlement account; a refund is its reversal).
"""

from marketplace.services.coupons import (
    CouponRefused,
    coupon_expire,
    coupon_issue_prize,
    coupon_redeem,
    coupon_verify,
    coupons_expire_due,
    prize_issuer,
)
from marketplace.services.merchants import (
    merchant_apply,
    merchant_approve,
    merchant_reject,
    merchant_staff_add,
    merchant_suspend,
)
from marketplace.services.offers import (
    offer_approve,
    offer_create,
    offer_reject,
    offer_withdraw,
)

__all__ = [
    "CouponRefused",
    "coupon_expire",
    "coupon_issue_prize",
    "coupon_redeem",
    "coupon_verify",
    "coupons_expire_due",
    "merchant_apply",
    "merchant_approve",
    "merchant_reject",
    "merchant_staff_add",
    "merchant_suspend",
    "offer_approve",
    "offer_create",
    "offer_reject",
    "offer_withdraw",
    "prize_issuer",
]
