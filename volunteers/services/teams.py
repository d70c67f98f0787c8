"""Teams (服务队) and their members: join requests decided by the leader, roles."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from notifications.services import notify
from volunteers.models import Membership, Team
from volunteers.permissions import can_manage_team, can_set_roles, can_set_up_team
from volunteers.services.common import refuse, require_profile


@transaction.atomic
def team_create(*, actor, node: Node, name: str, kind: str, leader, description: str = "") -> Team:
    """A team on a community or street, with its leader (a registered volunteer)."""
    if actor is not None and not can_set_up_team(actor, node):
        raise refuse(_("You may not set up a team here."), "forbidden")
    if node.kind not in (Node.Kind.COMMUNITY, Node.Kind.STREET):
        raise refuse(_("A team belongs to a community or the street."), "invalid_place")
    require_profile(leader)
    try:
        with transaction.atomic():
            team = Team.objects.create(
                node=node, name=name.strip(), kind=kind, description=description
            )
    except IntegrityError:
        raise refuse(_("A team of this name already exists here."), "duplicate_team")
    Membership.objects.create(
        team=team,
        user=leader,
        role=Membership.Role.LEADER,
        status=Membership.Status.ACTIVE,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="volunteers.team_create",
        target=team,
        scope_path=node.path,
        details={"leader": leader.pk, "kind": kind},
    )
    return team


@transaction.atomic
def team_update(
    *, actor, team: Team, name: str, kind: str, description: str, is_active: bool
) -> Team:
    """Staff of the team's place rename, describe, reclassify or retire a team (its place and
    members stay; members change through join requests and roles)."""
    team = Team.objects.select_for_update(of=("self",)).select_related("node").get(pk=team.pk)
    if not can_set_up_team(actor, team.node):
        raise refuse(_("You may not change this team."), "forbidden")
    values = {
        "name": name.strip(),
        "kind": kind,
        "description": description,
        "is_active": is_active,
    }
    changed = sorted(field for field, value in values.items() if getattr(team, field) != value)
    if not changed:
        return team
    for field, value in values.items():
        setattr(team, field, value)
    try:
        with transaction.atomic():
            team.save(update_fields=changed)
    except IntegrityError:
        raise refuse(_("A team of this name already exists here."), "duplicate_team")
    audit_record(
        actor=actor,
        action="volunteers.team_update",
        target=team,
        scope_path=team.node.path,
        details={"fields": changed},
    )
    return team


@transaction.atomic
def membership_request(*, user, team: Team, message: str = "") -> Membership:
    """Ask to join a team; the leader and deputies are told."""
    require_profile(user)
    if not team.is_active:
        raise refuse(_("This team is not taking members."), "team_inactive")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                team=team, user=user, message=message.strip()[:200]
            )
    except IntegrityError:
        raise refuse(_("You have already asked to join or are a member."), "already_member")
    leaders = Membership.objects.filter(
        team=team,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY],
    ).select_related("user")
    url = reverse("volunteers:team", args=[team.pk])
    for lead in leaders:
        notify(
            lead.user,
            title=_("%(name)s asks to join %(team)s") % {"name": user, "team": team.name},
            body=membership.message,
            url=url,
            category="volunteers",
            dedupe_key=f"volunteers:join:{membership.pk}:{lead.user_id}",
        )
    return membership


@transaction.atomic
def membership_decide(*, actor, membership: Membership, approve: bool) -> Membership:
    """The leader (or a deputy, or community staff) accepts or declines a join request."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("team__node")
        .get(pk=membership.pk)
    )
    team = membership.team
    if not can_manage_team(actor, team):
        raise refuse(_("Only the team's leaders can decide this."), "forbidden")
    wanted = Membership.Status.ACTIVE if approve else Membership.Status.REJECTED
    if membership.status == wanted:
        return membership
    if membership.status != Membership.Status.PENDING:
        raise refuse(_("This request has already been decided."), "already_decided")
    membership.status = wanted
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="volunteers.membership_approve" if approve else "volunteers.membership_reject",
        target=membership,
        scope_path=team.node.path,
        details={"team": team.pk, "user": membership.user_id},
    )
    notify(
        membership.user,
        title=(
            _("Welcome to %(team)s") if approve else _("%(team)s could not accept you this time")
        )
        % {"team": team.name},
        url=reverse("volunteers:team", args=[team.pk]),
        category="volunteers",
        dedupe_key=f"volunteers:join-decided:{membership.pk}",
    )
    return membership


@transaction.atomic
def membership_set_role(*, actor, membership: Membership, role: str) -> Membership:
    """The leader (or staff) makes a member a deputy or back; there is one leader per team."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("team__node")
        .get(pk=membership.pk)
    )
    team = membership.team
    if not can_set_roles(actor, team):
        raise refuse(_("Only the team leader can change roles."), "forbidden")
    if membership.status != Membership.Status.ACTIVE:
        raise refuse(_("Only members can get a role."), "not_a_member")
    if (
        role not in (Membership.Role.DEPUTY, Membership.Role.MEMBER)
        or membership.role == Membership.Role.LEADER
    ):
        raise refuse(_("This role cannot be given here."), "invalid_role")
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="volunteers.membership_role",
        target=membership,
        scope_path=team.node.path,
        details={"role": role},
    )
    return membership


@transaction.atomic
def membership_leave(*, user, membership: Membership) -> Membership:
    if membership.user_id != user.pk:
        raise refuse(_("This is not your membership."), "forbidden")
    if membership.role == Membership.Role.LEADER:
        raise refuse(
            _("A leader hands the team over to someone else before leaving."), "leader_cannot_leave"
        )
    if membership.status in (Membership.Status.PENDING, Membership.Status.ACTIVE):
        membership.status = Membership.Status.LEFT
        membership.save(update_fields=["status"])
    return membership
