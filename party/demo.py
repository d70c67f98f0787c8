"""Demo party organisation for `manage.py seed_demo`: the branch of the demo compound (its
secretary a member), the lane chief as an in-service member (双报到) of 塔坡社区, and two
co-building units. Idempotent; runs after the communities demo, whose places and people it reads
from `context.data`.
"""

from core.demo import DemoContext
from party import services
from party.models import CoBuildingUnit, PartyBranch, PartyMember


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
    context.data["party_branch"] = branch
