"""Pages: a resident answers on the phone page and marks needs; staff publish, read results
(charts, Excel) and demand; another community is refused; lists stay flat."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from surveys.models import NeedItem, NeedMark, Response, Survey
from tests.querycount import assert_flat
from tests.surveys.factories import answers_for, live_in, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


@pytest.fixture
def survey(tapo, tapo_staff):
    return make_survey(actor=tapo_staff, node=tapo["community"])


def _post_answers(survey) -> dict:
    return {
        f"q{qid}": [str(v) for v in value] if isinstance(value, list) else str(value)
        for qid, value in answers_for(survey).items()
    }


def test_a_resident_answers_on_the_page(client, survey, resident):
    client.force_login(resident)
    page = client.get(f"/surveys/{survey.pk}/")
    html = page.content.decode()
    assert "<legend>您最希望增加哪类活动？" in html and 'type="radio"' in html
    response = client.post(f"/surveys/{survey.pk}/", _post_answers(survey), follow=True)
    assert "您的回答已记录" in response.content.decode()
    assert Response.objects.get().respondent == resident
    again = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "此问卷已回答" in again and "提交回答" not in again


def test_a_missing_answer_shows_the_form_again_with_an_error(client, survey, resident):
    client.force_login(resident)
    data = _post_answers(survey)
    rating = [k for k in data if data[k] == "4"][0]
    del data[rating]
    page = client.post(f"/surveys/{survey.pk}/", data)
    assert page.status_code == 200 and not Response.objects.exists()


def test_another_community_cannot_open_or_read_results(client, survey, baoan, baoan_staff):
    client.force_login(baoan_staff)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 404
    assert client.get(f"/surveys/{survey.pk}/results.xlsx").status_code == 404
    client.force_login(live_in(baoan["households"][0]).user)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404


def test_staff_publish_a_survey_with_the_question_rows(client, tapo, tapo_staff):
    client.force_login(tapo_staff)
    assert client.get("/surveys/new/").status_code == 200
    data = {
        "node": tapo["community"].pk,
        "title": "加装电梯意见征集",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-kind": "single",
        "q-0-text": "您是否同意加装电梯？",
        "q-0-choices": "同意\n不同意\n",
        "q-0-required": "on",
        "q-1-kind": "text",
        "q-1-text": "",
    }
    response = client.post("/surveys/new/", data)
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.questions.count() == 1
    bad = client.post("/surveys/new/", {**data, "q-0-choices": "同意"})
    assert bad.status_code == 200 and Survey.objects.count() == 1


def test_results_page_has_charts_and_the_excel_names_are_audited(
    client, survey, resident, tapo_staff
):
    from surveys import services

    services.survey_answer(
        survey=survey, person=resident, actor=resident, answers=answers_for(survey)
    )
    client.force_login(tapo_staff)
    html = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert html.count("<svg") >= 3 and "第1网格" in html
    response = client.get(f"/surveys/{survey.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    answers = list(book.worksheets[0].values)
    assert answers[1][0] == "第1网格" and answers[1][5] == "文体活动"
    grids = list(book.worksheets[1].values)
    assert grids[1][:3] == ("第1网格", 1, 4)
    assert AuditEntry.objects.filter(action="surveys.export", actor=tapo_staff).exists()


def test_a_resident_marks_needs_and_staff_see_demand(client, tapo, resident, tapo_staff):
    item = NeedItem.objects.get(name="助餐送餐")
    client.force_login(resident)
    page = client.get("/surveys/needs/").content.decode()
    assert "<legend>养老服务</legend>" in page
    client.post("/surveys/needs/", {"items": [str(item.pk), "x"]})
    assert list(NeedMark.objects.values_list("item__name", flat=True)) == ["助餐送餐"]
    assert client.get("/surveys/needs/demand/").status_code == 404  # residents: no demand page
    client.force_login(tapo_staff)
    html = client.get("/surveys/needs/demand/").content.decode()
    assert "助餐送餐" in html and "长者饭堂" in html
    assert client.get("/surveys/needs/demand/?place=999999").status_code == 404


def test_list_pages_stay_flat(client, tapo, tapo_staff, resident):
    def grow():
        for index in range(3):
            make_survey(actor=tapo_staff, node=tapo["community"], title=f"调查{index}")

    grow()  # a page with rows, then more rows

    client.force_login(resident)
    assert_flat(client, "/surveys/", grow)
    client.force_login(tapo_staff)
    assert_flat(client, "/surveys/manage/", grow)
