"""Default categories with their deadlines, office hours and the deadline beat job.

Idempotent: rows that exist (perhaps edited by staff) are left as they are.
"""

import datetime

from django.db import migrations

H, WH, WD = "calendar_hours", "working_hours", "working_days"
# code, name, [(code, name, response limit, unit, resolve limit, unit)]
CATEGORIES = [
    (
        "01",
        "街面秩序",
        [
            ("0101", "乱摆卖", 24, H, 2, WD),
            ("0102", "占道经营", 24, H, 2, WD),
            ("0103", "门前三包不落实", 24, H, 3, WD),
        ],
    ),
    (
        "02",
        "市容环境",
        [
            ("0201", "暴露垃圾", 24, H, 4, WH),
            ("0202", "楼道堆物", 24, H, 1, WD),
            ("0203", "绿化损毁", 24, H, 5, WD),
        ],
    ),
    (
        "03",
        "交通",
        [
            ("0301", "车辆乱停", 24, H, 4, WH),
            ("0302", "共享单车乱放", 24, H, 1, WD),
        ],
    ),
    (
        "04",
        "噪音扰民",
        [
            ("0401", "施工噪音", 24, H, 1, WD),
            ("0402", "生活噪音", 24, H, 2, WD),
        ],
    ),
    (
        "05",
        "安全隐患",
        [
            ("0501", "消防通道堵塞", 2, H, 4, WH),
            ("0502", "电动车违规充电", 2, H, 4, WH),
            ("0503", "高空坠物风险", 2, H, 1, WD),
        ],
    ),
    (
        "06",
        "矛盾纠纷",
        [
            ("0601", "邻里纠纷", 24, H, 5, WD),
            ("0602", "物业纠纷", 24, H, 10, WD),
        ],
    ),
    (
        "07",
        "设施损坏",
        [
            ("0701", "路灯损坏", 24, H, 3, WD),
            ("0702", "井盖缺失", 2, H, 4, WH),
            ("0703", "电梯故障", 2, H, 1, WD),
        ],
    ),
    (
        "08",
        "违法建设",
        [
            ("0801", "违法搭建", 24, H, 20, WD),
        ],
    ),
]
BEAT_NAME = "cases: reminders and escalation of case deadlines"


def create_defaults(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    OfficeHours = apps.get_model("cases", "OfficeHours")
    for order, (code, name, children) in enumerate(CATEGORIES, start=1):
        parent, _created = Category.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        for child_order, (child_code, child_name, rl, ru, sl, su) in enumerate(children, 1):
            Category.objects.get_or_create(
                code=child_code,
                defaults={
                    "parent": parent,
                    "name": child_name,
                    "response_limit": rl,
                    "response_unit": ru,
                    "resolve_limit": sl,
                    "resolve_unit": su,
                    "sort_order": child_order,
                },
            )
    if not OfficeHours.objects.exists():
        OfficeHours.objects.create(
            morning_start=datetime.time(8, 30),
            morning_end=datetime.time(12, 0),
            afternoon_start=datetime.time(14, 0),
            afternoon_end=datetime.time(17, 30),
        )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if not PeriodicTask.objects.filter(name=BEAT_NAME).exists():
        every, _created = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
        PeriodicTask.objects.create(
            name=BEAT_NAME,
            task="cases.tasks.case_deadlines_check_task",
            interval=every,
            enabled=True,
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=BEAT_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
