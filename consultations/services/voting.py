"""Consultations: creating and publishing (the electorate is fixed then), ballots online and on
paper, the opening and closing notices, and the close with its frozen tally."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from consultations.models import Ballot, Consultation, Matter, Option, Voter
from consultations.selectors import (
    consultation_tally,
    electorate_compute,
    owned_households_without_area,
    tally_as_record,
    user_manages_node,
    voter_for_user,
    voters_to_notify,
)
from core.outbox import enqueue_after_commit
from notifications.services import notify


def _require_manager(actor, node: Node) -> None:
    if not user_manages_node(actor, node):
        raise ValidationError(
            _("Only the council or community staff of this place may do this."), code="forbidden"
        )


@transaction.atomic
def consultation_create(
    *,
    actor,
    matter: Matter,
    node: Node,
    question: str,
    electorate: str,
    choice_kind: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    options: list[str] | None = None,
    max_choices: int = 1,
    owner_matter: str = "",
    explanation: str = "",
    hide_results_until_close: bool = True,
) -> Consultation:
    """A draft consultation on an accepted matter; nothing is sent until it is published."""
    _require_manager(actor, matter.node)
    if matter.status != Matter.Status.ACCEPTED:
        raise ValidationError(
            _("Only a matter under discussion can be put to a vote."), code="matter_not_accepted"
        )
    if not node.is_descendant_of(matter.node):
        raise ValidationError(
            _("The voting place must be the matter's place or inside it."), code="bad_place"
        )
    question = question.strip()
    if not question:
        raise ValidationError(_("Write the question."), code="invalid")
    if (
        electorate not in Consultation.Electorate.values
        or choice_kind not in Consultation.ChoiceKind.values
    ):
        raise ValidationError(_("Choose who votes and the kind of answer."), code="invalid")
    if closes_at <= opens_at:
        raise ValidationError(_("Voting must close after it opens."), code="bad_window")
    if electorate == Consultation.Electorate.OWNERS:
        if choice_kind != Consultation.ChoiceKind.YES_NO:
            raise ValidationError(
                _("Owners' decisions are agree / disagree / abstain questions."),
                code="owners_yes_no",
            )
        if owner_matter not in Consultation.OwnerMatter.values:
            raise ValidationError(
                _("Say whether this is an ordinary or a special owners' matter."),
                code="owner_matter_required",
            )
    else:
        owner_matter = ""
    labels = [label.strip() for label in (options or []) if label and label.strip()]
    if choice_kind == Consultation.ChoiceKind.YES_NO:
        labels, max_choices = [], 1
    else:
        if len(labels) < 2 or len(set(labels)) != len(labels):
            raise ValidationError(
                _("Give at least two different options."), code="options_required"
            )
        if choice_kind == Consultation.ChoiceKind.SINGLE:
            max_choices = 1
        elif not 1 <= max_choices <= len(labels):
            raise ValidationError(
                _("The most choices must be between 1 and the number of options."),
                code="bad_max_choices",
            )
    consultation = Consultation.objects.create(
        matter=matter,
        node=node,
        question=question,
        explanation=explanation.strip(),
        electorate=electorate,
        choice_kind=choice_kind,
        max_choices=max_choices,
        owner_matter=owner_matter,
        opens_at=opens_at,
        closes_at=closes_at,
        hide_results_until_close=hide_results_until_close,
        created_by=actor,
    )
    if choice_kind == Consultation.ChoiceKind.YES_NO:
        rows = [
            Option(consultation=consultation, label=str(code.label), code=code.value, position=i)
            for i, code in enumerate(Option.Code)
        ]
    else:
        rows = [
            Option(consultation=consultation, label=label, position=i)
            for i, label in enumerate(labels)
        ]
    Option.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="consultations.consultation_create",
        target=consultation,
        scope_path=node.path,
        details={"electorate": electorate, "choice_kind": choice_kind, "matter_id": matter.pk},
    )
    return consultation


@transaction.atomic
def consultation_publish(*, actor, consultation: Consultation) -> Consultation:
    """Fix the electorate from today's residents register and make the consultation public."""
    consultation = (
        Consultation.objects.select_for_update().select_related("node").get(pk=consultation.pk)
    )
    _require_manager(actor, consultation.node)
    if consultation.status != Consultation.Status.DRAFT:
        raise ValidationError(_("This consultation is already published."), code="not_draft")
    if consultation.closes_at <= timezone.now():
        raise ValidationError(_("The closing time has already passed."), code="bad_window")
    if consultation.electorate == Consultation.Electorate.OWNERS:
        missing = owned_households_without_area(node=consultation.node).count()
        if missing:
            raise ValidationError(
                _(
                    "%(n)d owners' homes have no floor area recorded; owners' votes count by "
                    "area, so record them first."
                )
                % {"n": missing},
                code="missing_floor_area",
            )
    rows = electorate_compute(node=consultation.node, kind=consultation.electorate)
    if not rows:
        raise ValidationError(
            _("Nobody in this place can vote yet (no approved residents)."),
            code="empty_electorate",
        )
    Voter.objects.bulk_create(
        [
            Voter(
                consultation=consultation,
                user_id=row.user_id,
                household_id=row.household_id,
                area=row.area,
                label=row.label[:200],
            )
            for row in rows
        ],
        batch_size=1000,
    )
    consultation.electorate_size = len(rows)
    consultation.electorate_area = sum((row.area for row in rows), Decimal(0))
    consultation.status = Consultation.Status.PUBLISHED
    consultation.published_at = timezone.now()
    consultation.save(
        update_fields=["electorate_size", "electorate_area", "status", "published_at"]
    )
    audit_record(
        actor=actor,
        action="consultations.consultation_publish",
        target=consultation,
        scope_path=consultation.node.path,
        details={
            "electorate_size": consultation.electorate_size,
            "electorate_area": str(consultation.electorate_area),
        },
    )
    if consultation.opens_at <= timezone.now():
        enqueue_after_commit(
            "consultations.tasks.consultation_notify_opening_task", consultation.pk
        )
    return consultation


def _check_choices(consultation: Consultation, option_ids: list[int]) -> list[Option]:
    ids = list(dict.fromkeys(int(i) for i in option_ids))
    options = list(Option.objects.filter(consultation=consultation, pk__in=ids))
    if not ids or len(options) != len(ids):
        raise ValidationError(_("Choose one of the options."), code="bad_choice")
    if len(ids) > consultation.max_choices:
        raise ValidationError(
            _("Choose at most %(n)d options.") % {"n": consultation.max_choices},
            code="too_many_choices",
        )
    return options


def _check_window(consultation: Consultation) -> None:
    state = consultation.window_state()
    if state == "upcoming":
        raise ValidationError(_("Voting has not opened yet."), code="not_open")
    if state != "open":
        raise ValidationError(_("Voting has closed."), code="closed")


def _store(*, consultation, voter, options, channel, cast_by) -> tuple[Ballot, str | None]:
    """Create or replace the voter's one ballot; returns it and the channel it replaced."""
    ballot = Ballot.objects.filter(voter=voter).first()
    previous = ballot.channel if ballot else None
    if ballot is None:
        ballot = Ballot.objects.create(
            consultation=consultation,
            voter=voter,
            channel=channel,
            cast_by=cast_by,
            cast_at=timezone.now(),
        )
    else:
        ballot.channel = channel
        ballot.cast_by = cast_by
        ballot.cast_at = timezone.now()
        ballot.changes += 1
        ballot.save(update_fields=["channel", "cast_by", "cast_at", "changes"])
    ballot.options.set(options)
    return ballot, previous


@transaction.atomic
def ballot_cast(*, user, consultation: Consultation, option_ids: list[int]) -> Ballot:
    """A resident casts (or changes, until the close) their ballot, or their household's.

    The voter row is locked first, so two submissions at once (two phones, two family members)
    queue and leave one ballot. After staff entered a paper ballot for the voter, only staff
    may change it.
    """
    consultation = Consultation.objects.select_related("node").get(pk=consultation.pk)
    _check_window(consultation)
    voter = voter_for_user(consultation=consultation, user=user)
    if voter is None:
        raise ValidationError(
            _("You are not among the voters of this consultation."), code="not_in_electorate"
        )
    voter = Voter.objects.select_for_update().get(pk=voter.pk)
    options = _check_choices(consultation, option_ids)
    existing = Ballot.objects.filter(voter=voter).only("channel").first()
    if existing is not None and existing.channel == Ballot.Channel.PAPER:
        raise ValidationError(
            _("Staff recorded a paper ballot for you. Ask them if it needs changing."),
            code="paper_ballot_recorded",
        )
    ballot, previous = _store(
        consultation=consultation,
        voter=voter,
        options=options,
        channel=Ballot.Channel.ONLINE,
        cast_by=user,
    )
    # The audit says that a ballot was cast or changed, never what it says (secret ballot).
    audit_record(
        actor=user,
        action="consultations.ballot_cast",
        target=consultation,
        scope_path=consultation.node.path,
        details={"voter_id": voter.pk, "changed": previous is not None},
    )
    return ballot


@transaction.atomic
def ballot_enter_paper(
    *, actor, consultation: Consultation, voter: Voter, option_ids: list[int]
) -> Ballot:
    """Staff enter a paper ballot for a resident who cannot vote online.

    Paper wins: it replaces an online ballot of the same voter (the one row per voter means the
    two can never both count), and the replacement is audited.
    """
    consultation = Consultation.objects.select_related("node").get(pk=consultation.pk)
    _require_manager(actor, consultation.node)
    _check_window(consultation)
    voter = Voter.objects.select_for_update().get(pk=voter.pk)
    if voter.consultation_id != consultation.pk:
        raise ValidationError(
            _("This person is not among the voters of this consultation."),
            code="not_in_electorate",
        )
    options = _check_choices(consultation, option_ids)
    ballot, previous = _store(
        consultation=consultation,
        voter=voter,
        options=options,
        channel=Ballot.Channel.PAPER,
        cast_by=actor,
    )
    audit_record(
        actor=actor,
        action="consultations.ballot_paper",
        target=consultation,
        scope_path=consultation.node.path,
        # The 代办 shape (communities.acting): the resident's receipt finds the entry by it.
        details={
            "voter_id": voter.pk,
            "replaced": previous,
            "for_user": voter.user_id,
            "by_user": actor.pk,
        },
    )
    return ballot


@transaction.atomic
def consultation_notify_opening(*, consultation: Consultation) -> int:
    """Tell every voter that voting is open; once per consultation (returns how many told)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.opening_notified_at is not None or consultation.window_state() != "open":
        return 0
    consultation.opening_notified_at = timezone.now()
    consultation.save(update_fields=["opening_notified_at"])
    url = reverse("consultations:consultation", args=[consultation.pk])
    closes = timezone.localtime(consultation.closes_at)
    people = voters_to_notify(consultation)
    for user in people:
        notify(
            user,
            title=_("Voting is open: %(q)s") % {"q": consultation.question},
            body=_("Please vote before %(t)s.") % {"t": closes.strftime("%Y-%m-%d %H:%M")},
            url=url,
            category="consultations",
            dedupe_key=f"consultations-{consultation.pk}-open-{user.pk}",
        )
    return len(people)


@transaction.atomic
def consultation_remind_closing(*, consultation: Consultation) -> int:
    """A day before the close, remind the voters who have not voted yet; once."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.closing_reminded_at is not None or consultation.window_state() != "open":
        return 0
    consultation.closing_reminded_at = timezone.now()
    consultation.save(update_fields=["closing_reminded_at"])
    voted_users = set(
        Ballot.objects.filter(consultation=consultation).values_list("voter__user_id", flat=True)
    )
    voted_households = set(
        Ballot.objects.filter(consultation=consultation).values_list(
            "voter__household_id", flat=True
        )
    )
    url = reverse("consultations:consultation", args=[consultation.pk])
    closes = timezone.localtime(consultation.closes_at)
    told = 0
    for user in voters_to_notify(consultation):
        if user.pk in voted_users:
            continue
        if consultation.electorate == Consultation.Electorate.HOUSEHOLDS:
            voter = voter_for_user(consultation=consultation, user=user)
            if voter is not None and voter.household_id in voted_households:
                continue
        notify(
            user,
            title=_("Voting closes soon: %(q)s") % {"q": consultation.question},
            body=_("Voting closes at %(t)s.") % {"t": closes.strftime("%Y-%m-%d %H:%M")},
            url=url,
            category="consultations",
            important=True,  # by SMS to those who chose it (notifications.channels)
            dedupe_key=f"consultations-{consultation.pk}-closing-{user.pk}",
        )
        told += 1
    return told


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor=None) -> Consultation:
    """After the closing time: freeze the tally as the record and mark it closed (once)."""
    consultation = (
        Consultation.objects.select_for_update().select_related("node").get(pk=consultation.pk)
    )
    if consultation.status != Consultation.Status.PUBLISHED:
        return consultation
    if timezone.now() < consultation.closes_at:
        raise ValidationError(_("Voting has not closed yet."), code="not_closed")
    tally = consultation_tally(consultation)
    consultation.result = tally_as_record(tally)
    consultation.status = Consultation.Status.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["result", "status", "closed_at"])
    audit_record(
        actor=actor,
        action="consultations.consultation_close",
        target=consultation,
        scope_path=consultation.node.path,
        details=consultation.result,
    )
    return consultation
