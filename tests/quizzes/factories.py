"""Factories for the quizzes app; campaigns and questions go through the real services."""

import datetime as dt

from communities.models import Node
from quizzes import services
from quizzes.models import Campaign, Category, Prize, Question
from tests.communities.factories import make_tree

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Wednesday noon in Shanghai, inside every campaign made here.
NOON = dt.datetime(2026, 6, 10, 12, 0, tzinfo=SHANGHAI)


def street() -> Node:
    return make_tree(community_names=())["street"]


def question_make(
    node: Node, *, category: str = "禁毒", text: str = "毒品的危害有哪些？", kind=None
):
    kind = kind or Question.Kind.SINGLE
    if kind == Question.Kind.TRUE_FALSE:
        choices = [("正确", True), ("错误", False)]
    elif kind == Question.Kind.MULTIPLE:
        choices = [("危害身体健康", True), ("导致家破人亡", True), ("没有危害", False)]
    else:
        choices = [("拨打110报警", True), ("置之不理", False), ("私下交易", False)]
    return services.question_create(
        actor=None,
        node=node,
        kind=kind,
        text=text,
        choices=choices,
        category=category,
        explanation="毒品危害身体，遇到涉毒线索请报警。",
    )


def campaign_make(node: Node | None = None, *, questions: int = 3, **settings) -> Campaign:
    node = node or street()
    category, _created = Category.objects.get_or_create(name="禁毒")
    for i in range(questions):
        question_make(node, text=f"禁毒知识第{i + 1}题：遇到有人兜售毒品怎么办？")
    return services.campaign_create(
        actor=None,
        node=node,
        title="6·26国际禁毒日知识竞答",
        starts_at=dt.datetime(2026, 6, 1, 0, 0, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2026, 7, 1, 0, 0, tzinfo=SHANGHAI),
        categories=[category],
        rules_text="每连续答对5题获得1次抽奖机会。",
        **settings,
    )


def prize_make(campaign: Campaign, **fields) -> Prize:
    fields.setdefault("name", "谢谢参与")
    fields.setdefault("kind", Prize.Kind.THANKS)
    return Prize.objects.create(campaign=campaign, **fields)
