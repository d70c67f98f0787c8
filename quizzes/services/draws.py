"""The lottery: a draw uses one draw right and gives one outcome of the campaign's prize pool.

An item prize is never given beyond its stock: a win takes one from what is left to win in
this lottery (`Prize.stock`) and one from the item's own stock (`PrizeItem.stock`, which
leaderboard settlements and other campaigns take from too), each by a conditional UPDATE
(stock > 0). Of two concurrent draws for the last one, one gets it and the other draws again
among what is left ("thanks for taking part" when nothing is).
"""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.outbox import enqueue_after_commit
from points.models import PrizeItem
from points.prizes import prize_issuer_for
from points.services import points_award
from quizzes.models import Campaign, Draw, Participant, Prize
from quizzes.services.play import _require_open, day_record_for

PRIZE_POINTS_ACCOUNT = "issuance"


def _candidates(campaign: Campaign) -> list[Prize]:
    prizes = list(campaign.prizes.select_related("item").filter(weight__gt=0).order_by("pk"))
    usable = []
    for prize in prizes:
        # Without an issuer (e.g. coupons before the marketplace is installed) an item cannot
        # be given: it stays out of the draw rather than failing every draw.
        if prize.kind == Prize.Kind.ITEM and (
            prize.stock <= 0 or prize.item.stock <= 0 or prize_issuer_for(prize.item.kind) is None
        ):
            continue
        usable.append(prize)
    return usable


def _pick(prizes: list[Prize], rng: random.Random) -> Prize | None:
    total = sum(p.weight for p in prizes)
    if total <= 0:
        return None
    ticket = rng.randrange(total)
    for prize in prizes:
        if ticket < prize.weight:
            return prize
        ticket -= prize.weight
    return None


def _stock_take(prize: Prize) -> bool:
    """One from the lottery's share and one from the item's stock, or neither.

    Rows are locked prize first, then item (settlements lock only the item).
    """
    if not Prize.objects.filter(pk=prize.pk, stock__gt=0).update(stock=F("stock") - 1):
        return False
    if PrizeItem.objects.filter(pk=prize.item_id, stock__gt=0).update(stock=F("stock") - 1):
        return True
    # The item ran out elsewhere (a settlement, another campaign): the share is kept.
    Prize.objects.filter(pk=prize.pk).update(stock=F("stock") + 1)
    return False


@transaction.atomic
def draw_perform(
    *, user, campaign: Campaign, now: dt.datetime | None = None, rng: random.Random | None = None
) -> Draw:
    """Use one of the user's draws; refused without one ("no_draws"), past the daily draw
    limit ("draw_limit") or when the campaign is closed ("campaign_closed")."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    _require_open(campaign, now)
    participant = (
        Participant.objects.select_for_update().filter(campaign=campaign, user=user).first()
    )
    if participant is None or participant.draws_available <= 0:
        raise ValidationError(
            _("You have no draws left. Answer more questions correctly in a row to earn one."),
            code="no_draws",
        )
    day = day_record_for(participant=participant, campaign=campaign, now=now)
    if day.daily_draw_limit is not None and day.draws_used >= day.daily_draw_limit:
        raise ValidationError(
            _("You have used today's %(limit)d draws. Please come back tomorrow.")
            % {"limit": day.daily_draw_limit},
            code="draw_limit",
        )

    candidates = _candidates(campaign)
    prize = None
    while candidates:
        picked = _pick(candidates, rng)
        if picked is None or picked.kind != Prize.Kind.ITEM:
            prize = picked
            break
        # Stock is taken only if some is left; a lost race draws again among the others.
        if _stock_take(picked):
            prize = picked
            break
        candidates = [p for p in candidates if p.pk != picked.pk]

    draw = Draw.objects.create(
        campaign=campaign,
        participant=participant,
        user=user,
        prize=prize,
        prize_name=prize.name if prize else _("Thanks for taking part"),
        kind=prize.kind if prize else Prize.Kind.THANKS,
        points=prize.points if prize and prize.kind == Prize.Kind.POINTS else 0,
        created_at=now,
    )
    key = f"quiz:draw:{draw.pk}"
    if draw.kind == Prize.Kind.POINTS:
        posting = points_award(
            user=user,
            amount=draw.points,
            key=key,
            reason=_("Quiz lottery: %(title)s") % {"title": campaign.title},
            source=draw,
            from_code=PRIZE_POINTS_ACCOUNT,
            # A lucky draw is not a quiz result: it does not count for the campaign board.
            overall=False,
        )
        draw.details = {"posting": posting.pk}
    elif draw.kind == Prize.Kind.ITEM:
        issuer = prize_issuer_for(prize.item.kind)
        draw.details = {
            "item": prize.item_id,
            **(issuer(item=prize.item, user=user, key=key) or {}),
        }
    if draw.details:
        draw.save(update_fields=["details"])

    Participant.objects.filter(pk=participant.pk).update(draws_used=F("draws_used") + 1)
    day.draws_used += 1
    day.save(update_fields=["draws_used"])
    if draw.is_win:
        audit_record(
            actor=user,
            action="quizzes.prize_won",
            target=draw,
            scope_path=campaign.node.path,
            details={"campaign": campaign.pk, "prize": draw.prize_id, "kind": draw.kind},
        )
        from quizzes.tasks import draw_win_notify_task

        enqueue_after_commit(draw_win_notify_task, draw.pk)
    return draw
