"""Reads of the quizzes app: campaigns a user may play, their standing, staff statistics."""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from communities.models import Node
from communities.scoping import require_managing_scope, scope_for_user
from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from points import selectors as points_selectors
from points.periods import current_period_key
from quizzes.boards import campaign_with_boards_shown
from quizzes.models import (
    Campaign,
    DayRecord,
    Draw,
    Participant,
    Question,
    QuestionImport,
    ServedQuestion,
)
from quizzes.services.current import campaign_player_state
from quizzes.services.play import daily_cap_notice, local_day


def campaigns_for_user(*, user, now: dt.datetime | None = None) -> QuerySet[Campaign]:
    """Published campaigns the user may play: street-wide ones and those of their places.

    Street-wide campaigns are open to anyone signed in (the 6·26 campaign took all comers);
    a community's campaign to the residents registered in it (campaign_open_to: the same rule
    for one campaign).
    """
    now = now or timezone.now()
    places = Q(node__kind=Node.Kind.STREET)
    if user.is_authenticated:
        places |= scope_for_user(user).home_q("node")
    return (
        Campaign.objects.filter(places, is_published=True, ends_at__gt=now)
        .select_related("node")
        .order_by("ends_at", "pk")
    )


def campaign_get_for_user(*, user, pk: int) -> Campaign:
    """A campaign the user may see, with the ones that have ended (for the results), or 404.

    Every quiz page and every answer posted on the play page start here: one prepared read of
    the campaign with its place, then campaign_open_to (the rule of campaigns_for_user).
    """
    return _read_if_open(user, pk, _campaign_with_place)[0]


def campaign_leaderboards_for_user(*, user, pk: int, n: int = 20) -> tuple[Campaign, dict]:
    """(campaign, leaderboards_for_user()): campaign_get_for_user, 404 alike, with the boards
    shown read in the same prepared statement."""
    campaign, shown = _read_if_open(user, pk, campaign_with_boards_shown)
    return campaign, leaderboards_for_user(user=user, campaign=campaign, shown=shown, n=n)


def campaign_with_player_state_for_user(*, user, pk: int, day: dt.date):
    """(campaign, the user's PlayerState in it or None): campaign_get_for_user, 404 alike, with
    the player's state read in the same prepared statement (the play page's one read)."""
    return _read_if_open(user, pk, lambda pk: campaign_player_state(user=user, pk=pk, day=day))


def _read_if_open(user, pk: int, read) -> tuple:
    """read(pk): (campaign with its place, what came with it) or None, for a campaign the user
    may see (campaign_open_to); else 404, as for an id beyond a bigint (simply not found)."""
    found = read(pk) if 0 < pk < 2**63 else None
    if found is None or not campaign_open_to(user=user, campaign=found[0]):
        raise Http404
    return found


def _campaign_with_place(pk: int) -> tuple[Campaign] | None:
    sql = (
        f"SELECT {select_columns(Campaign, 'c')}, {select_columns(Node, 'n')} "
        f"FROM {Campaign._meta.db_table} c JOIN {Node._meta.db_table} n ON n.id = c.node_id "
        "WHERE c.id = %s"
    )
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    campaign, end = instance_from_row(Campaign, row)
    campaign.node, _end = instance_from_row(Node, row, end)
    return (campaign,)


def campaign_open_to(*, user, campaign: Campaign) -> bool:
    """campaigns_for_user's rule for one campaign (its node loaded): published, and street-wide
    or of a place the user lives in or under."""
    if not campaign.is_published:
        return False
    if campaign.node.kind == Node.Kind.STREET:
        return True
    return user.is_authenticated and campaign.node.code in scope_for_user(user).home_codes


class StandingCard(NamedTuple):
    """What quizzes/_standing.html shows, as plain values (kept rendered per content)."""

    streak: int
    day_points: int
    daily_point_cap: int
    draws_available: int

    @property
    def cap_notice(self) -> str:
        return daily_cap_notice(day_points=self.day_points, daily_point_cap=self.daily_point_cap)


@dataclass
class Standing:
    """What the play page shows: the streak, today's points and the cap, draws available."""

    streak: int = 0
    streak_length: int = 5
    day_points: int = 0
    daily_point_cap: int = 50
    draws_available: int = 0
    answers: int = 0
    correct: int = 0
    points: int = 0

    @property
    def to_next_draw(self) -> int:
        return self.streak_length - (self.streak % self.streak_length)

    @property
    def cap_notice(self) -> str:
        return self.card.cap_notice

    @property
    def card(self) -> StandingCard:
        return StandingCard(
            self.streak, self.day_points, self.daily_point_cap, self.draws_available
        )


_UNREAD = object()


def standing_for_user(
    *, user, campaign: Campaign, now: dt.datetime | None = None, participant=None, day=_UNREAD
) -> Standing:
    """The user's standing; `participant` and today's `day` record (None: there is none) when
    the caller has just read them (the play page)."""
    now = now or timezone.now()
    if participant is None:
        participant = Participant.objects.filter(campaign=campaign, user=user).first()
    standing = Standing(
        streak_length=campaign.streak_length, daily_point_cap=campaign.daily_point_cap
    )
    if participant is None:
        return standing
    if day is _UNREAD:
        day = DayRecord.objects.filter(participant=participant, day=local_day(now)).first()
    if day is not None:
        standing.streak_length, standing.daily_point_cap = day.streak_length, day.daily_point_cap
        standing.day_points = day.points
    standing.streak = participant.streak
    standing.draws_available = participant.draws_available
    standing.answers, standing.correct = participant.answers, participant.correct
    standing.points = participant.points
    return standing


def draws_of_user(*, user, campaign: Campaign) -> QuerySet[Draw]:
    return Draw.objects.filter(campaign=campaign, user=user).select_related("prize__item")


@dataclass
class BoardView:
    board: object
    period_key: str
    top: list
    my_rank: int | None
    my_score: int | None
    # The top list as plain values, (rank, public name, score, is it me) a row.
    ranking: tuple = ()
    kind: str = ""

    @property
    def card(self) -> tuple:
        """The board's section as plain values: its HTML is kept per content (quizzes/_board.html
        through core/templatetags/kept.py)."""
        return (self.kind, self.board.pk, self.my_rank, self.my_score, self.ranking)


def leaderboards_for_user(*, user, campaign: Campaign, shown: dict, n: int = 20) -> dict:
    """The campaign board (whole campaign), its weekly board and the annual overall board.

    `shown`: the boards the page shows (quizzes.boards.campaign_with_boards_shown); their top
    lists and the user's ranks are read together (points' boards_standings)."""
    periods = [
        (kind, board, current_period_key(board))
        for kind, board in shown.items()
        if board is not None
    ]
    standings = points_selectors.boards_standings([(b, key) for _k, b, key in periods], user, n)
    views: dict = {"campaign": None, "week": None, "annual": None}
    for (kind, board, key), (top, mine) in zip(periods, standings, strict=True):
        views[kind] = BoardView(
            kind=kind,
            board=board,
            period_key=key,
            top=top,
            my_rank=mine[0] if mine else None,
            my_score=mine[1] if mine else None,
            ranking=tuple(
                (entry.rank, entry.public_name, entry.score, entry.user_id == user.pk)
                for entry in top
            ),
        )
    return views


# Staff ---------------------------------------------------------------------------------------


def campaigns_for_staff(*, user) -> QuerySet[Campaign]:
    scope = require_managing_scope(user)
    return scope.filter(Campaign.objects.select_related("node"), "node").order_by("-starts_at")


def campaign_get_for_staff(*, user, pk: int) -> Campaign:
    campaign = campaigns_for_staff(user=user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def question_import_get_for_staff(*, user, pk: int) -> QuestionImport:
    """A file the user uploaded, in their scope, not left unconfirmed past its time; else 404."""
    from quizzes.services.questions import HOLD_FOR

    held = QuestionImport.objects.select_related("node").filter(pk=pk, actor=user).first()
    lapsed = (
        held is not None
        and held.status == QuestionImport.Status.WAITING
        and held.created_at < timezone.now() - HOLD_FOR
    )
    if held is None or lapsed or not require_managing_scope(user).contains(held.node):
        raise Http404
    return held


@dataclass
class CampaignStats:
    participants: int
    answers: int
    correct: int
    draws: int
    wins: int
    points: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


def campaign_stats(campaign: Campaign) -> CampaignStats:
    totals = Participant.objects.filter(campaign=campaign).aggregate(
        participants=Count("pk"),
        answers=_sum("answers"),
        correct=_sum("correct"),
        points=_sum("points"),
    )
    draws = Draw.objects.filter(campaign=campaign).aggregate(
        draws=Count("pk"), wins=Count("pk", filter=~Q(kind="thanks"))
    )
    return CampaignStats(
        participants=totals["participants"],
        answers=totals["answers"] or 0,
        correct=totals["correct"] or 0,
        points=totals["points"] or 0,
        draws=draws["draws"],
        wins=draws["wins"],
    )


def _sum(field: str):
    from django.db.models import Sum

    return Sum(field)


def question_accuracy(campaign: Campaign) -> QuerySet[Question]:
    """The campaign's questions that were answered, with answers, correct and accuracy."""
    answered = Q(served__campaign=campaign, served__answered_at__isnull=False)
    return (
        Question.objects.filter(served__campaign=campaign)
        .annotate(
            answers=Count("served", filter=answered),
            correct_answers=Count("served", filter=answered & Q(served__is_correct=True)),
        )
        .filter(answers__gt=0)
        .select_related("category")
        .order_by("-answers", "pk")
        .distinct()
    )


def draw_log(campaign: Campaign) -> QuerySet[Draw]:
    return Draw.objects.filter(campaign=campaign).select_related("user", "prize__item")


def served_for_campaign(campaign: Campaign) -> QuerySet[ServedQuestion]:
    return ServedQuestion.objects.filter(campaign=campaign)


def campaign_node_in_scope(*, user, node: Node) -> bool:
    return scope_for_user(user).contains(node)


def personal_data(user) -> dict:
    """The resident's own quiz records for their personal-data export (PIPL)."""
    rows = []
    participations = Participant.objects.filter(user=user).select_related("campaign")
    draws_by_campaign: dict[int, list[dict]] = {}
    for draw in Draw.objects.filter(user=user).order_by("created_at"):
        draws_by_campaign.setdefault(draw.campaign_id, []).append(
            {"time": draw.created_at.isoformat(), "outcome": draw.prize_name, "points": draw.points}
        )
    for participant in participations:
        rows.append(
            {
                "campaign": participant.campaign.title,
                "joined_at": participant.joined_at.isoformat(),
                "answers": participant.answers,
                "correct": participant.correct,
                "points": participant.points,
                "draws_earned": participant.draws_earned,
                "draws": draws_by_campaign.get(participant.campaign_id, []),
            }
        )
    return {"campaigns": rows}


def quiz_participants_by_place(*, node: Node, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(home place path, people) of residents living at or under `node` who joined any quiz
    campaign in [start, end): participation counted where people live (one query)."""
    from communities.models import Residency

    joined = Participant.objects.filter(joined_at__gte=start, joined_at__lt=end).values("user_id")
    return list(
        Residency.objects.filter(
            node.subtree_q("household__node"),
            status=Residency.Status.APPROVED,
            user_id__in=joined,
        )
        .order_by()
        .values_list("household__node__path")
        .annotate(people=Count("user_id", distinct=True))
    )
