"""Demo activities for 塔坡社区 (祖庙街道): the monthly 文明日 on the 6th, 义诊 on the 2nd and 4th
Wednesday, a 60+ birthday party, a tea talk, and a lecture topic menu. Idempotent: events are
found by title and place, registrations only made when missing."""

import datetime as dt

from django.utils import timezone

from core.demo import DemoContext
from events import services
from events.models import Event, Registration, TopicMenu
from events.recurrence import LOCAL


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def _event(node, title: str, **fields) -> Event:
    existing = Event.objects.filter(node=node, title=title).first()
    return existing or services.event_create(
        actor=None, publish=True, node=node, title=title, **fields
    )


def seed_demo(context: DemoContext) -> None:
    data = context.data
    community = data.get("community")
    if community is None:
        return
    staff = data.get("community_staff")
    today = timezone.localdate()
    sixth = (
        today.replace(day=6)
        if today.day <= 6
        else (today.replace(day=1) + dt.timedelta(days=32)).replace(day=6)
    )
    _event(
        community,
        "文明日 · 大扫除",
        kind=Event.Kind.CLEANUP,
        place="塔坡社区党群服务中心门前集合",
        description="每月6日，清理楼道杂物、小区卫生死角。请自带手套，社区提供工具。",
        starts_at=dt.datetime(sixth.year, sixth.month, sixth.day, 9, 0, tzinfo=LOCAL),
        ends_at=dt.datetime(sixth.year, sixth.month, sixth.day, 11, 0, tzinfo=LOCAL),
        rrule="FREQ=MONTHLY;BYMONTHDAY=6",
        organiser_name="环境美化服务队",
        organiser_user=staff,
        points_for_attendance=5,
    )
    clinic = _event(
        community,
        "社区义诊：量血压、测血糖",
        kind=Event.Kind.CLINIC,
        place="塔坡社区卫生服务站",
        description="医疗健康服务队每月第二、第四个星期三上午义诊，免费量血压、测血糖、用药咨询。",
        starts_at=_at(1, 8, 30),
        ends_at=_at(1, 11, 30),
        rrule="FREQ=MONTHLY;BYDAY=2WE,4WE",
        capacity=40,
        organiser_name="医疗健康服务队",
        organiser_user=staff,
        points_for_attendance=2,
    )
    birthday = _event(
        community,
        "荣幸有邻 · 长者集体生日会",
        kind=Event.Kind.BIRTHDAY,
        place="塔坡社区长者饭堂",
        description="为本季度生日的60岁以上长者庆生，有长寿面和粤剧表演。",
        starts_at=_at(5, 15, 0),
        ends_at=_at(5, 17, 0),
        capacity=30,
        min_age=60,
        organiser_user=staff,
    )
    _event(
        data.get("building").parent if data.get("building") else community,
        "议事茶叙：5栋加装电梯",
        kind=Event.Kind.COUNCIL,
        place="塔坡小区凉亭",
        description="听取5栋住户对加装电梯方案的意见。",
        starts_at=_at(3, 19, 30),
        ends_at=_at(3, 21, 0),
        capacity=20,
        residents_only=True,
        organiser_user=staff,
    )
    resident = data.get("resident")
    session = clinic.occurrences.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    if (
        resident
        and session
        and not Registration.objects.filter(user=resident, occurrence=session).exists()
    ):
        services.registration_create(user=resident, occurrence=session)
    if staff and not TopicMenu.objects.filter(node=community).exists():
        services.topic_menu_create(
            actor=staff,
            node=community,
            title="2026年宣讲菜单（请点单）",
            description="每季度按点单结果安排两场宣讲。",
            topics=[
                ("防范电信网络诈骗", "祖庙派出所民警"),
                ("老年人慢病用药常识", "社区卫生服务站医生"),
                ("垃圾分类怎么分", "区城管局"),
                ("民法典与邻里纠纷", "社区法律顾问"),
            ],
        )
    data["events_birthday"] = birthday
