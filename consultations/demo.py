"""Demo council work in 塔坡社区 for `manage.py seed_demo` (idempotent: found by title first).

塔坡社区's "我的社区我做主" council: the party secretary chairs a standing board, a new-citizen
member is invited for the parking matter; an owners' vote on adding a lift to 5栋 is open; a
decided matter has a follow-up item.
"""

import datetime

from django.utils import timezone

from accounts.demo import demo_user
from consultations import services
from consultations.models import Consultation, CouncilMember, Matter
from core.demo import DemoContext


def _matter(*, user, node, title, description) -> Matter:
    existing = Matter.objects.filter(node=node, title=title).first()
    return existing or services.matter_propose(
        user=user, node=node, title=title, description=description
    )


def seed_demo(context: DemoContext) -> None:
    data = context.data
    community, building = data["community"], data["building"]
    secretary, staff = data["community_secretary"], data["community_staff"]
    resident = data["resident"]
    council = services.council_for_community(community=community)
    start = datetime.date(2025, 1, 1)
    new_citizen = demo_user("13800000040", "吴海燕")
    if not council.members.filter(user=secretary, ends_on__isnull=True).exists():
        services.council_member_add(
            actor=None, council=council, user=secretary, role="chair", starts_on=start
        )
        services.council_member_add(
            actor=None, council=council, user=staff, role="secretary", starts_on=start
        )
        services.council_member_add(
            actor=None,
            council=council,
            user=data["lane_chief"],
            role="member",
            represents="在职党员代表",
            starts_on=start,
        )

    lift = _matter(
        user=resident,
        node=building,
        title="5栋加装电梯",
        description="5栋没有电梯，楼上老人上下楼困难，建议申请旧楼加装电梯补贴。",
    )
    if lift.status == Matter.Status.PROPOSED:
        lift = services.matter_accept(actor=secretary, matter=lift)
    if not lift.consultations.exists():
        now = timezone.now()
        consultation = services.consultation_create(
            actor=staff,
            matter=lift,
            node=building,
            question="是否同意5栋加装电梯（使用专项维修资金）？",
            explanation="按民法典第二百七十八条，使用维修资金属于重大事项，需四分之三以上同意。",
            electorate=Consultation.Electorate.OWNERS,
            choice_kind=Consultation.ChoiceKind.YES_NO,
            owner_matter=Consultation.OwnerMatter.SPECIAL,
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=14),
        )
        services.consultation_publish(actor=staff, consultation=consultation)

    parking = _matter(
        user=resident,
        node=community,
        title="塔坡片区单向通行和停车方案",
        description="早晚高峰车辆会车困难，建议福贤路实行单向通行，并在空地划线停车。",
    )
    if parking.status == Matter.Status.PROPOSED:
        parking = services.matter_accept(actor=secretary, matter=parking)
    if not CouncilMember.objects.filter(matter=parking, user=new_citizen).exists():
        services.council_member_add(
            actor=None,
            council=council,
            user=new_citizen,
            role="invited",
            matter=parking,
            represents="新市民代表",
            starts_on=start,
        )
    if not parking.comments.exists():
        services.comment_add(user=resident, matter=parking, body="支持单向通行，接送孩子更安全。")
    if not parking.resolutions.exists():
        resolution = services.resolution_record(
            actor=staff,
            matter=parking,
            text="经议事会讨论通过：福贤路试行单向通行三个月，空地划线停车位40个。",
            decided_on=timezone.localdate() - datetime.timedelta(days=20),
        )
        services.follow_up_add(
            actor=staff,
            resolution=resolution,
            title="联系交警部门设置单行标志",
            owner=data["grid_worker"],
            due_on=timezone.localdate() - datetime.timedelta(days=3),
        )

    _matter(
        user=resident,
        node=building,
        title="楼道照明改为声控灯",
        description="2单元楼道灯经常不亮，建议更换为声控灯。",
    )
    context.add_login("新市民议事代表 invited council member", new_citizen.phone)
    data["council"] = council
