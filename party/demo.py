"""Demo party organisation for `manage.py seed_demo`: the branch of the demo compound (its
secretary a member), the lane chief as an in-service member (双报到) of 塔坡社区, and two
co-building units, next week's 主题党日 and a service post. Idempotent; runs after the communities demo, whose places and people it reads
from `context.data`.
"""

import datetime

from django.utils import timezone

from core.demo import DemoContext
from party import services
from party.models import CoBuildingUnit, PartyBranch, PartyMember, PartySession, ServicePost


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
