"""Volunteers test data, made through the real services."""

import datetime as dt

from django.utils import timezone

from communities.models import Node
from tests.accounts.factories import UserFactory
from volunteers import services
from volunteers.models import HourRecord, Membership, Project, Shift, Team


def volunteer(community: Node, user=None, **fields):
    """A user registered as a volunteer of the community."""
    user = user or UserFactory()
    services.volunteer_register(user=user, community=community, **fields)
    return user


def team_with_leader(community: Node, *, name="环境美化服务队", kind=Team.Kind.ENVIRONMENT):
    leader = volunteer(community)
    team = services.team_create(actor=None, node=community, name=name, kind=kind, leader=leader)
    return team, leader


def member(team: Team, user=None):
    """A volunteer who is an active member of the team (joined and approved)."""
    user = user or volunteer(team.node.community or team.node)
    membership = services.membership_request(user=user, team=team)
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ACTIVE)
    return user


def project(team: Team, **fields) -> Project:
    today = timezone.localdate()
    values = {
        "node": team.node,
        "team": team,
        "created_by": None,
        "title": "周末清洁家园",
        "description": "清理小区公共区域垃圾",
        "place": "塔坡花园中心广场",
        "starts_on": today - dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=30),
    }
    values.update(fields)
    return Project.objects.create(**values)


def shift(project: Project, *, capacity=2, starts_in=dt.timedelta(days=2), hours=3) -> Shift:
    starts_at = timezone.now() + starts_in
    return Shift.objects.create(
        project=project,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        capacity=capacity,
    )


def pending_record(team: Team, user, minutes=120, **fields) -> HourRecord:
    p = fields.pop("project", None) or project(team)
    return services.hour_record_log(
        user=user,
        project=p,
        service_date=fields.pop("service_date", timezone.localdate()),
        minutes=minutes,
        content=fields.pop("content", "清理楼道杂物"),
    )


def record_direct(team: Team, user, minutes: int) -> HourRecord:
    """A pending record of any size (a long project's total), bypassing the daily limit."""
    p = project(team)
    return HourRecord.objects.create(
        volunteer=user,
        node=team.node,
        team=team,
        project=p,
        source=HourRecord.Source.MANUAL,
        service_date=timezone.localdate(),
        content="长期服务汇总",
        minutes_claimed=minutes,
    )
