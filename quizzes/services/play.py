"""Playing a campaign: serve one question at a time, take one answer per served question.

The rules (defaults of the 6·26 anti-drug campaign; all are campaign settings):
- every N consecutive correct answers earn 1 draw (N = streak length, 5);
- from the N-th consecutive correct answer on, each correct answer earns the configured points (1);
- a wrong (or late) answer resets the streak;
- points stop at the daily cap (50); answers still count for accuracy;
- a day is the local day in Asia/Shanghai; the streak runs across midnight, the cap restarts.
The settings in force are copied into the user's DayRecord when their day starts.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.prepared import execute_prepared
from points.services import points_award
from quizzes.limits import RateLimited, check_refusal_rate, row_rate_take
from quizzes.models import Campaign, DayRecord, Participant, Question, ServedQuestion
from quizzes.services.current import PlayerState, player_state
from quizzes.services.play_reads import served_locked
from quizzes.services.tokens import token_for, token_load

# Network slack on top of the time limit: an answer sent in time must not arrive "late".
LATE_GRACE = dt.timedelta(seconds=2)
QUESTION_IDS_CACHE_SECONDS = 60


@dataclass
class AnswerResult:
    served: ServedQuestion
    question: Question
    correct_choice_ids: list[int]
    is_correct: bool
    is_late: bool
    points: int
    earned_draw: bool
    streak: int
    streak_length: int
    day_points: int
    daily_point_cap: int
    draws_available: int
    capped: bool = False
    chosen: list[int] = field(default_factory=list)
    # The question's options as the answer read them: (id, is correct, text), in page order.
    choices: list[tuple[int, bool, str]] = field(default_factory=list)
    # The day's time limit (None: none), for the next question served with the result.
    seconds_per_question: int | None = None

    @property
    def daily_cap_reached(self) -> bool:
        return daily_cap_reached(day_points=self.day_points, daily_point_cap=self.daily_point_cap)

    @property
    def cap_notice(self) -> str:
        return daily_cap_notice(day_points=self.day_points, daily_point_cap=self.daily_point_cap)


def daily_cap_reached(*, day_points: int, daily_point_cap: int) -> bool:
    return day_points >= daily_point_cap


def daily_cap_notice(*, day_points: int, daily_point_cap: int) -> str:
    """What a resident is told once today's points have reached the cap ("" until then).

    The answer page and the API answer both say it, so nobody plays on expecting points.
    """
    if not daily_cap_reached(day_points=day_points, daily_point_cap=daily_point_cap):
        return ""
    return _(
        "You have reached today's limit of %(cap)d points. Your answers still count; "
        "points start again tomorrow."
    ) % {"cap": daily_point_cap}


def local_day(when: dt.datetime) -> dt.date:
    return timezone.localtime(when, timezone.get_default_timezone()).date()


def _require_open(campaign: Campaign, now: dt.datetime) -> None:
    if not campaign.is_open(now):
        if campaign.is_published and now < campaign.starts_at:
            raise ValidationError(_("This quiz has not started yet."), code="campaign_not_started")
        raise ValidationError(_("This quiz is closed."), code="campaign_closed")


def participant_start(*, user, campaign: Campaign, now: dt.datetime | None = None) -> Participant:
    """The user's participation in an open campaign, created on first use."""
    now = now or timezone.now()
    _require_open(campaign, now)
    participant = Participant.objects.filter(campaign=campaign, user=user).first()
    if participant is None:
        try:
            with transaction.atomic():
                participant = Participant.objects.create(
                    campaign=campaign, user=user, joined_at=now
                )
        except IntegrityError:  # a twin request created it first
            participant = Participant.objects.get(campaign=campaign, user=user)
    participant.campaign = campaign
    return participant


def day_record_for(*, participant: Participant, campaign: Campaign, now: dt.datetime) -> DayRecord:
    """The participant's record of the local day, freezing the campaign's settings on creation."""
    day = local_day(now)
    # Raw: read on every answer, where the ORM's query building costs more than the query.
    for record in DayRecord.objects.raw(
        f"SELECT * FROM {DayRecord._meta.db_table} WHERE participant_id = %s AND day = %s",
        [participant.pk, connection.ops.adapt_datefield_value(day)],
    ):
        return record
    try:
        with transaction.atomic():
            return DayRecord.objects.create(
                participant=participant,
                day=day,
                streak_length=campaign.streak_length,
                points_per_correct=campaign.points_per_correct,
                daily_point_cap=campaign.daily_point_cap,
                seconds_per_question=campaign.seconds_per_question,
                daily_draw_limit=campaign.daily_draw_limit,
            )
    except IntegrityError:
        return DayRecord.objects.get(participant=participant, day=day)


def campaign_question_ids(campaign: Campaign) -> list[int]:
    """Ids of the questions a campaign draws from (cached briefly: it is read per question).

    Active questions of the campaign's categories from the bank of the campaign's place or of
    a place above it (a street's bank serves its communities' campaigns).
    """
    key = f"quizzes:campaign:{campaign.pk}:question-ids"
    ids = cache.get(key)
    if ids is None:
        codes = campaign.node.lineage_codes
        ids = list(
            Question.objects.filter(
                is_active=True,
                category__in=campaign.categories.all(),
                node__code__in=codes,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        cache.set(key, ids, QUESTION_IDS_CACHE_SECONDS)
    return ids


def campaign_question_ids_forget(campaign: Campaign) -> None:
    cache.delete(f"quizzes:campaign:{campaign.pk}:question-ids")


_UNREAD = object()


def question_serve(
    *,
    user,
    campaign: Campaign,
    now: dt.datetime | None = None,
    rng: random.Random | None = None,
    state: PlayerState | None = _UNREAD,
) -> ServedQuestion:
    """The user's current question: the one still unanswered, or a new one at random.

    An unanswered question is served again until answered (reloading never skips a hard
    question); past its time limit, answering it counts as wrong. The returned row carries
    `.token`, the signed one-time ticket the answer must bring back. `state`: the user's
    player_state of `now`'s day when the caller has just read it (the play page, with its
    campaign), None when it found none.
    """
    now = now or timezone.now()
    _require_open(campaign, now)
    if state is _UNREAD:
        # One prepared statement for the participant, its pending question and its day's record.
        state = player_state(user=user, campaign=campaign, day=local_day(now))
    if state is None:
        participant, pending, day = (
            participant_start(user=user, campaign=campaign, now=now),
            None,
            None,
        )
    else:
        participant, pending, day = state
    if pending is None:
        ids = campaign_question_ids(campaign)
        if not ids:
            raise ValidationError(
                _("This quiz has no questions yet. Please come back later."), code="no_questions"
            )
        rng = rng or random.SystemRandom()
        last = (
            ServedQuestion.objects.filter(participant=participant)
            .order_by("-pk")
            .values_list("question_id", flat=True)
            .first()
        )
        choices = [pk for pk in ids if pk != last] or ids
        day = day or day_record_for(participant=participant, campaign=campaign, now=now)
        seconds = day.seconds_per_question
        pending = ServedQuestion.objects.create(
            campaign=campaign,
            participant=participant,
            question_id=rng.choice(choices),
            served_at=now,
            expires_at=now + dt.timedelta(seconds=seconds) if seconds else None,
        )
    pending.participant = participant
    # The day's record as read here (None: none yet), for the page's standing.
    pending.day_record = day
    pending.token = token_for(pending)
    return pending


def _chosen_ids(question: Question, valid: set[int], choice_ids) -> list[int]:
    try:
        chosen = sorted({int(pk) for pk in choice_ids})
    except (TypeError, ValueError):
        chosen = []
    if not chosen or not set(chosen) <= valid:
        raise ValidationError(_("Please choose an answer."), code="no_choice")
    if question.kind != Question.Kind.MULTIPLE and len(chosen) != 1:
        raise ValidationError(_("Please choose exactly one answer."), code="one_choice")
    return chosen


def answer_submit(
    *,
    user,
    token: str,
    choice_ids,
    now: dt.datetime | None = None,
    campaign_pk: int | None = None,
    may_play: Callable[[Campaign], bool] | None = None,
    then: Callable[[AnswerResult], None] | None = None,
) -> AnswerResult:
    """Check one answer and apply the rules; once per served question.

    The play page names its campaign (`campaign_pk`) and its places rule (`may_play`, given
    the campaign with its node, read with the served question): the campaign is read once.
    `then(result)` runs in the answer's transaction once it is recorded (the play page serves
    the next question there: one commit per answer, not two); it must not raise.

    Refused (nothing changes, code in brackets): a forged or someone else's token, one of
    another campaign than `campaign_pk` or of one `may_play` refuses ("invalid_token"), a second answer to the same question ("already_answered", also when two
    arrive at once), a campaign that is closed ("campaign_closed"), no valid choice
    ("no_choice"), answers faster than the rate limit ("rate_limited"; also once refused
    answers come faster than it). An answer after the time limit is taken and counts as wrong.
    """
    try:
        return _answer_take(
            user=user,
            token=token,
            choice_ids=choice_ids,
            now=now,
            campaign_pk=campaign_pk,
            may_play=may_play,
            then=then,
        )
    except RateLimited:
        raise
    except ValidationError:
        check_refusal_rate(user, "answer")  # a script sending bad tokens is told to slow down
        raise


@transaction.atomic
def _answer_take(
    *,
    user,
    token: str,
    choice_ids,
    now: dt.datetime | None,
    campaign_pk: int | None,
    may_play: Callable[[Campaign], bool] | None,
    then: Callable[[AnswerResult], None] | None,
) -> AnswerResult:
    now = now or timezone.now()
    served_id = token_load(token, user)
    # The participant row is the per-user lock (a user's answers apply one after another);
    # it is taken in the same query that loads the served question (and the day record).
    served, day = served_locked(served_id=served_id, user=user, day=local_day(now))
    if (
        served is None
        or (campaign_pk is not None and served.campaign_id != campaign_pk)
        or (may_play is not None and not may_play(served.campaign))
    ):
        raise ValidationError(
            _("This question could not be checked. Please take the next question."),
            code="invalid_token",
        )
    campaign, question = served.campaign, served.question
    _require_open(campaign, now)
    # Read in this transaction (not cached): an edited answer key applies to the next answer.
    choices = served.choice_rows
    chosen = _chosen_ids(question, {pk for pk, _right, _text in choices}, choice_ids)
    participant = served.participant
    if served.answered_at is not None:
        raise _already_answered()
    participant.rate_window, participant.rate_count = row_rate_take(
        action="answer",
        window=participant.rate_window,
        count=participant.rate_count,
        now=now.timestamp(),
    )
    if day is None:  # the first answer of the day
        day = day_record_for(participant=participant, campaign=campaign, now=now)

    correct_ids = sorted(pk for pk, is_right, _text in choices if is_right)
    is_late = served.expires_at is not None and now > served.expires_at + LATE_GRACE
    is_correct = not is_late and chosen == correct_ids
    points, earned_draw, capped = 0, False, False
    if is_correct:
        participant.streak += 1
        if participant.streak % day.streak_length == 0:
            earned_draw = True
        if participant.streak >= day.streak_length:
            room = max(day.daily_point_cap - day.points, 0)
            points = min(day.points_per_correct, room)
            capped = points < day.points_per_correct
    else:
        participant.streak = 0

    # The guard against replays, also concurrent ones: only one UPDATE finds it unanswered.
    taken = _answer_record(
        served=served,
        participant=participant,
        day=day,
        now=now,
        chosen=chosen,
        is_correct=is_correct,
        is_late=is_late,
        points=points,
        earned_draw=earned_draw,
    )
    if not taken:
        raise _already_answered()
    if points:
        points_award(
            user=user,
            amount=points,
            key=f"quiz:answer:{served.pk}",
            reason=_("Quiz: %(title)s") % {"title": campaign.title},
            source=served,
            boards=[campaign.board_scope],
        )
    participant.answers += 1
    participant.correct += int(is_correct)
    participant.points += points
    participant.draws_earned += int(earned_draw)
    day.answers += 1
    day.correct += int(is_correct)
    day.points += points
    day.draws_earned += int(earned_draw)

    served.answered_at, served.chosen, served.is_correct = now, chosen, is_correct
    served.is_late, served.points, served.earned_draw = is_late, points, earned_draw
    result = AnswerResult(
        served=served,
        question=question,
        correct_choice_ids=correct_ids,
        is_correct=is_correct,
        is_late=is_late,
        points=points,
        earned_draw=earned_draw,
        streak=participant.streak,
        streak_length=day.streak_length,
        day_points=day.points,
        daily_point_cap=day.daily_point_cap,
        draws_available=participant.draws_available,
        capped=capped,
        chosen=chosen,
        choices=choices,
        seconds_per_question=day.seconds_per_question,
    )
    if then is not None:
        then(result)
    return result


def _answer_record(
    *,
    served: ServedQuestion,
    participant: Participant,
    day: DayRecord,
    now: dt.datetime,
    chosen: list[int],
    is_correct: bool,
    is_late: bool,
    points: int,
    earned_draw: bool,
) -> bool:
    """Mark the served question answered and count it for the participant and the day.

    False (and nothing written) when the question was answered already. The counters are
    added to in SQL; the participant row is locked by the caller, so the streak it computed
    is current. On PostgreSQL the three UPDATEs are one statement (one round trip).
    """
    served_sql = (
        f"UPDATE {ServedQuestion._meta.db_table} SET answered_at = %s, chosen = %s, "
        "is_correct = %s, is_late = %s, points = %s, earned_draw = %s "
        "WHERE id = %s AND answered_at IS NULL"
    )
    served_params = [
        connection.ops.adapt_datetimefield_value(now),
        ServedQuestion._meta.get_field("chosen").get_db_prep_save(chosen, connection),
        is_correct,
        is_late,
        points,
        earned_draw,
        served.pk,
    ]
    counts = "answers = answers + 1, correct = correct + %s, points = points + %s, "
    counts += "draws_earned = draws_earned + %s"
    count_params = [int(is_correct), points, int(earned_draw)]
    participant_sql = (
        f"UPDATE {Participant._meta.db_table} SET streak = %s, rate_window = %s, "
        f"rate_count = %s, {counts} WHERE id = %s"
    )
    participant_params = [
        participant.streak,
        participant.rate_window,
        participant.rate_count,
        *count_params,
        participant.pk,
    ]
    day_sql = f"UPDATE {DayRecord._meta.db_table} SET {counts} WHERE id = %s"
    day_params = [*count_params, day.pk]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            taken = " AND EXISTS (SELECT 1 FROM s)"
            execute_prepared(
                cursor,
                f"WITH s AS ({served_sql} RETURNING id), "
                f"p AS ({participant_sql}{taken}), d AS ({day_sql}{taken}) "
                "SELECT count(*) FROM s",
                [*served_params, *participant_params, *day_params],
            )
            return cursor.fetchone()[0] == 1
        cursor.execute(served_sql, served_params)
        if cursor.rowcount != 1:
            return False
        cursor.execute(participant_sql, participant_params)
        cursor.execute(day_sql, day_params)
    return True


def _already_answered() -> ValidationError:
    return ValidationError(
        _("This question has already been answered. Please take the next question."),
        code="already_answered",
    )
