"""A starting needs catalogue (需求清单) of 8 categories, as communities publish them; street
staff change it in the admin."""

from django.db import migrations

CATALOGUE = [
    (
        "养老服务",
        [
            ("助餐送餐", "elderly", "长者饭堂"),
            ("上门探访", "elderly", ""),
            ("陪同就医", "elderly", ""),
        ],
    ),
    (
        "医疗健康",
        [
            ("义诊体检", "medical", ""),
            ("健康讲座", "medical", ""),
            ("家庭医生签约", "medical", "社区卫生服务站"),
        ],
    ),
    ("环境卫生", [("楼道清洁", "environment", ""), ("垃圾分类指导", "environment", "")]),
    ("平安建设", [("夜间巡逻", "patrol", ""), ("消防安全检查", "patrol", "")]),
    ("文化教育", [("四点半课堂", "culture", ""), ("文体活动", "culture", "")]),
    ("法律服务", [("法律咨询", "", "社区法律顾问"), ("矛盾调解", "", "人民调解委员会")]),
    ("就业帮扶", [("就业信息", "", "社区就业服务站"), ("技能培训", "", "")]),
    ("便民服务", [("家电维修", "other", ""), ("理发", "other", ""), ("代缴代办", "party", "")]),
]


def seed(apps, schema_editor):
    NeedCategory = apps.get_model("surveys", "NeedCategory")
    NeedItem = apps.get_model("surveys", "NeedItem")
    if NeedCategory.objects.exists():
        return
    for position, (name, items) in enumerate(CATALOGUE):
        category = NeedCategory.objects.create(name=name, position=position)
        for index, (item, team_kind, services) in enumerate(items):
            NeedItem.objects.create(
                category=category,
                name=item,
                position=index,
                team_kind=team_kind,
                services=services,
            )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
