"""Demo party organisation for `manage.py seed_demo`: the branch of the demo compound (its
secretary a member), the lane chief as an in-service member (双报到) of 塔坡社区, and two
co-building units with offers and projects (one overdue, for the workbench's warning), next
week's 主题党日 and a service post, the 党建益联盟 of 禅城区 and 祖庙街道 with member units, the
party members' volunteer team and a pairing (结对) of a unit with it. Idempotent; runs after
the communities demo, whose places and people it reads
from `context.data`.
"""

import datetime

from django.utils import timezone

from core.demo import DemoContext
from party import services
from party.models import (
    Alliance,
    CoBuildingUnit,
    Pairing,
    PartyBranch,
    PartyMember,
    PartySession,
    ServicePost,
)
from volunteers import services as volunteer_services
from volunteers.models import Team, VolunteerProfile

# The volunteers' demo (seeded after this app) finds this team by its name and keeps it.
PARTY_TEAM = "党员先锋服务队"


def seed_demo(context: DemoContext) -> None:
    tapo = context.data["community"]
    compound = context.data["building"].parent
    branch_secretary = context.data["branch_secretary"]
    lane_chief = context.data["lane_chief"]
    branch = PartyBranch.objects.filter(node=compound, name=f"{compound.name}党支部").first()
    branch = branch or services.party_branch_create(
        actor=None, node=compound, name=f"{compound.name}党支部"
    )
    if not PartyMember.objects.filter(user=branch_secretary).exists():
        services.party_member_register(actor=None, user=branch_secretary, branch=branch)
    if not PartyMember.objects.filter(user=lane_chief).exists():
        services.party_member_register(
            actor=None, user=lane_chief, reported_community=tapo, work_unit="禅城区教育局"
        )
    if not CoBuildingUnit.objects.filter(community=tapo).exists():
        services.co_building_unit_save(
            actor=None,
            community=tapo,
            kind=CoBuildingUnit.Kind.COMPANY,
            name="佛山供电局禅城分局",
            contact_name="刘工",
            contact_phone="075788880000",
            pledged_resources="每季度一次用电安全检查；老旧线路改造咨询",
        )
        services.co_building_unit_save(
            actor=None,
            community=tapo,
            kind=CoBuildingUnit.Kind.AGENCY,
            name="禅城区税务局",
            contact_name="吴科长",
            pledged_resources="在职党员双报到，每月一次志愿服务",
        )
    if not branch.sessions.exists():
        # Next week's 主题党日, so members (and the API) see a coming session with its link.
        services.session_schedule(
            actor=None,
            organisation=branch,
            kind=PartySession.Kind.THEME_DAY,
            held_at=timezone.now().replace(hour=11, minute=30, second=0, microsecond=0)
            + datetime.timedelta(days=7),
            agenda="学习党章；清理楼道",
            venue="党群服务中心",
            online_link="https://meeting.example.cn/yunshang",
        )
    if not ServicePost.objects.filter(community=tapo).exists():
        services.service_post_publish(
            actor=None, community=tapo, title="文明劝导岗", places=5, description="周末早市文明劝导"
        )
    context.data["party_branch"] = branch
    _seed_alliance(context, branch_secretary)


def _seed_alliance(context: DemoContext, secretary) -> None:
    tapo = context.data["community"]
    today = timezone.localdate()
    power = CoBuildingUnit.objects.filter(community=tapo, name="佛山供电局禅城分局").first()
    tax = CoBuildingUnit.objects.filter(community=tapo, name="禅城区税务局").first()
    if power is None or tax is None:
        return  # a database whose units were renamed keeps them as they are
    if not power.offers.exists():
        services.unit_offer_add(
            actor=None, unit=power, kind="professional", description="电工上门检查老旧线路"
        )
        services.unit_offer_add(
            actor=None, unit=power, kind="venue", description="营业厅二楼会议室（周末可借用）"
        )
    if not power.commitments.exists():
        services.commitment_create(
            actor=None,
            unit=power,
            community=tapo,
            title="5栋老旧线路改造",
            due_on=today - datetime.timedelta(days=10),
        )
        done = services.commitment_create(
            actor=None,
            unit=power,
            community=tapo,
            title="用电安全进社区讲座",
            due_on=today - datetime.timedelta(days=30),
        )
        services.commitment_follow_up(
            actor=None,
            commitment=done,
            on=today - datetime.timedelta(days=32),
            note="讲座已举办，60余名居民参加",
            status="done",
        )
    district_alliance = Alliance.objects.filter(node=context.data["district"]).first()
    district_alliance = district_alliance or services.alliance_create(
        actor=None, node=context.data["district"], name="禅城区党建益联盟"
    )
    street_alliance = Alliance.objects.filter(node=context.data["street"]).first()
    street_alliance = street_alliance or services.alliance_create(
        actor=None, node=context.data["street"], name="祖庙街道党建益联盟"
    )
    joined = today - datetime.timedelta(days=90)
    for alliance, unit in (
        (street_alliance, power),
        (street_alliance, tax),
        (district_alliance, power),
    ):
        if not alliance.members.filter(unit=unit, left_on__isnull=True).exists():
            services.alliance_unit_join(actor=None, alliance=alliance, unit=unit, joined_on=joined)
    team = Team.objects.filter(node=tapo, name=PARTY_TEAM).first()
    if team is None:
        if not VolunteerProfile.objects.filter(user=secretary).exists():
            volunteer_services.volunteer_register(user=secretary, community=tapo)
        team = volunteer_services.team_create(
            actor=None, node=tapo, name=PARTY_TEAM, kind=Team.Kind.PARTY, leader=secretary
        )
    if not street_alliance.teams.filter(team=team).exists():
        services.alliance_team_add(
            actor=None, alliance=street_alliance, team=team, joined_on=joined
        )
    if not Pairing.objects.filter(unit=power, team=team).exists():
        services.pairing_start(
            actor=None,
            unit=power,
            team=team,
            started_on=joined,
            activities="每月第一个周六，电工党员随服务队入户检查独居老人家中用电",
        )
