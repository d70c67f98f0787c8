"""The leaderboards of a campaign, kept in the points app.

Answer postings carry the campaign's board scope ("quiz-campaign:<id>"), so they count for a
whole-campaign board and a weekly board, both settled by the points app's scheduled settlement
(weekly, and when the campaign ends). Rank prizes are set on the campaign board in the admin.

The points app offers no service to create a board yet, so the rows are written here; when it
does (points.services.board_ensure), this module should call it instead.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from points.models import Board, Currency, Period


def campaign_boards_sync(campaign) -> list[Board]:
    """Create or align the campaign's two boards with its title and dates; idempotent."""
    boards = []
    for period, label in (
        (Period.CAMPAIGN, pgettext("quizzes", "whole campaign")),
        (Period.WEEK, _("weekly")),
    ):
        board, _created = Board.objects.update_or_create(
            scope=campaign.board_scope,
            period=period,
            defaults={
                "name": f"{campaign.title} · {label}"[:100],
                "currency": Currency.POINT,
                "starts_at": campaign.starts_at,
                "ends_at": campaign.ends_at,
                "is_active": True,
            },
        )
        boards.append(board)
    return boards


def campaign_board(campaign, period: str = Period.CAMPAIGN) -> Board | None:
    return Board.objects.filter(scope=campaign.board_scope, period=period).first()


def annual_board() -> Board | None:
    """The annual overall board (all activities), when the street has set one up."""
    return (
        Board.objects.filter(scope="all", period=Period.YEAR, is_active=True, is_public=True)
        .order_by("pk")
        .first()
    )
