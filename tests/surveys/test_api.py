"""API: list, read and answer (for oneself and for a resident, 代办); staff publish and read
results; needs and demand; another community gets 404; the list stays flat."""

import pytest

from surveys.models import NeedItem, NeedMark, Response
from tests.querycount import assert_flat
from tests.surveys.factories import QUESTIONS, live_in, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def _sheet(detail: dict) -> list[dict]:
    single, multiple, rating, text = detail["questions"]
    return [
        {"question": single["id"], "choices": [single["choices"][1]["id"]]},
        {"question": multiple["id"], "choices": [c["id"] for c in multiple["choices"][:2]]},
        {"question": rating["id"], "rating": 5},
        {"question": text["id"], "text": "好"},
    ]


def test_a_resident_reads_and_answers(api_client, tapo, tapo_staff, resident):
    survey = make_survey(actor=tapo_staff, node=tapo["community"])
    api_client.force_authenticate(resident)
    listed = api_client.get("/api/v1/surveys/").json()
    assert [s["id"] for s in listed["results"]] == [survey.pk]
    detail = api_client.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert detail["answered"] is False and len(detail["questions"]) == 4
    url = f"/api/v1/surveys/{survey.pk}/answers/"
    answered = api_client.post(url, {"answers": _sheet(detail)}, format="json")
    assert answered.status_code == 201 and answered.json()["entered_by_other"] is False
    again = api_client.post(url, {"answers": _sheet(detail)}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    assert api_client.post(url, {"answers": "x"}, format="json").status_code == 400


def test_a_captain_answers_for_a_resident_and_not_for_another_community(
    api_client, tapo, baoan, tapo_staff, tapo_captain, resident
):
    survey = make_survey(actor=tapo_staff, node=tapo["community"])
    api_client.force_authenticate(tapo_captain)
    detail = api_client.get(f"/api/v1/surveys/{survey.pk}/").json()
    url = f"/api/v1/surveys/{survey.pk}/answers/"
    done = api_client.post(url, {"answers": _sheet(detail), "for_user": resident.pk}, format="json")
    assert done.status_code == 201 and done.json()["entered_by_other"] is True
    assert Response.objects.get().entered_by == tapo_captain
    far = live_in(baoan["households"][0]).user
    refused = api_client.post(url, {"answers": _sheet(detail), "for_user": far.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "out_of_scope"


def test_staff_publish_and_read_results_other_community_404(
    api_client, tapo, tapo_staff, baoan_staff
):
    api_client.force_authenticate(tapo_staff)
    created = api_client.post(
        "/api/v1/surveys/publish/",
        {"node": tapo["community"].pk, "title": "调查", "questions": QUESTIONS},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    results = api_client.get(f"/api/v1/surveys/{pk}/results/").json()
    assert results["total"] == 0 and len(results["questions"]) == 4
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"/api/v1/surveys/{pk}/results/").status_code == 404
    bad = api_client.post(
        "/api/v1/surveys/publish/",
        {"node": tapo["community"].pk, "title": "调查", "questions": QUESTIONS},
        format="json",
    )
    assert bad.status_code == 404


def test_needs_are_read_set_and_counted(api_client, tapo, tapo_staff, resident):
    item = NeedItem.objects.get(name="助餐送餐")
    api_client.force_authenticate(resident)
    catalogue = api_client.get("/api/v1/surveys/needs/").json()
    assert len(catalogue) == 8
    assert (
        api_client.put("/api/v1/surveys/needs/", {"items": [item.pk]}, format="json").status_code
        == 200
    )
    assert NeedMark.objects.get().item == item
    assert (
        api_client.put("/api/v1/surveys/needs/", {"items": [999999]}, format="json").status_code
        == 404
    )
    assert api_client.get("/api/v1/surveys/needs/demand/").status_code == 404
    api_client.force_authenticate(tapo_staff)
    demand = api_client.get("/api/v1/surveys/needs/demand/").json()
    assert demand["rows"][0]["name"] == "助餐送餐" and demand["rows"][0]["total"] == 1
    assert api_client.get("/api/v1/surveys/needs/demand/?place=abc").status_code == 404


def test_the_survey_list_stays_flat(api_client, tapo, tapo_staff, resident):
    api_client.force_authenticate(resident)

    def grow():
        for index in range(3):
            make_survey(actor=tapo_staff, node=tapo["community"], title=f"调查{index}")

    grow()  # a page with rows, then more rows

    assert_flat(api_client, "/api/v1/surveys/", grow)
