"""Acting for a resident (代办): one rule for who may act for whom, one audit shape, the
registration of residents with no phone or log-in, and the links other apps offer.

A service that a resident calls takes the person acted for and the actor. When they differ,
`act_for_check` requires the person's approved home to lie in the actor's scope (captains
for their building, staff for their place), and `act_for_record` writes the audit entry in
the service's transaction naming both people: action `<app>.<verb>_for`, details
`{"for_user": person, "by_user": actor}`. The resident's printable receipt reads that entry
(`communities.views_acting`), so every on-behalf action gets one the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import user_create_without_login
from audit.models import AuditEntry
from audit.services import audit_record
from communities.models import ActingConsent, Household, Residency
from communities.scoping import scope_for_user

ON_BEHALF_SUFFIX = "_for"

# What a receipt says was done, by audit action. Apps name their actions here (strings only).
ACTION_LABELS = {
    "cases.report_for": gettext_lazy("Reported a problem"),
    "events.register_for": gettext_lazy("Registered for an activity"),
    "volunteers.wish_post_for": gettext_lazy("Posted a wish (微心愿)"),
    "surveys.answer_for": gettext_lazy("Answered a survey"),
    "surveys.needs_mark_for": gettext_lazy("Marked needs on the needs list"),
    "notices.confirm_for": gettext_lazy("Confirmed having read a notice"),
    "consultations.ballot_paper": gettext_lazy("Entered a paper ballot"),
    "bookings.meal_order_for": gettext_lazy("Ordered a meal"),
    "communities.resident_register_for": gettext_lazy("Registered as a resident"),
}


def homes_of(person) -> QuerySet[Household]:
    """The person's approved households (with their places)."""
    return Household.objects.filter(
        residencies__user=person, residencies__status=Residency.Status.APPROVED
    ).select_related("node")


def may_act_for(*, actor, person) -> bool:
    """The actor is the person, or the person lives in the actor's scope."""
    if actor.pk == person.pk:
        return True
    scope = scope_for_user(actor)
    if scope.is_empty:
        return False
    return scope.filter(homes_of(person), "node").exists()


def act_for_check(*, actor, person) -> bool:
    """Refuse (`out_of_scope`) acting for someone outside the actor's scope; answer whether
    this is acting for someone else."""
    if not may_act_for(actor=actor, person=person):
        raise ValidationError(
            _("You can only act for residents of the places you look after."), "out_of_scope"
        )
    return actor.pk != person.pk


def act_for_record(
    *, actor, person, action: str, target=None, scope_path: str = "", details=None
) -> AuditEntry:
    """The audit entry of an action, naming both people when done for someone else."""
    details = dict(details or {})
    if actor.pk != person.pk:
        action += ON_BEHALF_SUFFIX
        details.update({"for_user": person.pk, "by_user": actor.pk})
    return audit_record(
        actor=actor, action=action, target=target, scope_path=scope_path, details=details
    )


def done_for(*, person) -> QuerySet[AuditEntry]:
    """What others did for the person, newest first (their receipts)."""
    return AuditEntry.objects.filter(details__for_user=person.pk).select_related("actor")


def receipt_label(entry: AuditEntry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action))


@transaction.atomic
def resident_register_for(
    *,
    actor,
    household: Household,
    real_name: str,
    phone: str = "",
    relation: str = Residency.Relation.HEAD,
    residence_type: str = Residency.ResidenceType.REGISTERED,
    is_owner: bool = False,
    consent: bool,
    given: str,
    note: str = "",
):
    """A captain or staff member registers a resident with no phone or web log-in in a home
    they look after, with the resident's consent; the home link is approved at once (the
    actor vouches for it). Refused: no consent (`consent_required`), a home outside the
    actor's scope (`out_of_scope`), and the account's refusals (`name_required`,
    `invalid_phone`, `phone_taken`)."""
    if not consent or given not in ActingConsent.Given.values:
        raise ValidationError(
            _("Record the resident's consent before registering them."), "consent_required"
        )
    if not scope_for_user(actor).contains(household.node):
        raise ValidationError(
            _("You can only act for residents of the places you look after."), "out_of_scope"
        )
    person = user_create_without_login(real_name=real_name, phone=phone)
    now = timezone.now()
    Residency.objects.create(
        user=person,
        household=household,
        relation=relation,
        residence_type=residence_type,
        is_owner=is_owner,
        status=Residency.Status.APPROVED,
        decided_by=actor,
        decided_at=now,
    )
    ActingConsent.objects.create(
        person=person,
        household=household,
        registered_by=actor,
        given=given,
        note=note.strip()[:200],
        given_at=now,
    )
    act_for_record(
        actor=actor,
        person=person,
        action="communities.resident_register",
        target=household,
        scope_path=household.node.path,
        details={"consent": given, "has_phone": bool(person.phone)},
    )
    return person


@dataclass(frozen=True)
class ActingLink:
    """One thing an app lets a captain do for the person: a page, or a button that posts."""

    label: str
    url: str
    post: bool = False


ActingLinkProvider = Callable[..., list[ActingLink]]
_providers: list[ActingLinkProvider] = []


def register_acting_links(provider: ActingLinkProvider) -> None:
    """An app above communities offers its on-behalf actions: provider(actor=, person=)."""
    if provider not in _providers:
        _providers.append(provider)


def acting_links(*, actor, person) -> list[ActingLink]:
    links: list[ActingLink] = []
    for provider in _providers:
        links += provider(actor=actor, person=person)
    return links
