"""Settlement of a leaderboard period: freeze the ranking, award the prizes, notify winners.

State machine (points.models.Settlement): started -> frozen -> done, each step idempotent.
- freeze: one transaction writes the whole snapshot (a crash leaves none) and moves to frozen;
- award: one transaction per winner and prize, keyed by (settlement, prize, user); a crash
  half-way leaves some awards, and the next run gives only the missing ones;
- finish: moves to done. Running a done settlement again returns it unchanged.

A running settlement beats (`heartbeat_at`, at the start and after each award); one whose worker
was killed stops beating and `settlements_recover` (core.jobs, every minute) queues it again,
so it resumes within minutes instead of at the next hourly run.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.outbox import enqueue_after_commit
from notifications.services import notify
from points import leaderboard_cache
from points.models import (
    Board,
    BoardPrize,
    BoardScore,
    PrizeAward,
    PrizeItem,
    Settlement,
    SettlementRank,
)
from points.periods import period_end, period_is_valid, period_label
from points.prizes import prize_issuer_for
from points.services.ledger import points_award


def settlement_run(*, board: Board, period_key: str, actor=None) -> Settlement:
    """Settle (or finish settling) the board's period `period_key`; safe to run again.

    Refuses a period that has not ended (code "period_not_ended").
    """
    if not period_is_valid(board, period_key):
        raise ValidationError(_("This is not a period of this leaderboard."), code="invalid_period")
    end = period_end(board, period_key)
    if end is None or end > timezone.now():
        raise ValidationError(
            _("This period has not ended yet and cannot be settled."), code="period_not_ended"
        )
    settlement, _created = Settlement.objects.get_or_create(
        board=board, period_key=period_key, defaults={"actor": _user_or_none(actor)}
    )
    if settlement.state != Settlement.State.DONE:
        _beat(settlement)
    if settlement.state == Settlement.State.STARTED:
        settlement = _settlement_freeze(settlement=settlement, actor=actor)
    if settlement.state == Settlement.State.FROZEN:
        _settlement_award_all(settlement=settlement, actor=actor)
        settlement = _settlement_finish(settlement=settlement, actor=actor)
    return settlement


def _beat(settlement: Settlement) -> None:
    Settlement.objects.filter(pk=settlement.pk).update(heartbeat_at=timezone.now())


def _user_or_none(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def _settlement_freeze(*, settlement: Settlement, actor) -> Settlement:
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if settlement.state != Settlement.State.STARTED:
        return settlement
    # One INSERT ... SELECT numbers the live ranking into the snapshot, inside the database.
    ranks, scores = SettlementRank._meta.db_table, BoardScore._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ranks} (settlement_id, rank, user_id, score, reached_at) "
            "SELECT %s, ROW_NUMBER() OVER (ORDER BY score DESC, reached_at, user_id), "
            f"user_id, score, reached_at FROM {scores} "
            "WHERE board_id = %s AND period_key = %s AND score > 0",
            [settlement.pk, settlement.board_id, settlement.period_key],
        )
        settlement.ranked_count = cursor.rowcount
    settlement.state = Settlement.State.FROZEN
    settlement.frozen_at = timezone.now()
    settlement.save(update_fields=["state", "frozen_at", "ranked_count"])
    audit_record(
        actor=actor,
        action="points.settlement_frozen",
        target=settlement,
        details={
            "board": settlement.board_id,
            "period": settlement.period_key,
            "ranked": settlement.ranked_count,
        },
    )
    return settlement


def _settlement_award_all(*, settlement: Settlement, actor) -> None:
    for prize in settlement.board.prizes.select_related("item").order_by("rank_from", "pk"):
        done = set(
            PrizeAward.objects.filter(settlement=settlement, prize=prize).values_list(
                "user_id", flat=True
            )
        )
        winners = (
            settlement.ranks.filter(rank__gte=prize.rank_from, rank__lte=prize.rank_to)
            .select_related("user")
            .order_by("rank")
        )
        for rank_row in winners:
            if rank_row.user_id not in done:
                _prize_award_one(settlement=settlement, prize=prize, rank_row=rank_row, actor=actor)
                _beat(settlement)


def _prize_award_one(
    *, settlement: Settlement, prize: BoardPrize, rank_row: SettlementRank, actor
) -> PrizeAward:
    """Give one winner one prize, once: the award row is unique per settlement, prize, user."""
    board = settlement.board
    key = f"settlement:{settlement.pk}:prize:{prize.pk}:user:{rank_row.user_id}"
    try:
        with transaction.atomic():
            posting, details = None, {}
            outcome = PrizeAward.Outcome.AWARDED
            if prize.points:
                posting = points_award(
                    user=rank_row.user,
                    amount=prize.points,
                    key=key,
                    reason=_("Prize: rank %(rank)d on %(board)s (%(period)s)")
                    % {
                        "rank": rank_row.rank,
                        "board": board.name,
                        "period": period_label(board.period, settlement.period_key),
                    },
                    source=settlement,
                    from_code=board.prize_account_code,
                    overall=False,
                    actor=actor,
                )
            else:
                # Never below zero: the stock is taken by a conditional UPDATE.
                taken = PrizeItem.objects.filter(pk=prize.item_id, stock__gt=0).update(
                    stock=F("stock") - 1
                )
                if not taken:
                    outcome = PrizeAward.Outcome.OUT_OF_STOCK
                else:
                    issuer = prize_issuer_for(prize.item.kind)
                    if issuer is None:
                        raise ValidationError(
                            _("No issuer is registered for prizes of kind %(kind)s.")
                            % {"kind": prize.item.kind},
                            code="no_prize_issuer",
                        )
                    details = issuer(item=prize.item, user=rank_row.user, key=key) or {}
            award = PrizeAward.objects.create(
                settlement=settlement,
                prize=prize,
                user=rank_row.user,
                rank=rank_row.rank,
                outcome=outcome,
                posting=posting,
                details=details,
            )
            audit_record(
                actor=actor,
                action="points.prize_awarded",
                target=award,
                outcome="success" if outcome == PrizeAward.Outcome.AWARDED else "failure",
                details={
                    "settlement": settlement.pk,
                    "prize": prize.pk,
                    "user": rank_row.user_id,
                    "rank": rank_row.rank,
                    "outcome": outcome,
                },
            )
            if outcome == PrizeAward.Outcome.AWARDED:
                _notify_winner(settlement=settlement, prize=prize, award=award)
    except IntegrityError:
        # Another run gave this prize first (its transaction rolled ours back entirely).
        return PrizeAward.objects.get(settlement=settlement, prize=prize, user=rank_row.user)
    return award


def _notify_winner(*, settlement: Settlement, prize: BoardPrize, award: PrizeAward) -> None:
    board = settlement.board
    with translation.override(settings.LANGUAGE_CODE):
        what = (
            _("%(points)d points") % {"points": prize.points} if prize.points else prize.item.name
        )
        notify(
            award.user,
            title=_("You won a prize on %(board)s") % {"board": board.name},
            body=_("You ranked %(rank)d in %(period)s and won: %(prize)s.")
            % {
                "rank": award.rank,
                "period": period_label(board.period, settlement.period_key),
                "prize": what,
            },
            url=reverse("points:settled", args=[board.pk, settlement.period_key]),
            category="points",
            dedupe_key=f"points:prize:{settlement.pk}:{prize.pk}:{award.user_id}",
        )


@transaction.atomic
def _settlement_finish(*, settlement: Settlement, actor) -> Settlement:
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if settlement.state != Settlement.State.FROZEN:
        return settlement
    settlement.state = Settlement.State.DONE
    settlement.finished_at = timezone.now()
    settlement.save(update_fields=["state", "finished_at"])
    audit_record(
        actor=actor,
        action="points.settlement_completed",
        target=settlement,
        details={
            "board": settlement.board_id,
            "period": settlement.period_key,
            "ranked": settlement.ranked_count,
            "awards": settlement.awards.filter(outcome=PrizeAward.Outcome.AWARDED).count(),
            "out_of_stock": settlement.awards.filter(
                outcome=PrizeAward.Outcome.OUT_OF_STOCK
            ).count(),
        },
    )
    if leaderboard_cache.client() is not None:
        # The live set of a settled period is no longer needed: pages read the snapshot.
        board_id, key = settlement.board_id, settlement.period_key
        transaction.on_commit(lambda: leaderboard_cache.delete(board_id, key))
    return settlement


def settlements_recover(stale_before: datetime) -> int:
    """Queue again the unfinished settlements that stopped beating before `stale_before`
    (registered with core.jobs). One being frozen holds its row lock and is skipped; a rerun
    resumes where the dead one stopped. Returns how many were queued."""
    with transaction.atomic():
        stuck = list(
            Settlement.objects.select_for_update(skip_locked=True)
            .filter(state__in=[Settlement.State.STARTED, Settlement.State.FROZEN])
            .filter(
                Q(heartbeat_at__lt=stale_before)
                | Q(heartbeat_at__isnull=True, started_at__lt=stale_before)
            )
        )
        for settlement in stuck:
            _beat(settlement)
            enqueue_after_commit(
                "points.tasks.settlement_run_task", settlement.board_id, settlement.period_key
            )
    return len(stuck)
