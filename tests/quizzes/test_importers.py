"""Importers on real-looking files: Moodle GIFT, Moodle XML and Excel, including broken ones."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from quizzes import services
from quizzes.importers import parse_excel, parse_gift, parse_moodle_xml
from quizzes.models import Question
from quizzes.services.questions import ImportRefused
from tests.quizzes.factories import street

FILES = Path(__file__).with_name("files")


def test_a_moodle_gift_file_is_read_with_categories_feedback_and_escapes():
    result = parse_gift((FILES / "jindu.gift").read_text())
    assert result.errors == []
    q = {question.title or question.text[:6]: question for question in result.questions}
    assert len(result.questions) == 6
    definition = q["毒品定义"]
    assert definition.kind == "single" and definition.category == "禁毒"
    assert definition.choices[0] == ("鸦片、海洛因、甲基苯丙胺（冰毒）、吗啡、大麻、可卡因等", True)
    assert definition.choices[1] == ("只有海洛因", False)  # the #feedback is not the answer
    assert definition.explanation.startswith("《刑法》第357条")
    assert q["吸毒"].kind == "true_false" and q["吸毒"].choices == [("正确", False), ("错误", True)]
    assert q["吸毒"].explanation == "任何毒品都有成瘾性，不要抱有侥幸心理。"
    assert q["举报"].choices == [("正确", True), ("错误", False)]
    assert q["多选"].kind == "multiple"
    assert [ok for _t, ok in q["多选"].choices] == [True, True, False]
    html = [question for question in result.questions if question.category == "防诈骗"][0]
    assert html.text == '接到"公检法"电话要求转账到安全账户，应该怎么做？'
    assert q["转义"].text == "数学里 1 = 1 且集合写作 {a}，对吗？"


@pytest.mark.parametrize(
    ("gift", "problem"),
    [
        ("题目 {=对 =也对 ~错}", "单选题只能有一个正确答案"),
        ("题目 {=北京}", "填空"),
        ("题目 {#3:0.5}", "数值题"),
        ("题目 {=猫 -> 喵 =狗 -> 汪 =牛 -> 哞}", "匹配题"),
        ("题目 {}", "问答题"),
        ("::没有结束 题目 {T}", "标题"),
        ("没有答案的题目", "没有找到"),
        ("题目 {~错 ~也错}", "没有标出正确答案"),
        ("题目 {=对 ~}", "空白"),
    ],
)
def test_bad_gift_questions_are_reported_by_number_and_line(gift, problem):
    content = (
        "$CATEGORY: 消防\n\n// 第一道是好题\n灭火器怎么用？{=拔销、握管、压把 ~摇晃}\n\n" + gift
    )
    result = parse_gift(content)
    assert len(result.errors) == 1
    assert result.errors[0].startswith("第2题（第6行）：")
    assert problem in result.errors[0]


def test_gift_without_a_category_uses_the_forms_or_is_refused():
    assert parse_gift("题目 {T}", default_category="党史").questions[0].category == "党史"
    assert "没有分类" in parse_gift("题目 {T}").errors[0]


def test_a_moodle_xml_file_is_read():
    result = parse_moodle_xml((FILES / "fangzha.xml").read_bytes())
    assert result.errors == []
    single, multiple, truefalse = result.questions
    assert single.text == '网上"刷单返利"兼职是不是诈骗？'
    assert single.choices == [("是诈骗", True), ("正规兼职", False)]
    assert single.explanation == '所有刷单都是诈骗，不要相信"先垫付后返利"。'
    assert single.category == "防诈骗" and single.kind == "single"
    assert multiple.kind == "multiple" and [ok for _t, ok in multiple.choices] == [
        True,
        True,
        False,
    ]
    assert truefalse.kind == "true_false" and truefalse.choices == [("正确", False), ("错误", True)]
    assert truefalse.number == 3  # the description item is not counted


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (
            '<quiz><question type="essay"><questiontext><text>谈谈</text></questiontext>'
            "</question></quiz>",
            "essay",
        ),
        (
            '<quiz><question type="multichoice"><questiontext><text>Q</text></questiontext>'
            '<single>true</single><answer fraction="abc"><text>A</text></answer></question></quiz>',
            "fraction",
        ),
        (
            '<quiz><question type="multichoice"><questiontext><text>Q</text></questiontext>'
            '<single>true</single><answer fraction="100"><text>A</text></answer>'
            '<answer fraction="100"><text>B</text></answer></question></quiz>',
            "只能有一个正确答案",
        ),
        (
            '<quiz><question type="truefalse"><questiontext><text>Q</text></questiontext>'
            '<answer fraction="100"><text>true</text></answer></question></quiz>',
            "判断题",
        ),
        ('<quiz><question type="multichoice">', "不是有效的 XML"),
        ("<questions/>", "<quiz>"),
        ('<!DOCTYPE quiz [<!ENTITY x "y">]><quiz/>', "DOCTYPE"),
    ],
)
def test_malformed_moodle_xml_is_reported(xml, problem):
    result = parse_moodle_xml(xml, default_category="防诈骗")
    assert result.questions == [] or result.errors
    assert any(problem in error for error in result.errors), result.errors


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["题型", "题目", "A", "B", "C", "D", "答案", "解析", "分类", "难度"]


def test_an_excel_sheet_is_read():
    content = _xlsx(
        [
            HEADER,
            [
                "单选",
                "家中起火首先应该？",
                "拨打119",
                "先收拾贵重物品",
                "乘电梯逃生",
                None,
                "A",
                "先报警，再逃生。",
                "消防",
                "易",
            ],
            [
                "多选",
                "垃圾分类有哪几类？",
                "可回收物",
                "有害垃圾",
                "厨余垃圾",
                "其他垃圾",
                "A,B,C,D",
                None,
                "垃圾分类",
                "中",
            ],
            ["判断", "中国共产党成立于1921年。", None, None, None, None, "对", None, "党史", 1],
        ]
    )
    result = parse_excel(content)
    assert result.errors == []
    fire, rubbish, history = result.questions
    assert fire.choices[0] == ("拨打119", True) and fire.difficulty == 1
    assert rubbish.kind == "multiple" and all(ok for _t, ok in rubbish.choices)
    assert history.kind == "true_false" and history.choices[0] == ("正确", True)


def test_bad_excel_rows_are_listed_with_their_row_numbers():
    content = _xlsx(
        [
            HEADER,
            ["单选", "好题", "甲", "乙", None, None, "A", None, "消防", None],
            ["单选", "答案不存在", "甲", "乙", None, None, "E", None, "消防", None],
            ["问答", "题型不对", "甲", "乙", None, None, "A", None, "消防", None],
            ["判断", "判断错", None, None, None, None, "也许", None, "消防", None],
        ]
    )
    errors = parse_excel(content).errors
    assert [e.split("：")[0] for e in errors] == [
        "第2题（第3行）",
        "第3题（第4行）",
        "第4题（第5行）",
    ]


def test_a_file_that_is_not_excel_is_refused():
    assert "不是 Excel" in parse_excel(b"hello").errors[0]


@pytest.mark.django_db
def test_an_import_saves_every_question_or_none():
    node = street()
    good = (FILES / "jindu.gift").read_bytes()
    created = services.questions_import(actor=None, node=node, filename="jindu.gift", content=good)
    assert len(created) == 6 and Question.objects.count() == 6
    assert Question.objects.get(text__startswith="吸毒").choices.count() == 2
    bad = good + "\n\n坏题 {=一 =二}\n".encode()
    with pytest.raises(ImportRefused) as error:
        services.questions_import(actor=None, node=node, filename="jindu.gift", content=bad)
    assert len(error.value.problems) == 1
    assert Question.objects.count() == 6  # nothing of the bad file


@pytest.mark.django_db
def test_a_gbk_encoded_gift_file_is_read():
    node = street()
    content = "$CATEGORY: 消防\n\n电动车可以在楼道充电吗？{F}\n".encode("gbk")
    created = services.questions_import(actor=None, node=node, filename="x.txt", content=content)
    assert created[0].text == "电动车可以在楼道充电吗？" and created[0].category.name == "消防"
