"""Receipts: a resident reads or confirms, a captain marks a household told, and the
door-knock lists go to captains once the notice's time has come."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.acting import act_for_record
from communities.models import Household, Post
from communities.scoping import CAPTAIN_POSTS, scope_for_user
from core.layout import layout_forget
from notices import selectors
from notices.models import Delivery, Notice
from notifications.models import Message
from notifications.services import notify


def notice_read(*, notice: Notice, user) -> Delivery | None:
    """The recipient opened the notice: the receipt and the inbox message are marked read
    (the first time only). Not a recipient: nothing happens."""
    now = timezone.now()
    updated = Delivery.objects.filter(notice=notice, user=user, read_at__isnull=True).update(
        read_at=now
    )
    if updated:
        Message.objects.filter(
            dedupe_key=f"notice:{notice.pk}:{user.pk}", read_at__isnull=True
        ).update(read_at=now)
        layout_forget([user.pk])
    return Delivery.objects.filter(notice=notice, user=user).first()


@transaction.atomic
def notice_confirm(*, notice: Notice, person, actor) -> Delivery:
    """`person` confirms the notice (回执); `actor` is who pressed the button.

    Acting for someone else (代办) needs the person's home in the actor's scope and is audited
    naming both ("by X for Y"). Confirming twice changes nothing. Refused: a notice that asks
    no confirmation (`no_confirmation`), someone who did not receive it (`not_recipient`), a
    person outside the actor's scope (`out_of_scope`).
    """
    if not notice.needs_confirmation:
        raise ValidationError(_("This notice does not ask for a confirmation."), "no_confirmation")
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("household__node")
        .filter(notice=notice, user=person)
        .first()
    )
    if delivery is None:
        raise ValidationError(_("This notice was not sent to this person."), "not_recipient")
    on_behalf = actor.pk != person.pk
    if on_behalf and not (
        delivery.household and scope_for_user(actor).contains(delivery.household.node)
    ):
        raise ValidationError(
            _("You can only act for residents of the places you look after."), "out_of_scope"
        )
    if delivery.confirmed_at is not None:
        return delivery
    now = timezone.now()
    delivery.confirmed_at = now
    delivery.read_at = delivery.read_at or now
    delivery.confirmed_by = actor if on_behalf else None
    delivery.save(update_fields=["confirmed_at", "read_at", "confirmed_by"])
    act_for_record(
        actor=actor,
        person=person,
        action="notices.confirm",
        target=notice,
        scope_path=notice.node.path,
    )
    return delivery


@transaction.atomic
def notice_mark_told(*, notice: Notice, household: Household, via: str, actor) -> int:
    """A captain told the household at the door or by phone: every recipient of it not yet
    reached counts as reached. Returns how many receipts changed (0 the second time)."""
    if via not in Delivery.ToldVia.values:
        raise ValidationError(_("Say how the household was told."), "invalid")
    if not scope_for_user(actor).contains(household.node):
        raise ValidationError(
            _("You can only act for residents of the places you look after."), "out_of_scope"
        )
    pending = Delivery.objects.filter(notice=notice, household=household).exclude(
        selectors.reached_q(notice)
    )
    changed = pending.update(told_at=timezone.now(), told_via=via, told_by=actor)
    if changed:
        audit_record(
            actor=actor,
            action="notices.told",
            target=notice,
            scope_path=household.node.path,
            details={"household": household.pk, "via": via, "receipts": changed},
        )
    return changed


def _captain_posts(notice: Notice):
    """Current captain posts over the notice's place or under it."""
    node = notice.node
    return (
        Post.objects.filter(kind__in=CAPTAIN_POSTS, ends_on__isnull=True)
        .filter(node.subtree_q("node") | Q(node__code__in=node.ancestor_codes))
        .select_related("node", "user")
    )


def notice_knock_lists_send(*, notice_id: int) -> int:
    """Tell each captain with households not reached under their place that their door-knock
    list is ready. Idempotent: the notice is marked when sent, and each message has a dedupe
    key, so running it twice sends nothing more. Returns the captains told this time."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("node").get(pk=notice_id)
        if notice.knock_sent_at is not None or notice.fanout_status != Notice.Fanout.DONE:
            return 0
        unreached = selectors.unreached_households(notice=notice)
        paths = list(
            Household.objects.filter(pk__in=unreached).values_list("node__path", flat=True)
        )
        told = 0
        url = reverse("notices:knock", args=[notice.pk])
        for post in _captain_posts(notice):
            count = sum(1 for path in paths if post.node.holds_path(path))
            if not count:
                continue
            result = notify(
                post.user,
                title=_("Door-knock list: %(n)d households not reached") % {"n": count},
                body=notice.title,
                url=url,
                category="notice_knock",
                email=False,
                important=True,
                dedupe_key=f"notice-knock:{notice.pk}:{post.user_id}",
            )
            told += int(result.created)
        notice.knock_sent_at = timezone.now()
        notice.save(update_fields=["knock_sent_at"])
    return told


def notices_knock_due() -> list[int]:
    """Notices whose door-knock time has come and whose lists were not sent yet."""
    return list(
        Notice.objects.filter(
            knock_after__lte=timezone.now(),
            knock_sent_at__isnull=True,
            fanout_status=Notice.Fanout.DONE,
        ).values_list("pk", flat=True)
    )
