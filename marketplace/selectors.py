"""Reads of the marketplace, with the joins a page needs so its query count stays flat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Node, Post
from communities.scoping import require_managing_scope, scope_for_user
from core.layout import layout_forget
from marketplace.models import Coupon, Merchant, MerchantStaff, Offer

# --- who may do what ----------------------------------------------------------------------

_ROLE_CACHE_SECONDS = 600


def _role_cache_key(user_id: int) -> str:
    return f"marketplace:merchant-role:{user_id}"


def user_is_merchant_staff(user) -> bool:
    """Whether the user works for an approved merchant; cached, since every page asks."""
    if not user.is_authenticated:
        return False
    key = _role_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = MerchantStaff.objects.filter(
            user=user, merchant__status=Merchant.Status.APPROVED
        ).exists()
        cache.set(key, cached, _ROLE_CACHE_SECONDS)
    return cached


def merchant_role_forget(user_id: int) -> None:
    """Drop the cached answer after a change of staff or of the merchant's status."""
    cache.delete(_role_cache_key(user_id))
    layout_forget([user_id])


def merchant_of_user(user) -> Merchant | None:
    """The approved merchant the user works for (the first, if they work for several)."""
    if not user.is_authenticated:
        return None
    return (
        Merchant.objects.filter(staff__user=user, status=Merchant.Status.APPROVED)
        .select_related("node")
        .order_by("pk")
        .first()
    )


def merchant_require_for_user(user) -> Merchant:
    """The user's merchant for the merchant pages, or 404 for everyone else."""
    merchant = merchant_of_user(user)
    if merchant is None:
        raise Http404
    return merchant


def user_can_review(user, node: Node) -> bool:
    """Street staff (and superusers) whose scope holds the node approve merchants and offers."""
    scope = scope_for_user(user)
    if not scope.contains(node):
        return False
    return scope.unrestricted or Post.Kind.STREET_STAFF in scope.post_kinds


# --- the market, as residents see it --------------------------------------------------------


class Sort:
    NEWEST = "newest"
    POPULAR = "popular"
    PRICE_LOW = "price"
    PRICE_HIGH = "-price"
    ORDERINGS = {
        NEWEST: ("-created_at", "-pk"),
        POPULAR: ("-issued_count", "-pk"),
        PRICE_LOW: ("points_price", "-pk"),
        PRICE_HIGH: ("-points_price", "-pk"),
    }


def offers_live(*, now: dt.datetime | None = None) -> QuerySet[Offer]:
    """Approved offers of approved merchants that can be redeemed now (sold-out ones too)."""
    now = now or timezone.now()
    return Offer.objects.filter(
        status=Offer.Status.APPROVED,
        merchant__status=Merchant.Status.APPROVED,
        redeem_from__lte=now,
        redeem_until__gt=now,
    ).select_related("merchant", "node")


def offer_search(
    *,
    query: str = "",
    category: str = "",
    community: Node | None = None,
    min_points: int | None = None,
    max_points: int | None = None,
    sort: str = Sort.NEWEST,
    now: dt.datetime | None = None,
) -> QuerySet[Offer]:
    """Live offers matching a keyword (a substring of merchant or offer name or description).

    Substring matching works for Chinese without word splitting ("茶餐厅" in "佛山老字号茶餐厅");
    on PostgreSQL trigram GIN indexes (migration 0002) serve the LIKE '%...%'. `community`
    keeps street-wide offers and that community's own.
    """
    offers = offers_live(now=now)
    for word in query.split()[:5]:
        offers = offers.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(merchant__name__icontains=word)
            | Q(merchant__description__icontains=word)
        )
    if category:
        offers = offers.filter(merchant__category=category)
    if community is not None:
        offers = offers.filter(Q(node=community) | Q(node__kind=Node.Kind.STREET))
    if min_points is not None:
        offers = offers.filter(points_price__gte=min_points)
    if max_points is not None:
        offers = offers.filter(points_price__lte=max_points)
    return offers.order_by(*Sort.ORDERINGS.get(sort, Sort.ORDERINGS[Sort.NEWEST]))


class OfferCard(NamedTuple):
    """What an offer's row on the market shows (marketplace/_offer_card.html), as plain values
    (marketplace.search reads them): the row is rendered once per process per content
    (core/templatetags/kept.py)."""

    pk: int
    title: str
    merchant_name: str
    category_label: str
    node_name: str
    terms: str
    points_price: int
    stock_left: int


def offer_get_live(*, pk: int) -> Offer:
    return get_object_or_404(offers_live(), pk=pk)


def offer_user_is_eligible(*, offer: Offer, user) -> bool:
    """Street-wide offers are for everyone signed in; a community's for its residents."""
    if offer.node.kind == Node.Kind.STREET:
        return True
    return scope_for_user(user).lives_under(offer.node)


def communities_for_filter() -> QuerySet[Node]:
    return Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path")


# --- a resident's coupons -------------------------------------------------------------------


def coupons_for_user(*, user, status: str = Coupon.Status.UNUSED) -> QuerySet[Coupon]:
    return (
        Coupon.objects.filter(user=user, status=status)
        .select_related("offer", "merchant")
        .order_by("-issued_at", "-pk")
    )


def coupon_counts_for_user(*, user) -> dict[str, int]:
    rows = Coupon.objects.filter(user=user).order_by().values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in Coupon.Status.values}


def coupon_get_for_user(*, user, pk: int) -> Coupon:
    """The user's own coupon (404 for anybody else's: codes are bearer secrets)."""
    return get_object_or_404(Coupon.objects.select_related("offer", "merchant"), pk=pk, user=user)


def coupon_find(*, code: str) -> Coupon | None:
    return Coupon.objects.select_related("offer", "merchant").filter(code=code).first()


# --- the merchant's pages -------------------------------------------------------------------


def offers_of_merchant(*, merchant: Merchant) -> QuerySet[Offer]:
    return Offer.objects.filter(merchant=merchant).select_related("node").order_by("-created_at")


def coupons_verified_on(*, merchant: Merchant, day: dt.date) -> QuerySet[Coupon]:
    """Coupons the merchant verified on a local day, newest first."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    return (
        Coupon.objects.filter(
            merchant=merchant,
            status=Coupon.Status.USED,
            used_at__gte=start,
            used_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("offer", "verified_by")
        .order_by("-used_at", "-pk")
    )


# --- staff ----------------------------------------------------------------------------------


def merchants_for_staff(*, user, status: str = "") -> QuerySet[Merchant]:
    merchants = require_managing_scope(user).filter(Merchant.objects.select_related("node"), "node")
    if status:
        merchants = merchants.filter(status=status)
    return merchants.annotate(offer_count=Count("offers")).order_by("status", "name", "pk")


def offers_for_staff(*, user, status: str = "") -> QuerySet[Offer]:
    offers = require_managing_scope(user).filter(
        Offer.objects.select_related("merchant", "node"), "node"
    )
    if status:
        offers = offers.filter(status=status)
    return offers.order_by("status", "-created_at", "-pk")


@dataclass
class ReportRow:
    merchant_id: int
    merchant: str
    month: dt.date
    issued: int = 0
    redeemed: int = 0
    points: int = 0
    issued_value: Decimal = Decimal("0")
    verified: int = 0
    verified_value: Decimal = Decimal("0")


def market_report(*, user, year: int | None = None) -> list[ReportRow]:
    """Per merchant and local month: coupons issued (of which redeemed with points, and the
    points paid), face value issued, coupons verified and their face value.

    Two aggregate queries (issued by issue month, verified by use month), merged in Python.
    """
    scope = require_managing_scope(user)
    coupons = scope.filter(Coupon.objects.all(), "merchant__node").order_by()
    tz = timezone.get_default_timezone()
    if year:
        start = dt.datetime(year, 1, 1, tzinfo=tz)
        end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
        issued_rows = coupons.filter(issued_at__gte=start, issued_at__lt=end)
        used_rows = coupons.filter(used_at__gte=start, used_at__lt=end)
    else:
        issued_rows, used_rows = coupons, coupons.filter(used_at__isnull=False)
    rows: dict[tuple[int, dt.date], ReportRow] = {}

    def row(merchant_id: int, name: str, month) -> ReportRow:
        month = month.date() if isinstance(month, dt.datetime) else month
        key = (merchant_id, month)
        if key not in rows:
            rows[key] = ReportRow(merchant_id=merchant_id, merchant=name, month=month)
        return rows[key]

    for item in (
        issued_rows.annotate(month=TruncMonth("issued_at", tzinfo=tz))
        .values("merchant_id", "merchant__name", "month")
        .annotate(
            issued=Count("pk"),
            redeemed=Count("pk", filter=Q(source=Coupon.Source.POINTS)),
            points=Sum("points_paid"),
            value=Sum("face_value"),
        )
    ):
        target = row(item["merchant_id"], item["merchant__name"], item["month"])
        target.issued, target.redeemed = item["issued"], item["redeemed"]
        target.points, target.issued_value = item["points"] or 0, item["value"] or Decimal("0")
    for item in (
        used_rows.annotate(month=TruncMonth("used_at", tzinfo=tz))
        .values("merchant_id", "merchant__name", "month")
        .annotate(verified=Count("pk"), value=Sum("face_value"))
    ):
        target = row(item["merchant_id"], item["merchant__name"], item["month"])
        target.verified, target.verified_value = item["verified"], item["value"] or Decimal("0")
    return sorted(rows.values(), key=lambda r: (r.month, r.merchant, r.merchant_id))


def coupons_export_for_user(user) -> list[dict]:
    """The resident's coupons for their personal-data export (codes left out: bearer secrets)."""
    return [
        {
            "offer": coupon.offer.title,
            "merchant": coupon.merchant.name,
            "status": coupon.status,
            "source": coupon.source,
            "points_paid": coupon.points_paid,
            "issued_at": coupon.issued_at.isoformat(),
            "used_at": coupon.used_at.isoformat() if coupon.used_at else None,
        }
        for coupon in Coupon.objects.filter(user=user).select_related("offer", "merchant")
    ]


def market_queue_counts(*, node: Node) -> dict[str, int]:
    """Merchants and offers at or under `node` waiting for staff approval (two queries)."""
    return {
        "merchants_to_approve": Merchant.objects.filter(
            node.subtree_q("node"), status=Merchant.Status.PENDING
        ).count(),
        "offers_to_approve": Offer.objects.filter(
            node.subtree_q("node"), status=Offer.Status.PENDING
        ).count(),
    }


def coupons_used_by_place(*, node: Node, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(merchant place path, coupons verified at the counter) in [start, end) at or under
    `node`, one row per place (one query)."""
    return list(
        Coupon.objects.filter(
            node.subtree_q("merchant__node"),
            status=Coupon.Status.USED,
            used_at__gte=start,
            used_at__lt=end,
        )
        .order_by()
        .values_list("merchant__node__path")
        .annotate(used=Count("pk"))
    )
