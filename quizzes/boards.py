"""The leaderboards of a campaign, kept in the points app.

Answer postings carry the campaign's board scope ("quiz-campaign:<id>"), so they count for a
whole-campaign board and a weekly board, both settled by the points app's scheduled settlement
(weekly, and when the campaign ends). Rank prizes are set on the campaign board in the admin.
"""

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from points.models import Board, Period
from points.services import board_ensure


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


def campaign_boards_shown(campaign) -> dict[str, Board | None]:
    """The boards a campaign's leaderboard page shows, read in one query: the campaign's own
    (whole campaign, weekly) and the annual board, as campaign_board() and annual_board()."""
    # One prepared statement (read on every view of the page); _ANNUAL's rule spelled out.
    sql = (
        f"SELECT {select_columns(Board, 'b')} FROM {Board._meta.db_table} b "
        "WHERE (b.scope = %s AND b.period IN (%s, %s)) "
        "OR (b.scope = %s AND b.period = %s AND b.is_active = %s AND b.is_public = %s) "
        "ORDER BY b.id"
    )
    params = [campaign.board_scope, Period.CAMPAIGN, Period.WEEK]
    params += ["all", Period.YEAR, True, True]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        boards = [instance_from_row(Board, row)[0] for row in cursor.fetchall()]
    shown: dict[str, Board | None] = {"campaign": None, "week": None, "annual": None}
    for board in boards:
        if board.scope == campaign.board_scope:
            kind = "campaign" if board.period == Period.CAMPAIGN else "week"
        else:
            kind = "annual"
        if shown[kind] is None:
            shown[kind] = board
    return shown
