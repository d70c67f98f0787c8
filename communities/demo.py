"""Demo district for `manage.py seed_demo`: 佛山市 (440600) > 禅城区 (440604) > 祖庙街道, the demo
street with everything, and 石湾镇街道, a small second street with its own staff.

Idempotent: places are found by parent and name, posts and residencies are created only when
missing, so running it twice gives the same data. Later apps find what they need in
`context.data` (see the keys set at the end of seed_demo).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import demo_user
from communities import services
from communities.models import (
    EvaluationRound,
    Household,
    Node,
    PatrolLog,
    Post,
    Residency,
)
from core.demo import DemoContext

CITY = ("440600", "佛山市")  # GB/T 2260
DISTRICT = ("440604", "禅城区")
STREET_CODE = "440604001"  # 440604 禅城区 + 001 (demo street sequence)
SECOND_STREET_CODE = "440604002"
# 石湾镇街道: a smaller street, enough for district staff to compare and for scoping to show.
SECOND_STREET_COMMUNITIES = {"南风古灶社区": ["古灶新村"], "石湾社区": ["陶都花园", "公仔街"]}
# community -> compounds, one per grid (塔坡 is split into 7 grid areas, as in practice)
COMMUNITIES = {
    "塔坡社区": ["塔坡花园", "福宁苑", "塔坡小区", "公正里", "新风苑", "莲花苑", "福贤居"],
    "保安社区": ["保安新村", "锦华苑", "兴隆花园"],
    "祖庙社区": ["祖庙新村", "岭南新天地", "东华里"],
    "升平社区": ["升平小区", "永安苑", "松风里"],
    "普君北社区": ["普君新城", "文华苑", "建新里"],
    "福贤社区": ["福贤花园", "百花苑", "同济里"],
}


def _node(parent: Node | None, kind: str, name: str, code: str = "", address: str = "") -> Node:
    existing = Node.objects.filter(parent=parent, kind=kind, name=name).first()
    if existing:
        return existing
    return services.node_create(
        actor=None, parent=parent, kind=kind, name=name, code=code, address=address, audit=False
    )


def _post(kind: str, node: Node, user) -> Post:
    current = Post.objects.filter(kind=kind, node=node, user=user, ends_on__isnull=True).first()
    return current or services.post_appoint(
        actor=None,
        user=user,
        node=node,
        kind=kind,
        starts_on=datetime.date(2025, 1, 1),
        notify_holder=False,
    )


def _build_compound(grid: Node, name: str, buildings: int, floors: int) -> Node:
    compound = _node(grid, Node.Kind.COMPOUND, name, address=f"佛山市禅城区{name}")
    for b in range(1, buildings + 1):
        building = _node(compound, Node.Kind.BUILDING, f"{b}栋", address=f"佛山市禅城区{name}{b}栋")
        for u in (1, 2):
            unit = _node(building, Node.Kind.UNIT, f"{u}单元")
            rooms = [
                Household(node=unit, room=f"{floor}0{door}", floor_area=Decimal(60 + 8 * door))
                for floor in range(1, floors + 1)
                for door in (1, 2)
            ]
            Household.objects.bulk_create(rooms, ignore_conflicts=True)
    return compound


def _residency(user, household, **fields) -> Residency:
    live = Residency.objects.filter(
        user=user, household=household, status__in=["pending", "approved"]
    ).first()
    return live or Residency.objects.create(user=user, household=household, **fields)


def _second_street(district: Node) -> Node:
    street = _node(
        district, Node.Kind.STREET, "石湾镇街道", code=SECOND_STREET_CODE, address="佛山市禅城区"
    )
    for community_name, compounds in SECOND_STREET_COMMUNITIES.items():
        community = _node(street, Node.Kind.COMMUNITY, community_name)
        for index, compound_name in enumerate(compounds, start=1):
            grid = _node(community, Node.Kind.GRID, f"第{index}网格")
            _build_compound(grid, compound_name, buildings=2, floors=2)
    return street


def seed_demo(context: DemoContext) -> None:
    # A database seeded before districts existed has 祖庙街道 as a root: move it under 禅城区.
    district = services.district_place_streets(
        actor=None,
        district_code=DISTRICT[0],
        district_name=DISTRICT[1],
        city_code=CITY[0],
        city_name=CITY[1],
    )
    street = _node(
        district, Node.Kind.STREET, "祖庙街道", code=STREET_CODE, address="佛山市禅城区祖庙路"
    )
    shiwan = _second_street(district)
    communities: dict[str, Node] = {}
    grids: dict[str, list[Node]] = {}
    for community_name, compounds in COMMUNITIES.items():
        community = _node(street, Node.Kind.COMMUNITY, community_name)
        communities[community_name] = community
        grids[community_name] = []
        for index, compound_name in enumerate(compounds, start=1):
            grid = _node(community, Node.Kind.GRID, f"第{index}网格")
            grids[community_name].append(grid)
            big = community_name == "塔坡社区"
            _build_compound(grid, compound_name, buildings=5 if big else 3, floors=3 if big else 2)

    tapo = communities["塔坡社区"]
    grid3 = grids["塔坡社区"][2]
    building = Node.objects.get(parent__parent=grid3, name="5栋")
    unit2 = Node.objects.get(parent=building, name="2单元")
    lane = _node(tapo, Node.Kind.STREET_SEGMENT, "福贤路", address="佛山市禅城区福贤路")

    secretary = demo_user("13800000020", "陈建国")
    staff = demo_user("13800000021", "黄丽萍")
    grid_worker = demo_user("13800000022", "梁志强")
    captain = demo_user("13800000023", "何婉仪")
    lane_chief = demo_user("13800000024", "区锦荣")
    street_staff = demo_user("13800000025", "罗志明")
    branch_secretary = demo_user("13800000026", "邓美玲")
    pending_resident = demo_user("13800000027", "张伟")
    _post(Post.Kind.COMMUNITY_SECRETARY, tapo, secretary)
    _post(Post.Kind.COMMUNITY_STAFF, tapo, staff)
    _post(Post.Kind.GRID_WORKER, grid3, grid_worker)
    captain_post = _post(Post.Kind.BUILDING_CAPTAIN, building, captain)
    _post(Post.Kind.LANE_CHIEF, lane, lane_chief)
    _post(Post.Kind.STREET_STAFF, street, street_staff)
    compound = building.parent
    _post(Post.Kind.BRANCH_SECRETARY, compound, branch_secretary)
    district_staff = demo_user("13800000191", "冯振华")
    shiwan_staff = demo_user("13800000192", "霍嘉欣")
    shiwan_community_staff = demo_user("13800000193", "潘文杰")
    _post(Post.Kind.DISTRICT_STAFF, district, district_staff)
    _post(Post.Kind.STREET_STAFF, shiwan, shiwan_staff)
    _post(
        Post.Kind.COMMUNITY_STAFF,
        Node.objects.get(parent=shiwan, name="石湾社区"),
        shiwan_community_staff,
    )

    # 李秀英 (the accounts demo resident) lives in 5栋 2单元 302; 张伟 waits for approval.
    resident = context.data.get("resident") or demo_user("13800000010", "李秀英")
    home = Household.objects.get(node=unit2, room="302")
    residency = _residency(
        resident,
        home,
        relation=Residency.Relation.HEAD,
        is_owner=True,
        residence_type=Residency.ResidenceType.REGISTERED,
    )
    if residency.status == Residency.Status.PENDING:
        services.residency_approve(actor=captain, residency=residency)
    _residency(
        pending_resident,
        Household.objects.get(node=unit2, room="301"),
        relation=Residency.Relation.TENANT,
        residence_type=Residency.ResidenceType.NON_REGISTERED,
    )

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if not PatrolLog.objects.filter(captain=captain).exists():
        services.patrol_log_create(
            captain=captain,
            building=building,
            findings="楼道堆放纸箱，已提醒住户清理。",
            has_problem=True,
            date=yesterday,
        )
    if not EvaluationRound.objects.filter(node=tapo).exists():
        services.evaluation_round_create(
            actor=None,
            node=tapo,
            kind=EvaluationRound.Kind.EXCELLENT_CAPTAIN,
            title="2025年度塔坡社区优秀楼栋长",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            criteria="日巡查完成率 40分；问题上报及时 30分；居民评价 30分",
        )

    context.data.update(
        {
            "city": district.parent,
            "district": district,
            "street": street,
            "second_street": shiwan,
            "district_staff": district_staff,
            "second_street_staff": shiwan_staff,
            "communities": communities,
            "grids": grids,
            "community": tapo,
            "grid": grid3,
            "building": building,
            "unit": unit2,
            "lane": lane,
            "household": home,
            "captain": captain,
            "captain_post": captain_post,
            "grid_worker": grid_worker,
            "community_staff": staff,
            "community_secretary": secretary,
            "lane_chief": lane_chief,
            "street_staff": street_staff,
            "branch_secretary": branch_secretary,
            "resident": resident,
            "resident_pending": pending_resident,
        }
    )
    for label, user in [
        ("社区书记 community secretary", secretary),
        ("社区工作人员 community staff", staff),
        ("网格员 grid worker", grid_worker),
        ("楼长 building captain", captain),
        ("巷长 lane chief", lane_chief),
        ("街道工作人员 street staff", street_staff),
        ("支部书记 branch secretary", branch_secretary),
        ("区级工作人员 district staff (禅城区)", district_staff),
        ("街道工作人员 street staff (石湾镇街道)", shiwan_staff),
        ("社区工作人员 community staff (石湾社区)", shiwan_community_staff),
        ("居民(待审核) resident, claim pending", pending_resident),
    ]:
        context.add_login(label, user.phone)
