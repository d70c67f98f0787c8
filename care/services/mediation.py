"""Mediation: open a dispute with its parties, hold sessions, close it, follow it up.

The transitions are few and explicit (TRANSITIONS below): a dispute is mediated while open and
closes once, as agreed, failed or referred; closed, it takes only follow-ups.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.phones import normalize_phone
from care.access import care_access_for_user
from care.common import care_audit, refuse
from care.models import Dispute, DisputeFollowUp, DisputeParty, MediationSession
from communities.models import Node

TRANSITIONS = {
    Dispute.Status.OPEN: {Dispute.Status.AGREED, Dispute.Status.FAILED, Dispute.Status.REFERRED}
}
MAX_PARTIES = 10


def _require(actor, node: Node) -> None:
    if not care_access_for_user(actor).mediates.contains(node):
        raise refuse(_("You do not mediate disputes at this place."))


@transaction.atomic
def dispute_open(
    *,
    actor,
    node: Node,
    title: str,
    summary: str,
    kind: str,
    parties: list[dict],
    case=None,
) -> Dispute:
    """Open a dispute at a place of the actor's mediation area, with at least two parties."""
    _require(actor, node)
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title or not summary:
        raise refuse(_("Give a title and say what the dispute is about."), "text_required")
    if kind not in Dispute.Kind.values:
        raise refuse(_("Choose the kind of dispute."), "bad_kind")
    named = [p for p in parties if (p.get("name") or "").strip()]
    if not 2 <= len(named) <= MAX_PARTIES:
        raise refuse(_("Name at least two parties."), "parties_required")
    if case is not None and not case.node.overlaps(node):
        raise refuse(_("The case is at another place."), "bad_case")
    dispute = Dispute.objects.create(
        node=node,
        title=title[:100],
        summary=summary[:2000],
        kind=kind,
        mediator=actor,
        case=case,
        opened_at=timezone.now(),
    )
    for party in named:
        phone = (party.get("phone") or "").strip()
        DisputeParty.objects.create(
            dispute=dispute,
            name=party["name"].strip()[:50],
            phone=normalize_phone(phone)[:20] if phone else "",
            side=party.get("side") or DisputeParty.Side.APPLICANT,
        )
    care_audit(actor=actor, action="dispute.open", target=dispute, node=node, kind=kind)
    return dispute


def _locked(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update().select_related("node").get(pk=dispute.pk)


@transaction.atomic
def dispute_session_add(*, actor, dispute: Dispute, held_at: datetime.datetime, notes: str):
    dispute = _locked(dispute)
    _require(actor, dispute.node)
    if dispute.status != Dispute.Status.OPEN:
        raise refuse(_("This dispute is closed."), "closed")
    notes = (notes or "").strip()
    if not notes:
        raise refuse(_("Write what happened at the session."), "notes_required")
    if held_at > timezone.now() + datetime.timedelta(minutes=5):
        raise refuse(_("A session cannot be in the future."), "bad_time")
    session = MediationSession.objects.create(
        dispute=dispute, held_at=held_at, notes=notes[:4000], recorded_by=actor
    )
    care_audit(actor=actor, action="dispute.session", target=dispute, node=dispute.node)
    return session


@transaction.atomic
def dispute_close(
    *,
    actor,
    dispute: Dispute,
    status: str,
    level: str,
    outcome: str,
    agreement_terms: str = "",
    agreed_on: datetime.date | None = None,
    follow_up_on: datetime.date | None = None,
) -> Dispute:
    """Close with an outcome and the level it was settled at; an agreement needs its terms and
    date (the PDF the parties sign is made from them)."""
    dispute = _locked(dispute)
    _require(actor, dispute.node)
    if status not in TRANSITIONS.get(dispute.status, set()):
        raise refuse(_("This dispute cannot be closed that way now."), "bad_transition")
    if level not in Dispute.Level.values:
        raise refuse(_("Say at which level it was settled."), "bad_level")
    outcome = (outcome or "").strip()
    if not outcome:
        raise refuse(_("Describe the outcome."), "outcome_required")
    if status == Dispute.Status.AGREED:
        if not (agreement_terms or "").strip() or agreed_on is None:
            raise refuse(_("An agreement needs its terms and date."), "terms_required")
        if agreed_on > timezone.localdate():
            raise refuse(_("The agreement date cannot be in the future."), "bad_date")
    dispute.status, dispute.settled_level, dispute.outcome = status, level, outcome[:2000]
    dispute.agreement_terms = (agreement_terms or "").strip()[:4000]
    dispute.agreed_on = agreed_on if status == Dispute.Status.AGREED else None
    dispute.closed_at = timezone.now()
    dispute.save()
    if follow_up_on is not None:
        DisputeFollowUp.objects.create(dispute=dispute, due_on=follow_up_on)
    care_audit(
        actor=actor,
        action="dispute.close",
        target=dispute,
        node=dispute.node,
        status=status,
        level=level,
    )
    return dispute


@transaction.atomic
def dispute_follow_up_done(*, actor, follow_up: DisputeFollowUp, note: str) -> DisputeFollowUp:
    follow_up = (
        DisputeFollowUp.objects.select_for_update()
        .select_related("dispute__node")
        .get(pk=follow_up.pk)
    )
    _require(actor, follow_up.dispute.node)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.note = (note or "").strip()[:500]
        follow_up.save(update_fields=["done_at", "note"])
        care_audit(
            actor=actor,
            action="dispute.follow_up",
            target=follow_up.dispute,
            node=follow_up.dispute.node,
        )
    return follow_up
