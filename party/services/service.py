"""双报到: members report to their home community, claim its service posts; the yearly report
per member and per employer unit, whose totals are the verified volunteer hours."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from notifications.services import notify
from party.models import CoBuildingUnit, PartyMember, PostClaim, ServicePost, ServiceReport
from party.services.common import check_scope
from volunteers.models import HourRecord, Wish


@transaction.atomic
def in_service_report(
    *, user, community: Node, work_unit: str, employer: CoBuildingUnit | None = None, on=None
) -> PartyMember:
    """The member's own 双报到 to the community they live in (employer unit optional)."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Members report to a community."), code="bad_place")
    if not work_unit.strip() and employer is None:
        raise ValidationError(_("Give your employer unit."), code="no_unit")
    member, created = PartyMember.objects.update_or_create(
        user=user,
        defaults={
            "reported_community": community,
            "is_in_service": True,
            "work_unit": (work_unit.strip() or employer.name)[:100],
            "employer": employer,
            "reported_on": on or datetime.date.today(),
            "left_on": None,
        },
    )
    audit_record(
        actor=user,
        action="party.in_service_report",
        target=member,
        scope_path=community.path,
        details={"created": created, "employer_id": employer.pk if employer else None},
    )
    return member


@transaction.atomic
def service_post_publish(
    *, actor, community: Node, title: str, places: int, description: str = ""
) -> ServicePost:
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Posts are published by a community."), code="bad_place")
    check_scope(actor, community)
    if places < 1:
        raise ValidationError(_("A post needs at least one place."), code="no_places")
    post = ServicePost.objects.create(
        community=community, title=title.strip(), description=description.strip(), places=places
    )
    audit_record(
        actor=actor,
        action="party.service_post_publish",
        target=post,
        scope_path=community.path,
        details={"places": places},
    )
    return post


@transaction.atomic
def service_post_claim(*, user, post: ServicePost) -> PostClaim:
    """An in-service member reported to the post's community takes one of its places."""
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    member = PartyMember.current.filter(
        user=user, is_in_service=True, reported_community_id=post.community_id
    ).first()
    if member is None:
        raise ValidationError(
            _("Report to this community first (双报到) to claim its posts."), code="not_reported"
        )
    if not post.is_open or post.claims.count() >= post.places:
        raise ValidationError(_("All places of this post are taken."), code="full")
    try:
        with transaction.atomic():
            claim = PostClaim.objects.create(post=post, member=member)
    except IntegrityError:
        raise ValidationError(_("You already hold this post."), code="already") from None
    audit_record(
        actor=user,
        action="party.service_post_claim",
        target=claim,
        scope_path=post.community.path,
    )
    return claim


def service_totals(user_ids: list[int], year: int) -> dict[int, dict]:
    """Per user: verified volunteer minutes of the year (every source, wishes included) and
    the wishes they fulfilled (confirmed) that year."""
    minutes = dict(
        HourRecord.objects.filter(
            volunteer_id__in=user_ids,
            status=HourRecord.Status.VERIFIED,
            service_date__year=year,
        )
        .values_list("volunteer_id")
        .annotate(total=Sum("minutes_verified"))
        .order_by()
    )
    wishes = dict(
        Wish.objects.filter(
            claimer_id__in=user_ids,
            status=Wish.Status.CONFIRMED,
            confirmed_at__year=year,
        )
        .values_list("claimer_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {uid: {"minutes": minutes.get(uid, 0), "wishes": wishes.get(uid, 0)} for uid in user_ids}


def _number(year: int) -> str:
    return f"SB{year}{secrets.token_hex(6).upper()}"


@transaction.atomic
def report_issue(
    *, actor, year: int, member: PartyMember | None = None, unit: CoBuildingUnit | None = None
) -> ServiceReport:
    """Issue the yearly report of a member or of an employer unit (its in-service members);
    a unit's report goes to its contact's inbox."""
    if (member is None) == (unit is None):
        raise ValueError("a report is of one member or of one unit")
    if member is not None:
        check_scope(actor, member.reported_community or member.branch.node)
        members = [member]
    else:
        check_scope(actor, unit.community)
        members = list(
            PartyMember.current.filter(employer=unit, is_in_service=True).select_related("user")
        )
    totals = service_totals([m.user_id for m in members], year)
    rows = [
        {
            "name": m.user.real_name or m.user.name_for_display,
            "minutes": totals[m.user_id]["minutes"],
            "wishes": totals[m.user_id]["wishes"],
        }
        for m in sorted(members, key=lambda m: (m.user.real_name, m.pk))
    ]
    report = ServiceReport.objects.create(
        member=member,
        unit=unit,
        year=year,
        number=_number(year),
        minutes=sum(row["minutes"] for row in rows),
        wishes=sum(row["wishes"] for row in rows),
        rows=rows,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if unit is not None and unit.contact_user_id:
        notify(
            unit.contact_user,
            title=_("%(year)s in-service members' report of %(unit)s")
            % {"year": year, "unit": unit.name},
            body=_("%(count)d members, %(hours)s verified hours.")
            % {"count": len(rows), "hours": f"{report.minutes / 60:.1f}"},
            url=reverse("party:report", args=[report.number]),
            category="party",
        )
    audit_record(
        actor=actor,
        action="party.report_issue",
        target=report,
        scope_path=(
            unit.community if unit else (member.reported_community or member.branch.node)
        ).path,
        details={"year": year, "minutes": report.minutes, "members": len(rows)},
    )
    return report


@transaction.atomic
def service_post_unclaim(*, user, post: ServicePost) -> None:
    """The member gives their place on the post back (it opens for someone else)."""
    post = ServicePost.objects.select_for_update().select_related("community").get(pk=post.pk)
    deleted, _rows = PostClaim.objects.filter(post=post, member__user=user).delete()
    if not deleted:
        raise ValidationError(_("You do not hold this post."), code="not_held")
    audit_record(
        actor=user,
        action="party.service_post_unclaim",
        target=post,
        scope_path=post.community.path,
    )
