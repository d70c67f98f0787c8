"""The points marketplace (积分集市): merchants, their offers, and the coupons residents hold.

Data and database constraints only; every rule lives in marketplace/services.py. Points never
move here: a redemption's debit is a points ledger posting that the coupon refers to.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Merchant(models.Model):
    """A shop taking part in the market; street staff approve it before it can publish."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        RETAIL = "retail", _("Retail")
        SERVICES = "services", _("Services")
        HEALTH = "health", _("Health and beauty")
        EDUCATION = "education", _("Education and culture")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("marketplace", "Approved")
        REJECTED = "rejected", pgettext_lazy("marketplace", "Rejected")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("shop name"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200)
    licence_number = models.CharField(
        _("business licence number"),
        max_length=32,
        help_text=_("Unified social credit code on the business licence (18 characters)."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    node = models.ForeignKey(
        "communities.Node",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="merchants",
        help_text=_("The community (or street) the shop is in; its staff see the shop."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_number"],
                condition=~Q(status="rejected"),
                name="marketplace_merchant_one_live_per_licence",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def settlement_account_code(self) -> str:
        return f"merchant:{self.pk}:settlement"


class MerchantStaff(models.Model):
    """A user who works for a merchant: publishes offers and verifies coupons at the counter."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="merchant_jobs",
    )
    is_manager = models.BooleanField(_("manager"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("merchant staff member")
        verbose_name_plural = _("merchant staff")
        constraints = [
            models.UniqueConstraint(fields=["merchant", "user"], name="marketplace_staff_once"),
        ]

    def __str__(self):
        return f"{self.merchant} · {self.user}"


class Offer(models.Model):
    """A coupon a merchant offers for points, with its stock and validity windows."""

    class Kind(models.TextChoices):
        AMOUNT_OFF = "amount_off", _("Money off (满减)")
        PERCENT_OFF = "percent_off", _("Discount (折扣)")
        GIFT = "gift", _("Gift (礼品)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Live")
        REJECTED = "rejected", pgettext_lazy("marketplace", "Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    merchant = models.ForeignKey(
        Merchant, verbose_name=_("merchant"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # 满减: `amount_off` yuan off a bill of at least `threshold` yuan.
    threshold = models.DecimalField(
        _("minimum spend (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    amount_off = models.DecimalField(
        _("amount off (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    # 折扣: `percent_off` percent off, at most `max_discount` yuan.
    percent_off = models.PositiveSmallIntegerField(_("percent off"), default=0)
    max_discount = models.DecimalField(
        _("largest discount (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    # 礼品: what is handed over, and what it is worth (for the reports).
    gift = models.CharField(_("gift"), max_length=100, blank=True)
    gift_value = models.DecimalField(
        _("gift value (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    # What one coupon is worth at most, in yuan; kept by the service for the reports.
    face_value = models.DecimalField(
        _("face value (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0"), editable=False
    )
    points_price = models.PositiveIntegerField(_("points price"))
    stock_total = models.PositiveIntegerField(_("total stock"))
    stock_left = models.PositiveIntegerField(_("stock left"), editable=False)
    per_user_limit = models.PositiveSmallIntegerField(_("limit per resident"), default=1)
    redeem_from = models.DateTimeField(_("can be redeemed from"))
    redeem_until = models.DateTimeField(_("can be redeemed until"))
    use_from = models.DateTimeField(_("can be used from"))
    use_until = models.DateTimeField(_("can be used until"))
    refund_on_expiry = models.BooleanField(
        _("refund points when unused"),
        default=False,
        help_text=_("Give the points back when a coupon expires without being used."),
    )
    node = models.ForeignKey(
        "communities.Node",
        verbose_name=_("for residents of"),
        on_delete=models.PROTECT,
        related_name="offers",
        help_text=_("The whole street, or one community."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    # Coupons issued so far (redeemed and prizes): "popular" sorts by it without a COUNT.
    issued_count = models.PositiveIntegerField(_("coupons issued"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "redeem_until"], name="mkt_offer_live"),
            models.Index(fields=["merchant", "-created_at"], name="mkt_offer_merchant"),
        ]
        constraints = [
            # Never oversold: the last line behind the conditional UPDATE of the service.
            models.CheckConstraint(
                condition=Q(stock_left__lte=F("stock_total")), name="mkt_offer_stock_within_total"
            ),
            models.CheckConstraint(condition=Q(points_price__gt=0), name="mkt_offer_price_gt_0"),
            models.CheckConstraint(condition=Q(per_user_limit__gt=0), name="mkt_offer_limit_gt_0"),
            models.CheckConstraint(
                condition=Q(redeem_until__gt=F("redeem_from")) & Q(use_until__gt=F("use_from")),
                name="mkt_offer_windows_ordered",
            ),
            models.CheckConstraint(
                condition=Q(percent_off__lte=100), name="mkt_offer_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.merchant.name} · {self.title}"

    @property
    def terms(self) -> str:
        return offer_terms(
            kind=self.kind,
            threshold=self.threshold,
            amount_off=self.amount_off,
            percent_off=self.percent_off,
            max_discount=self.max_discount,
            gift=self.gift,
        )


def offer_terms(
    *,
    kind: str,
    threshold: Decimal,
    amount_off: Decimal,
    percent_off: int,
    max_discount: Decimal,
    gift: str,
) -> str:
    """The deal in a few plain words (满100减20, 8.5折 最多减30元, 赠 一杯凉茶): Offer.terms,
    from the columns alone (the market's search reads them without building an Offer)."""
    if kind == Offer.Kind.AMOUNT_OFF:
        if threshold:
            return gettext("%(off)s yuan off a bill of %(threshold)s yuan or more") % {
                "off": _yuan(amount_off),
                "threshold": _yuan(threshold),
            }
        return gettext("%(off)s yuan off") % {"off": _yuan(amount_off)}
    if kind == Offer.Kind.PERCENT_OFF:
        return gettext("%(percent)s%% off, at most %(max)s yuan") % {
            "percent": percent_off,
            "max": _yuan(max_discount),
        }
    return gettext("Gift: %(gift)s") % {"gift": gift}


def _yuan(value: Decimal) -> str:
    # 20.00 -> "20", 12.50 -> "12.5": prices read the way shops write them.
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


class OfferUserCount(models.Model):
    """How many coupons of an offer a user holds: the row locked to enforce the per-user limit."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "user"], name="mkt_offer_user_count_once"),
        ]

    def __str__(self):
        return f"{self.offer_id}/{self.user_id}: {self.count}"


class Coupon(models.Model):
    """One coupon a resident holds: bought with points or given as a prize; used once."""

    class Status(models.TextChoices):
        UNUSED = "unused", _("Not used yet")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")

    class Source(models.TextChoices):
        POINTS = "points", _("Redeemed with points")
        PRIZE = "prize", pgettext_lazy("marketplace", "Prize")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="coupons"
    )
    # Copied from the offer: verification and reports filter by merchant without a join.
    merchant = models.ForeignKey(
        Merchant, verbose_name=_("merchant"), on_delete=models.PROTECT, related_name="coupons"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("marketplace", "holder"),
        on_delete=models.PROTECT,
        related_name="coupons",
    )
    code = models.CharField(pgettext_lazy("marketplace", "code"), max_length=16, unique=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    # The idempotency key of the request (or the prize award) that issued the coupon.
    request_key = models.CharField(_("request key"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UNUSED
    )
    points_paid = models.PositiveIntegerField(_("points paid"), default=0)
    face_value = models.DecimalField(
        _("face value (yuan)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    payment = models.ForeignKey(
        "points.Posting",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refund = models.ForeignKey(
        "points.Posting",
        verbose_name=_("refund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    use_from = models.DateTimeField(_("can be used from"))
    use_until = models.DateTimeField(_("can be used until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("marketplace", "verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "status", "-issued_at"], name="mkt_coupon_mine"),
            models.Index(fields=["merchant", "used_at"], name="mkt_coupon_verified"),
            models.Index(fields=["merchant", "issued_at"], name="mkt_coupon_issued"),
            models.Index(fields=["status", "use_until"], name="mkt_coupon_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "request_key"], name="mkt_coupon_request_once"),
            models.CheckConstraint(
                condition=Q(status="used", used_at__isnull=False)
                | (~Q(status="used") & Q(used_at__isnull=True)),
                name="mkt_coupon_used_has_time",
            ),
            models.CheckConstraint(
                condition=Q(source="prize") | Q(payment__isnull=False),
                name="mkt_coupon_paid_or_prize",
            ),
        ]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self) -> str:
        """The code in groups of four (ABCD-EFGH-JKLM), easier to read out at a counter."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
