"""The time bank on the points ledger (MINUTE postings): deposits of verified hours, the
storage cap, gifts to relatives, donations to the community pool (help paid in credits: help.py).

Request keys (core.request_keys) make a gift or a donation happen once per form or API call:
a resent request answers with the first one's transfer and moves nothing more.

Keys make every posting idempotent:
  volunteers:hours:<record>            verified service time deposited
  volunteers:points:<record>           the optional conversion into activity points
  volunteers:cap:<origin key>          the excess over the cap, sent to the pool
  volunteers:transfer:<transfer>       a gift to a relative or a donation
  volunteers:help:<request>:hold|pay|refund   help paid through an escrow account
"""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_get_by_login
from audit.services import audit_record
from communities.models import Node
from core.request_keys import request_key_check
from notifications.services import notify
from points.models import Account, Currency
from points.services import account_for_user, points_award, posting_create, system_account
from volunteers.models import HourRecord, RelativeLink, TimeTransfer
from volunteers.permissions import can_check_relatives
from volunteers.policy import policy_get
from volunteers.services.common import home_community, refuse

MINUTE = Currency.MINUTE
MAX_TRANSFER_MINUTES = 1500 * 60


def pool_account(community: Node) -> Account:
    return system_account(
        f"community:{community.pk}:time_bank_pool",
        MINUTE,
        name=f"{community.name} 时间银行公益池",
    )


def cap_apply(*, user, account: Account, community: Node, origin_key: str) -> int:
    """Send exactly what exceeds the cap to the community pool; returns the minutes moved.

    `account.balance` is the balance the ledger just wrote in this transaction (the row stays
    locked until commit), so the excess is computed from the true figure.
    """
    cap = policy_get(community).storage_cap_hours * 60
    excess = account.balance - cap
    if excess <= 0:
        return 0
    posting_create(
        debit=account,
        credit=pool_account(community),
        amount=excess,
        key=f"volunteers:cap:{origin_key}",
        reason=_("Above the time-bank cap, donated to the community pool"),
        actor=None,
        overall=False,
    )
    return excess


def time_deposit(*, record: HourRecord, actor) -> int:
    """Deposit a verified record's minutes (and points, if converted); inside the caller's
    transaction. Returns the minutes sent to the pool by the cap."""
    key = f"volunteers:hours:{record.pk}"
    boards = [f"team:{record.team_id}"] if record.team_id else []
    posting = points_award(
        user=record.volunteer,
        amount=record.minutes_verified,
        key=key,
        reason=_("Verified service: %(content)s") % {"content": record.content},
        source=record,
        currency=MINUTE,
        boards=boards,
        actor=actor,
    )
    moved = 0
    if posting.is_new:
        account = Account.objects.get(pk=posting.credit_id)
        moved = cap_apply(
            user=record.volunteer,
            account=account,
            community=_community(record.node),
            origin_key=key,
        )
    points = policy_get(record.node).points_per_hour * record.minutes_verified // 60
    if points > 0:
        points_award(
            user=record.volunteer,
            amount=points,
            key=f"volunteers:points:{record.pk}",
            reason=_("Points for verified volunteer service"),
            source=record,
            actor=actor,
        )
    return moved


def _community(node: Node) -> Node:
    return node.community or node


# --- relatives -------------------------------------------------------------------------------


def _same_household(user, other) -> bool:
    from communities.selectors import households_of_user

    mine = set(households_of_user(user).values_list("pk", flat=True))
    return bool(mine) and households_of_user(other).filter(pk__in=mine).exists()


@transaction.atomic
def relative_link_request(*, user, relative_login: str, relation: str) -> RelativeLink:
    """Record a spouse or direct relative. Members of one approved household are verified at
    once; anyone else waits for the community to check the relation."""
    relative = user_get_by_login(relative_login)
    if relative is None or not relative.is_active:
        raise refuse(_("No account was found for this phone number."), "relative_not_found")
    if relative.pk == user.pk:
        raise refuse(_("You cannot add yourself."), "relative_self")
    if relation not in RelativeLink.Relation.values:
        raise refuse(_("Please choose the relation."), "invalid_relation")
    community = home_community(user)
    verified = _same_household(user, relative)
    try:
        with transaction.atomic():
            link = RelativeLink.objects.create(
                user=user,
                relative=relative,
                node=community,
                relation=relation,
                status=RelativeLink.Status.VERIFIED if verified else RelativeLink.Status.PENDING,
                decided_at=timezone.now() if verified else None,
            )
    except IntegrityError:
        raise refuse(_("This relative is already recorded."), "relative_exists")
    audit_record(
        actor=user,
        action="volunteers.relative_add",
        target=link,
        scope_path=community.path,
        details={"relation": relation, "auto_verified": verified},
    )
    return link


@transaction.atomic
def relative_link_decide(*, actor, link: RelativeLink, approve: bool) -> RelativeLink:
    link = (
        RelativeLink.objects.select_for_update(of=("self",)).select_related("node").get(pk=link.pk)
    )
    if not can_check_relatives(actor, link.node):
        raise refuse(_("Only community staff can check relations."), "forbidden")
    wanted = RelativeLink.Status.VERIFIED if approve else RelativeLink.Status.REJECTED
    if link.status == wanted:
        return link
    link.status = wanted
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="volunteers.relative_verify" if approve else "volunteers.relative_reject",
        target=link,
        scope_path=link.node.path,
    )
    return link


def minutes_check(minutes: int) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise refuse(_("Please enter a positive amount of time."), "invalid_amount")
    if minutes > MAX_TRANSFER_MINUTES:
        raise refuse(_("This amount is too large."), "invalid_amount")


def _transfer_for_request(
    *, user, request_key: str, kind: str, recipient_id: int | None, minutes: int
) -> TimeTransfer | None:
    """The transfer this request key already made, if any (a resent request); refused
    (code key_conflict) when the key was used for a different transfer."""
    existing = TimeTransfer.objects.filter(sender=user, request_key=request_key).first()
    if existing is None:
        return None
    if (existing.kind, existing.recipient_id, existing.minutes) != (kind, recipient_id, minutes):
        raise refuse(
            _("This request was already used for another transfer; reload the page and try again."),
            "key_conflict",
        )
    existing.is_new = False
    return existing


def _transfer_insert(**fields) -> TimeTransfer | None:
    """Insert a transfer, or None when a twin request with the same key got there first (the
    unique key makes the twin wait for the first one's commit, then fail here)."""
    try:
        with transaction.atomic():
            transfer = TimeTransfer.objects.create(**fields)
    except IntegrityError:
        if TimeTransfer.objects.filter(
            sender=fields["sender"], request_key=fields["request_key"]
        ).exists():
            return None
        raise
    transfer.is_new = True
    return transfer


@transaction.atomic
def time_transfer_to_relative(*, user, relative, minutes: int, request_key: str) -> TimeTransfer:
    """Give time credits to a verified spouse or direct relative; never to anyone else.

    Once per `request_key`: a resent request returns the first transfer (`is_new` False).
    Refusals (codes): invalid_request, invalid_amount, not_a_relative, key_conflict,
    insufficient_balance.
    """
    request_key_check(request_key)
    minutes_check(minutes)
    replayed = partial(
        _transfer_for_request,
        user=user,
        request_key=request_key,
        kind=TimeTransfer.Kind.RELATIVE,
        recipient_id=relative.pk,
        minutes=minutes,
    )
    existing = replayed()
    if existing is not None:
        return existing
    link = RelativeLink.objects.filter(
        user=user, relative=relative, status=RelativeLink.Status.VERIFIED
    ).first()
    if link is None:
        raise refuse(
            _("Time credits can only go to a recorded spouse or direct relative."),
            "not_a_relative",
        )
    transfer = _transfer_insert(
        kind=TimeTransfer.Kind.RELATIVE,
        sender=user,
        recipient=relative,
        node=link.node,
        minutes=minutes,
        request_key=request_key,
    )
    if transfer is None:
        return replayed()
    key = f"volunteers:transfer:{transfer.pk}"
    posting = posting_create(
        debit=account_for_user(user, MINUTE),
        credit=account_for_user(relative, MINUTE),
        amount=minutes,
        key=key,
        reason=_("Time credits given to a relative"),
        source=transfer,
        actor=user,
        overall=False,
    )
    account = Account.objects.get(pk=posting.credit_id)
    cap_apply(user=relative, account=account, community=link.node, origin_key=key)
    audit_record(
        actor=user,
        action="volunteers.time_transfer",
        target=transfer,
        scope_path=link.node.path,
        details={"to": relative.pk, "minutes": minutes},
    )
    notify(
        relative,
        title=_("%(name)s gave you %(hours)s hours of time credits")
        % {"name": user, "hours": f"{minutes / 60:g}"},
        url=reverse("volunteers:timebank"),
        category="volunteers",
        dedupe_key=f"volunteers:transfer:{transfer.pk}",
    )
    return transfer


@transaction.atomic
def time_donate(*, user, minutes: int, request_key: str) -> TimeTransfer:
    """Donate time credits to the community pool (公益池); once per `request_key`."""
    request_key_check(request_key)
    minutes_check(minutes)
    replayed = partial(
        _transfer_for_request,
        user=user,
        request_key=request_key,
        kind=TimeTransfer.Kind.DONATION,
        recipient_id=None,
        minutes=minutes,
    )
    existing = replayed()
    if existing is not None:
        return existing
    community = home_community(user)
    transfer = _transfer_insert(
        kind=TimeTransfer.Kind.DONATION,
        sender=user,
        node=community,
        minutes=minutes,
        request_key=request_key,
    )
    if transfer is None:
        return replayed()
    posting_create(
        debit=account_for_user(user, MINUTE),
        credit=pool_account(community),
        amount=minutes,
        key=f"volunteers:transfer:{transfer.pk}",
        reason=_("Donated to the community time-bank pool"),
        source=transfer,
        actor=user,
    )
    audit_record(
        actor=user,
        action="volunteers.time_donate",
        target=transfer,
        scope_path=community.path,
        details={"minutes": minutes},
    )
    return transfer
