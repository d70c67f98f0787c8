"""Pages of the market: residents browse and redeem, shops verify, staff review and report."""

import datetime as dt
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import phone_verification_needed
from core.forms import kept_form_html, kept_form_value
from core.outcomes import act_and_redirect, run_and_flash, run_on_form
from core.paging import LeanPaginator
from core.qr import qr_svg
from core.request_keys import request_key_new
from marketplace import selectors, services
from marketplace.exports import report_workbook
from marketplace.forms import (
    MerchantApplyForm,
    OfferForm,
    ReviewForm,
    SearchForm,
    VerifyForm,
)
from marketplace.models import Coupon, Merchant, Offer, OfferUserCount
from marketplace.qr import coupon_verify_url
from marketplace.search import OfferSearch, community_choices
from marketplace.services.coupons import coupon_code_normalize
from points.models import Currency
from points.selectors import balances_for_user

PAGE_SIZE = 20
SEARCH_FIELDS = ("q", "category", "community", "max_points", "sort")


class MarketHead(NamedTuple):
    """The market page's head (marketplace/_head.html: title, balance, search form) as plain
    values: rendered once per process per content (core/templatetags/kept.py)."""

    points_balance: int
    search_form: str


def _page(request, queryset, size: int = PAGE_SIZE):
    # A first page that holds every row is not counted again (core.paging).
    return LeanPaginator(queryset, size).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- residents ------------------------------------------------------------------------------


@login_required
def market_home(request):
    """The market: search box, filters and the live offers (the same page shows results)."""
    # The search form's filters and HTML kept per state (its communities read in one prepared
    # query): the form is built and validated only for values this process has not seen.
    kept = {"data": request.GET, "names": SEARCH_FIELDS, "choices_key": community_choices()}
    filters = kept_form_value(SearchForm, SearchForm.filters, **kept)
    # offer_search's rule read as cards by prepared statements (marketplace.search).
    page = _page(request, OfferSearch(**filters))
    search_form = kept_form_html(SearchForm, "marketplace/_search_form.html", **kept)
    return render(
        request,
        "marketplace/home.html",
        {
            "head": MarketHead(
                points_balance=balances_for_user(request.user)[Currency.POINT],
                search_form=search_form,
            ),
            "page": page,
            "cards": page.object_list,
            "searching": bool(request.GET.get("q")),
            # For the pagination's links only (a copy of the query costs more than the rest).
            "query_string": _query_without_page(request) if page.has_other_pages() else "",
            "categories": Merchant.Category.choices,
        },
    )


@login_required
def offer_detail(request, pk: int):
    offer = selectors.offer_get_live(pk=pk)
    held = (
        OfferUserCount.objects.filter(offer=offer, user=request.user)
        .values_list("count", flat=True)
        .first()
        or 0
    )
    return render(
        request,
        "marketplace/offer_detail.html",
        {
            "offer": offer,
            "held": held,
            "eligible": selectors.offer_user_is_eligible(offer=offer, user=request.user),
            "points_balance": balances_for_user(request.user)[Currency.POINT],
            "needs_verified_phone": phone_verification_needed(request.user),
            # A fresh key per page view: a double tap or a resent form charges once.
            "request_key": request_key_new(),
        },
    )


@login_required
@require_POST
def offer_redeem(request, pk: int):
    offer = selectors.offer_get_live(pk=pk)
    redeemed = run_and_flash(
        request,
        lambda: services.coupon_redeem(
            user=request.user, offer_id=offer.pk, request_key=request.POST.get("request_key", "")
        ),
    )
    if not redeemed:
        if redeemed.error.code == "phone_unverified":
            offer_url = reverse("marketplace:offer", args=[offer.pk])
            return redirect(f"{reverse('accounts:verify_phone')}?{urlencode({'next': offer_url})}")
        return redirect("marketplace:offer", pk=offer.pk)
    coupon = redeemed.result
    if coupon.is_new:
        messages.success(request, _("Done! Show this coupon at the shop counter to use it."))
    return redirect("marketplace:coupon", pk=coupon.pk)


@login_required
def my_coupons(request):
    show = request.GET.get("show", Coupon.Status.UNUSED)
    if show not in Coupon.Status.values:
        show = Coupon.Status.UNUSED
    coupons = selectors.coupons_for_user(user=request.user, status=show)
    return render(
        request,
        "marketplace/my_coupons.html",
        {
            "page": _page(request, coupons),
            "show": show,
            "counts": selectors.coupon_counts_for_user(user=request.user),
            "tabs": Coupon.Status.choices,
        },
    )


@login_required
def coupon_detail(request, pk: int):
    coupon = selectors.coupon_get_for_user(user=request.user, pk=pk)
    context = {"coupon": coupon, "now": timezone.now()}
    if coupon.status == Coupon.Status.UNUSED:
        context["qr"] = qr_svg(coupon_verify_url(request, coupon))
    return render(request, "marketplace/coupon_detail.html", context)


# --- merchants ------------------------------------------------------------------------------


@login_required
def shop(request):
    """The shop's own page: its offers, and the way to the counter (verification)."""
    merchant = selectors.merchant_of_user(request.user)
    if merchant is None:
        pending = Merchant.objects.filter(staff__user=request.user).order_by("-created_at")
        return render(request, "marketplace/shop_none.html", {"applications": pending})
    today = timezone.localdate()
    return render(
        request,
        "marketplace/shop.html",
        {
            "merchant": merchant,
            "offers": selectors.offers_of_merchant(merchant=merchant),
            "verified_today": selectors.coupons_verified_on(merchant=merchant, day=today).count(),
        },
    )


@login_required
def shop_apply(request):
    form = MerchantApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.merchant_apply(user=request.user, **form.cleaned_data),
            _("Thank you. The street office will review your application."),
        )
        if done:
            return redirect("marketplace:shop")
    return render(request, "marketplace/shop_apply.html", {"form": form})


@login_required
def offer_new(request):
    merchant = selectors.merchant_require_for_user(request.user)
    form = OfferForm(request.POST or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.offer_create(
                actor=request.user, merchant=merchant, **form.service_fields()
            ),
            _("Saved. The offer goes live once the street approves it."),
        )
        if done:
            return redirect("marketplace:shop")
    return render(request, "marketplace/offer_form.html", {"form": form, "merchant": merchant})


@login_required
@require_POST
def offer_withdraw(request, pk: int):
    merchant = selectors.merchant_require_for_user(request.user)
    offer = get_object_or_404(Offer, pk=pk, merchant=merchant)
    return act_and_redirect(
        request,
        lambda: services.offer_withdraw(actor=request.user, offer=offer),
        _("The offer was taken off the market."),
        "marketplace:shop",
    )


@login_required
def verify(request):
    """核销 at the counter: type the code, or scan the QR (it opens this page with the code)."""
    merchant = selectors.merchant_require_for_user(request.user)
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                coupon = services.coupon_verify(
                    merchant=merchant, code=form.cleaned_data["code"], actor=request.user
                )
                result = {"ok": True, "coupon": coupon}
            except services.CouponRefused as refusal:
                result = {"ok": False, "message": refusal.messages[0], "coupon": refusal.coupon}
            form = VerifyForm()
    else:
        code = coupon_code_normalize(request.GET.get("code", ""))
        form = VerifyForm(initial={"code": code} if code else None)
    preview = None
    if result is None and form.initial.get("code"):
        # Scanned: show what the coupon is before the assistant confirms.
        found = selectors.coupon_find(code=form.initial["code"])
        preview = found if found is not None and found.merchant_id == merchant.pk else None
    return render(
        request,
        "marketplace/verify.html",
        {"merchant": merchant, "form": form, "result": result, "preview": preview},
        status=200,
    )


@login_required
def verified_list(request):
    merchant = selectors.merchant_require_for_user(request.user)
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    coupons = selectors.coupons_verified_on(merchant=merchant, day=day)
    return render(
        request,
        "marketplace/verified_list.html",
        {
            "merchant": merchant,
            "day": day,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1) if day < timezone.localdate() else None,
            "page": _page(request, coupons, 50),
            "total": coupons.count(),
        },
    )


# --- street and community staff -------------------------------------------------------------


def _status_filter(request, choices) -> str:
    status = request.GET.get("status", "pending")
    return status if status in dict(choices) else ""


@login_required
def staff_merchants(request):
    status = _status_filter(request, Merchant.Status.choices)
    merchants = selectors.merchants_for_staff(user=request.user, status=status)
    return render(
        request,
        "marketplace/staff_merchants.html",
        {
            "page": _page(request, merchants),
            "status": status,
            "statuses": Merchant.Status.choices,
            "query_string": _query_without_page(request),
        },
    )


@login_required
@require_POST
def staff_merchant_review(request, pk: int):
    merchant = get_object_or_404(selectors.merchants_for_staff(user=request.user), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        action = {
            "approve": services.merchant_approve,
            "reject": services.merchant_reject,
            "suspend": services.merchant_suspend,
        }.get(form.cleaned_data["decision"], services.merchant_suspend)
        run_and_flash(
            request,
            lambda: action(actor=request.user, merchant=merchant, note=form.cleaned_data["note"]),
            _("Saved: %(name)s") % {"name": merchant.name},
        )
    return redirect("marketplace:staff_merchants")


@login_required
def staff_offers(request):
    status = _status_filter(request, Offer.Status.choices)
    offers = selectors.offers_for_staff(user=request.user, status=status)
    return render(
        request,
        "marketplace/staff_offers.html",
        {
            "page": _page(request, offers),
            "status": status,
            "statuses": Offer.Status.choices,
            "query_string": _query_without_page(request),
        },
    )


@login_required
@require_POST
def staff_offer_review(request, pk: int):
    offer = get_object_or_404(selectors.offers_for_staff(user=request.user), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        calls = {
            "approve": lambda: services.offer_approve(actor=request.user, offer=offer, note=note),
            "reject": lambda: services.offer_reject(actor=request.user, offer=offer, note=note),
        }
        run_and_flash(
            request,
            calls.get(decision, lambda: services.offer_withdraw(actor=request.user, offer=offer)),
            _("Saved: %(name)s") % {"name": offer.title},
        )
    return redirect("marketplace:staff_offers")


@login_required
def staff_report(request):
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        raise Http404
    rows = selectors.market_report(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            report_workbook(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="marketplace-{year}.xlsx"'
        return response
    totals = {
        "issued": sum(r.issued for r in rows),
        "redeemed": sum(r.redeemed for r in rows),
        "points": sum(r.points for r in rows),
        "issued_value": sum((r.issued_value for r in rows), 0),
        "verified": sum(r.verified for r in rows),
        "verified_value": sum((r.verified_value for r in rows), 0),
    }
    return render(
        request,
        "marketplace/staff_report.html",
        {"rows": rows, "year": year, "totals": totals, "years": range(year - 2, year + 1)},
    )
