"""The leaderboards of a campaign, kept in the points app.

Answer postings carry the campaign's board scope ("quiz-campaign:<id>"), so they count for a
whole-campaign board and a weekly board, both settled by the points app's scheduled settlement
(weekly, and when the campaign ends). Rank prizes are set on the campaign board in the admin.
"""

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from communities.models import Node
from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from points.models import Board, Period
from points.services import board_ensure
from quizzes.models import Campaign


def campaign_boards_sync(campaign) -> list[Board]:
    """Create or align the campaign's two boards with its title and dates; idempotent."""
    boards = []
    for period, label in (
        (Period.CAMPAIGN, pgettext("quizzes", "whole campaign")),
        (Period.WEEK, _("weekly")),
    ):
        board = board_ensure(
            scope=campaign.board_scope,
            period=period,
            name=f"{campaign.title} · {label}",
            starts_at=campaign.starts_at,
            ends_at=campaign.ends_at,
        )
        boards.append(board)
    return boards


def campaign_board(campaign, period: str = Period.CAMPAIGN) -> Board | None:
    return Board.objects.filter(scope=campaign.board_scope, period=period).first()


_ANNUAL = Q(scope="all", period=Period.YEAR, is_active=True, is_public=True)


def annual_board() -> Board | None:
    """The annual overall board (all activities), when the street has set one up."""
    return Board.objects.filter(_ANNUAL).order_by("pk").first()


# Which boards a campaign's leaderboard page shows: its own (whole campaign, weekly) and the
# annual board, as campaign_board() and annual_board() (_ANNUAL's rule spelled out); params by
# _shown_params().
_SHOWN = (
    "(b.scope = %s AND b.period IN (%s, %s)) "
    "OR (b.scope = %s AND b.period = %s AND b.is_active = %s AND b.is_public = %s)"
)


def _shown_params(board_scope: str) -> list:
    return [board_scope, Period.CAMPAIGN, Period.WEEK, "all", Period.YEAR, True, True]


def _shown(board_scope: str, boards) -> dict[str, Board | None]:
    """The boards read by _SHOWN (by id) as the page's three: campaign, week, annual."""
    shown: dict[str, Board | None] = {"campaign": None, "week": None, "annual": None}
    for board in boards:
        if board.scope == board_scope:
            kind = "campaign" if board.period == Period.CAMPAIGN else "week"
        else:
            kind = "annual"
        if shown[kind] is None:
            shown[kind] = board
    return shown


def campaign_with_boards_shown(pk: int) -> tuple[Campaign, dict[str, Board | None]] | None:
    """Campaign `pk` with its place and the boards its leaderboard page shows (_SHOWN), None when
    there is no such campaign: one prepared statement (the leaderboard's read). Whether the
    user may see the campaign is the caller's to check (quizzes.selectors.campaign_open_to)."""
    board_scope = Campaign.board_scope_of(pk)
    sql = (
        f"SELECT {select_columns(Campaign, 'c')}, {select_columns(Node, 'n')}, "
        f"{select_columns(Board, 'b')} "
        f"FROM {Campaign._meta.db_table} c JOIN {Node._meta.db_table} n ON n.id = c.node_id "
        f"LEFT JOIN {Board._meta.db_table} b ON ({_SHOWN}) "
        "WHERE c.id = %s ORDER BY b.id"
    )
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [*_shown_params(board_scope), pk])
        rows = cursor.fetchall()
    if not rows:
        return None
    campaign, end = instance_from_row(Campaign, rows[0])
    campaign.node, end = instance_from_row(Node, rows[0], end)
    boards = [instance_from_row(Board, row, end)[0] for row in rows]
    return campaign, _shown(board_scope, [board for board in boards if board is not None])
