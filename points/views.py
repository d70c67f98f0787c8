from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.forms import kept_form_html
from core.paging import LeanPaginator
from points import selectors
from points.forms import HistoryFilterForm
from points.history import PostingHistory, accounts_of
from points.models import Currency, Settlement
from points.periods import current_period_key, period_is_valid, period_label


class PointsHead(NamedTuple):
    """My points page's head (points/_head.html: balances, links, the history's filter) as plain
    values: rendered once per process per content (core/templatetags/kept.py)."""

    points_balance: int
    minutes_balance: int
    filtered: bool
    form_fields: str


@login_required
def my_points(request):
    # Built only for a query string: a page opened without filters filters nothing.
    form = HistoryFilterForm(request.GET) if request.GET else None
    # Balances and accounts in one prepared query, the history's rows as cards by another
    # (points.history; the rule of selectors.postings_for_user); a first page that holds every
    # row is not counted again (core.paging).
    balances, accounts = accounts_of(request.user)
    history = PostingHistory(accounts=accounts, **(form.filters() if form is not None else {}))
    page = LeanPaginator(history, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "points/my_points.html",
        {
            "head": PointsHead(
                points_balance=balances[Currency.POINT],
                minutes_balance=balances[Currency.MINUTE],
                filtered=form is not None,
                # The filter's fields kept per state (core.forms).
                form_fields=kept_form_html(form if form is not None else HistoryFilterForm),
            ),
            "page": page,
        },
    )


@login_required
def board_list(request):
    boards = selectors.boards_public().order_by("name", "pk")
    return render(request, "points/board_list.html", {"boards": boards})


@login_required
def board_detail(request, pk: int):
    board = get_object_or_404(selectors.boards_public(), pk=pk)
    period_key = request.GET.get("period") or current_period_key(board)
    if not period_is_valid(board, period_key):
        raise Http404
    mine = selectors.board_rank(board, period_key, request.user)
    context = {
        "board": board,
        "period_key": period_key,
        "period_label": period_label(board.period, period_key),
        "top": selectors.board_top(board, period_key, 100),
        "my_rank": mine[0] if mine else None,
        "my_score": mine[1] if mine else None,
        # Within the first ten the top list already shows the user among their neighbours.
        "neighbours": selectors.board_neighbours(board, period_key, request.user, k=5)
        if mine and mine[0] > 10
        else [],
        "settled": [
            (settlement, period_label(board.period, settlement.period_key))
            for settlement in selectors.settlements_done(board)[:24]
        ],
    }
    return render(request, "points/board_detail.html", context)


@login_required
def settled_detail(request, pk: int, period_key: str):
    board = get_object_or_404(selectors.boards_public(), pk=pk)
    settlement = selectors.settlement_get(board, period_key)
    if settlement is None or settlement.state != Settlement.State.DONE:
        raise Http404
    page = Paginator(selectors.settlement_ranks(settlement), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "points/settled_detail.html",
        {
            "board": board,
            "settlement": settlement,
            "period_label": period_label(board.period, period_key),
            "page": page,
            "mine": selectors.settlement_rank_for_user(settlement, request.user),
            "my_awards": settlement.awards.filter(user=request.user).select_related("prize__item"),
        },
    )
