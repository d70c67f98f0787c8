"""Importers on real-looking files: Moodle GIFT, Moodle XML and Excel, including broken ones."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from quizzes import services
from quizzes.importers import parse_excel, parse_gift, parse_moodle_xml
from quizzes.models import Question
from quizzes.services.questions import ImportRefused
from tests.accounts.factories import UserFactory
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
    # the feedback for a wrong answer is kept after the answer it belongs to
    assert q["吸毒"].explanation == (
        "任何毒品都有成瘾性，不要抱有侥幸心理。\n正确：毒品极易成瘾，一次也不能尝试。"
    )
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
        ("题目 {=对 ~%100%也对 ~错}", "单选题只能有一个正确答案"),
        ("::没有结束 题目 {T}", "标题"),
        ("题目 {~错 ~也错}", "没有标出正确答案"),
        ("题目 {对 ~错}", "开头"),
        ("题目 } 反了 {", "大括号"),
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
    assert single.explanation == '所有刷单都是诈骗，不要相信"先垫付后返利"。\n是诈骗：正确'
    assert single.category == "防诈骗" and single.kind == "single"
    assert multiple.kind == "multiple" and [ok for _t, ok in multiple.choices] == [
        True,
        True,
        False,
    ]
    assert truefalse.kind == "true_false" and truefalse.choices == [("正确", False), ("错误", True)]
    assert truefalse.number == 4  # the description counts (it is listed as left out)
    assert result.skipped == ["第3题（第45行）：说明文字，不是题目"]


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (
            '<quiz><question type="essay"><questiontext><text>谈谈</text></questiontext>'
            "</question></quiz>",
            "没有一道题可以用于竞答",
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
    bad = good + "\n\n坏题 {=一 =二 ~三}\n".encode()
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


def _by_title(result):
    return {question.title: question for question in result.questions}


MIXED_LEFT_OUT_GIFT = [
    "第1题（第6行）：说明文字，不是题目",
    "第6题（第35行）：填空题",
    "第7题（第41行）：数值题",
    "第8题（第46行）：匹配题",
    "第9题（第54行）：问答题",
    "第10题（第57行）：含有图片，答题页面无法显示图片",
]


def test_a_moodle_gift_export_of_mixed_types_keeps_the_playable_questions():
    # given a GIFT file as Moodle exports it: every question type, HTML, entities, Markdown
    result = parse_gift((FILES / "moodle_mixed.gift").read_text())
    # then the questions the quiz cannot play are listed with their line and why
    assert result.errors == []
    assert result.skipped == MIXED_LEFT_OUT_GIFT
    q = _by_title(result)
    assert list(q) == ["毒品种类", "防范措施", "禁毒日", "判断", "网址", "禁毒法"]
    # one "=" answer and a 50 % option: single choice, only the "=" answer is right
    kinds = q["毒品种类"]
    assert kinds.kind == "single" and kinds.category == "禁毒知识"
    assert kinds.choices == [
        ("甲基苯丙胺（冰毒）", True),
        ("含可待因的止咳水（滥用时）", False),
        ("咖啡", False),
    ]
    # <p> becomes a line, &nbsp; a space, and each answer's feedback follows its answer
    assert kinds.explanation == (
        "《刑法》第357条 规定了毒品的范围。\n遇到涉毒线索请拨打 110。\n"
        "甲基苯丙胺（冰毒）：对。冰毒是常见的合成毒品。\n"
        "含可待因的止咳水（滥用时）：部分正确：滥用才会成瘾。\n"
        "咖啡：咖啡不是毒品。"
    )
    # no "=": the options with positive weights share the credit, so both are right
    ways = q["防范措施"]
    assert ways.kind == "multiple"
    assert ways.choices == [
        ('不接受陌生人给的"奶茶"、"糖果"', True),
        ("发现可疑物品及时报警", True),
        ("出于好奇<尝一次>没关系", False),
    ]
    assert ways.explanation == "出于好奇<尝一次>没关系：一次也不能尝试！"
    # <br> is a line break; negative weights are wrong
    day = q["禁毒日"]
    assert day.text == "国际禁毒日是每年的哪一天？\n（请选择）"
    assert [ok for _text, ok in day.choices] == [False, True, False]
    # true/false with feedback for the wrong and the right answer
    judge = q["判断"]
    assert judge.choices == [("正确", False), ("错误", True)]
    assert judge.explanation == (
        "吸毒者常因毒资走上违法犯罪道路。\n正确：吸毒会危害家庭和社会。\n错误：答对了。"
    )
    # Moodle's escapes inside HTML (\= \: \#) and a numeric entity
    assert q["网址"].text == "禁毒知识可以在 中国禁毒网 学习，对吗?"
    # [markdown] is rendered to plain text; a 33 % option beside "=" is wrong
    law = q["禁毒法"]
    assert law.text == "《中华人民共和国禁毒法》自哪一年起施行？\n提示：与奥运同年"
    assert law.choices == [("2008年", True), ("2010年", False), ("2007年", False)]


def test_a_moodle_xml_export_of_mixed_types_follows_the_same_rules():
    result = parse_moodle_xml((FILES / "moodle_mixed.xml").read_bytes())
    assert result.errors == []
    assert result.skipped == [
        "第1题（第14行）：说明文字，不是题目",
        "第5题（第137行）：填空题",
        "第6题（第152行）：数值题",
        "第7题（第167行）：匹配题",
        "第8题（第185行）：问答题",
        "第9题（第196行）：含有图片，答题页面无法显示图片",
    ]
    q = _by_title(result)
    assert list(q) == ["毒品种类", "防范措施", "判断", "禁毒法"]
    assert q["毒品种类"].choices == [
        ("甲基苯丙胺（冰毒）", True),
        ("含可待因的止咳水（滥用时）", False),
        ("咖啡", False),
    ]
    assert q["毒品种类"].explanation.splitlines() == [
        "《刑法》第357条 规定了毒品的范围。",
        "遇到涉毒线索请拨打 110。",
        "甲基苯丙胺（冰毒）：对。冰毒是常见的合成毒品。",
        "含可待因的止咳水（滥用时）：部分正确：滥用才会成瘾。",
    ]
    ways = q["防范措施"]
    assert ways.kind == "multiple" and ways.text == "防范新型毒品，下列做法正确的有："
    assert [ok for _text, ok in ways.choices] == [True, True, False]
    assert ways.choices[2][0] == "出于好奇<尝一次>没关系"
    # moodle_auto_format keeps the writer's line break
    assert q["判断"].text == "吸毒只会伤害自己，\n不会危害家庭和社会。"
    assert q["判断"].explanation.splitlines()[1:] == [
        "正确：吸毒会危害家庭和社会。",
        "错误：答对了。",
    ]
    law = q["禁毒法"]
    assert law.text == "《中华人民共和国禁毒法》自哪一年起施行？\n提示：与奥运同年"
    assert law.explanation == "自 2008年6月1日 起施行。"
    assert [ok for _text, ok in law.choices] == [True, False, False]


def test_a_mistake_in_a_playable_question_refuses_the_file_and_still_lists_the_others():
    content = (FILES / "moodle_mixed.gift").read_text() + "\n\n坏题 {=甲 =乙 ~丙}\n"
    result = parse_gift(content)
    assert result.errors == ["第13题（第73行）：单选题只能有一个正确答案"]
    assert result.skipped == MIXED_LEFT_OUT_GIFT


@pytest.mark.django_db
def test_a_mixed_file_is_imported_only_once_staff_confirm_leaving_the_listed_out():
    from audit.models import AuditEntry
    from quizzes.models import QuestionImport

    node = street()
    content = (FILES / "moodle_mixed.gift").read_bytes()
    # when the file is imported without confirmation, nothing is imported and the list comes back
    with pytest.raises(services.ImportNeedsConfirmation) as mixed:
        services.questions_import(actor=None, node=node, filename="bank.gift", content=content)
    assert (mixed.value.skipped, mixed.value.importable) == (MIXED_LEFT_OUT_GIFT, 6)
    assert not Question.objects.exists()
    # when staff upload it, the file is held; when they confirm, the six are imported once
    staff = UserFactory(is_staff=True, is_superuser=True)
    held = services.questions_upload(
        actor=staff, node=node, filename="bank.gift", content=content
    ).held
    assert held.status == QuestionImport.Status.WAITING and not Question.objects.exists()
    created = services.question_import_confirm(actor=staff, held=held)
    assert len(created) == 6 and Question.objects.count() == 6
    single = Question.objects.get(text__startswith="下列哪一项")
    assert list(single.choices.values_list("is_correct", flat=True)) == [True, False, False]
    entry = AuditEntry.objects.get(action="quizzes.questions_imported")
    assert (entry.details["count"], entry.details["left_out"]) == (6, 6)
    held.refresh_from_db()
    assert held.status == QuestionImport.Status.IMPORTED and bytes(held.content) == b""
    with pytest.raises(ValidationError) as again:
        services.question_import_confirm(actor=staff, held=held)
    assert again.value.code == "already_imported" and Question.objects.count() == 6
