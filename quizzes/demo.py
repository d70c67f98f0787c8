"""Demo quiz for `manage.py seed_demo`: the 6·26 anti-drug campaign of 祖庙街道.

Idempotent: questions are found by text and the campaign by title, so a second run adds nothing.
"""

import datetime as dt

from django.utils import timezone

from communities.models import Node
from core.demo import DemoContext
from points.models import Board, Period
from points.services import board_ensure
from quizzes import services
from quizzes.models import Campaign, Category, Prize, Question

TITLE = "6·26国际禁毒日知识竞答"
QUESTIONS = [
    (
        "禁毒",
        "single",
        "发现有人贩卖毒品，应该怎么做？",
        [("拨打110或向禁毒部门举报", True), ("置之不理", False), ("私下劝说就行", False)],
        "举报涉毒违法犯罪线索，可拨打110，核实后还有奖励。",
    ),
    (
        "禁毒",
        "true_false",
        "吸毒一次不会上瘾。",
        [("正确", False), ("错误", True)],
        "毒品极易成瘾，一次也不能尝试。",
    ),
    (
        "禁毒",
        "multiple",
        "下列哪些可能是伪装成零食饮料的新型毒品？",
        [("“奶茶”粉末", True), ("“跳跳糖”", True), ("超市买的白砂糖", False)],
        "新型毒品常伪装成零食和饮料，陌生人给的东西不要吃。",
    ),
    (
        "禁毒",
        "single",
        "每年的国际禁毒日是哪一天？",
        [("6月26日", True), ("12月1日", False), ("3月15日", False)],
        "1987年联合国将6月26日定为“国际禁毒日”。",
    ),
    (
        "防诈骗",
        "single",
        "接到自称“公检法”要求转账到“安全账户”的电话，应该？",
        [("挂断电话，拨打96110咨询", True), ("按要求转账", False), ("告诉对方验证码", False)],
        "公检法机关没有“安全账户”，不会电话要求转账。",
    ),
    (
        "消防",
        "true_false",
        "电动自行车可以在楼道里充电。",
        [("正确", False), ("错误", True)],
        "楼道充电极易引发火灾，请到集中充电点充电。",
    ),
    (
        "垃圾分类",
        "single",
        "用过的废电池属于哪类垃圾？",
        [("有害垃圾", True), ("可回收物", False), ("厨余垃圾", False)],
        "废电池、废灯管、过期药品属于有害垃圾。",
    ),
    (
        "党史",
        "single",
        "中国共产党第一次全国代表大会在哪一年召开？",
        [("1921年", True), ("1919年", False), ("1949年", False)],
        "1921年7月，中共一大在上海召开，后转移到浙江嘉兴南湖。",
    ),
]


def seed_demo(context: DemoContext) -> None:
    street = context.data.get("street") or Node.objects.filter(kind=Node.Kind.STREET).first()
    if street is None:
        return
    for category_name, kind, text, choices, explanation in QUESTIONS:
        if not Question.objects.filter(text=text).exists():
            services.question_create(
                actor=None,
                node=street,
                kind=kind,
                text=text,
                choices=choices,
                category=category_name,
                explanation=explanation,
                audit=False,
            )
    campaign = Campaign.objects.filter(title=TITLE).first()
    if campaign is None:
        now = timezone.now()
        campaign = services.campaign_create(
            actor=None,
            node=street,
            title=TITLE,
            starts_at=now - dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=27),
            categories=list(Category.objects.filter(name__in={q[0] for q in QUESTIONS})),
            rules_text="珍爱生命，远离毒品。每连续答对5题获得1次抽奖机会；从第5题起每答对一题得1积分，"
            "每人每天最多50积分。排行榜每周结算，活动结束后前3名获酒店住宿券，4-10名获自助餐券。",
        )
        Prize.objects.create(
            campaign=campaign, name="10积分", kind=Prize.Kind.POINTS, points=10, weight=3
        )
        Prize.objects.create(
            campaign=campaign, name="2积分", kind=Prize.Kind.POINTS, points=2, weight=10
        )
        Prize.objects.create(campaign=campaign, name="谢谢参与", kind=Prize.Kind.THANKS, weight=20)
    if not Board.objects.filter(scope="all", period=Period.YEAR).exists():
        board_ensure(scope="all", period=Period.YEAR, name="年度积分总榜")
    context.data["quiz_campaign"] = campaign
