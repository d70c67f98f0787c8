"""Demo volunteers for 祖庙街道: teams, a project with shifts, verified hours, a wish, a relative.

Idempotent: everything is looked up before it is made, and ledger postings carry keys.
"""

import datetime as dt

from django.utils import timezone

from accounts.demo import demo_user
from core.demo import DemoContext
from volunteers import services
from volunteers.models import HourRecord, Membership, Project, Shift, Team, VolunteerProfile, Wish


def _volunteer(user, community, **fields) -> VolunteerProfile:
    existing = VolunteerProfile.objects.filter(user=user).first()
    return existing or services.volunteer_register(user=user, community=community, **fields)


def _team(community, name, kind, leader) -> Team:
    existing = Team.objects.filter(node=community, name=name).first()
    return existing or services.team_create(
        actor=None,
        node=community,
        name=name,
        kind=kind,
        leader=leader,
        description=f"塔坡社区{name}",
    )


def _member(team, user) -> None:
    if not Membership.objects.filter(team=team, user=user, status="active").exists():
        membership = Membership.objects.filter(team=team, user=user, status="pending").first()
        membership = membership or services.membership_request(user=user, team=team)
        leader = Membership.objects.get(team=team, role="leader", status="active").user
        services.membership_decide(actor=leader, membership=membership, approve=True)


def seed_demo(context: DemoContext) -> None:
    community = context.data.get("community")
    if community is None:
        return
    staff = context.data["community_staff"]
    resident = context.data["resident"]
    leader = demo_user("13800000030", "周志刚")
    volunteer = demo_user("13800000031", "吴丽华")
    _volunteer(leader, community, skills="组织协调、急救", availability="周末全天")
    _volunteer(volunteer, community, skills="理发、陪聊", availability="工作日下午")
    green = _team(community, "环境美化服务队", Team.Kind.ENVIRONMENT, leader)
    _team(community, "敬老助老服务队", Team.Kind.ELDERLY, leader)
    _team(community, "党员先锋服务队", Team.Kind.PARTY, leader)
    _member(green, volunteer)
    today = timezone.localdate()
    project = Project.objects.filter(team=green, title="文明家园清洁日").first()
    if project is None:
        project = services.project_create(
            actor=leader,
            node=community,
            team=green,
            title="文明家园清洁日",
            description="清理小区公共区域、楼道杂物，张贴垃圾分类宣传海报。",
            place="塔坡花园中心广场",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=60),
            skills_wanted="能弯腰劳作，自带手套更好",
        )
    if not Shift.objects.filter(project=project).exists():
        for days in (2, 9):
            start = timezone.make_aware(
                dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9, 0))
            )
            services.shift_create(
                actor=leader,
                project=project,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                capacity=10,
            )
    if not HourRecord.objects.filter(volunteer=volunteer).exists():
        for days_ago, minutes, content in [(30, 180, "清理楼道杂物"), (16, 120, "垃圾分类宣传")]:
            record = services.hour_record_log(
                user=volunteer,
                project=project,
                service_date=today - dt.timedelta(days=days_ago),
                minutes=minutes,
                content=content,
            )
            services.hour_record_verify(actor=leader, record=record, decision="approve")
        services.hour_record_log(
            user=volunteer,
            project=project,
            service_date=today - dt.timedelta(days=2),
            minutes=150,
            content="清理绿化带垃圾",
        )
    if not Wish.objects.filter(resident=resident).exists():
        wish = services.wish_post(
            resident=resident,
            title="帮忙更换厨房灯泡",
            description="家里厨房灯泡坏了，我腿脚不便，登高不安全。",
        )
        services.wish_review(actor=staff, wish=wish, decision="open")
    context.data.update(
        {"volunteer_team": green, "volunteer_leader": leader, "volunteer": volunteer}
    )
    context.add_login("志愿服务队队长 team leader", leader.phone)
    context.add_login("志愿者 volunteer", volunteer.phone)
