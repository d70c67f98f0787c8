"""The report form as a hurried resident meets it: no kind chosen for them, location by a button,
short place names, and their own reports one tap from home."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import Case
from tests.cases.factories import category, report
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(client, tapo):
    user = ResidencyFactory(household=tapo["households"][0]).user
    client.force_login(user)
    return user


def test_no_kind_of_problem_is_preselected(client, resident, rubbish):
    category("乱摆卖", "街面秩序")
    html = client.get(reverse("cases:new")).content.decode()
    select = html.split('name="category"')[1].split("</select>")[0]
    assert '<option value="" selected>请选择问题类型</option>' in select


def test_a_report_without_a_kind_is_refused_in_chinese_and_keeps_what_was_typed(
    client, resident, tapo, rubbish
):
    response = client.post(
        reverse("cases:new"),
        {"description": "楼道灯坏了三天", "node": tapo["building"].pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择问题的类型。" in html
    assert "楼道灯坏了三天" in html
    assert not Case.objects.exists()


def test_residents_see_no_latitude_or_longitude_boxes_but_a_location_button(client, resident):
    html = client.get(reverse("cases:new")).content.decode()
    assert '<input type="hidden" name="latitude"' in html
    assert '<input type="hidden" name="longitude"' in html
    assert "纬度" not in html and "经度" not in html
    assert "使用我的位置" in html
    assert "/static/cases/report.js" in html
    assert "<script>" not in html  # no inline script (CSP)


def test_a_report_with_the_location_only_is_accepted(client, resident, rubbish):
    response = client.post(
        reverse("cases:new"),
        {
            "category": rubbish.pk,
            "description": "路边井盖缺失",
            "latitude": "23.031234",
            "longitude": "113.112345",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.latitude, case.longitude) == (Decimal("23.031234"), Decimal("113.112345"))


def test_a_malformed_location_says_so_and_changes_nothing(client, resident, rubbish):
    response = client.post(
        reverse("cases:new"),
        {"category": rubbish.pk, "description": "路边井盖缺失", "latitude": "abc"},
    )
    assert response.status_code == 200
    assert "无法读取您的位置" in response.content.decode()
    assert not Case.objects.exists()


def test_places_are_offered_by_their_short_names(client, resident, tapo):
    html = client.get(reverse("cases:new")).content.decode()
    unit = tapo["units"][0]
    assert f'<option value="{unit.pk}">塔坡小区 5栋 1单元</option>' in html
    assert f">{tapo['community'].full_name}<" not in html


def test_my_reports_are_linked_from_home_and_me_and_show_state_and_number(client, resident, tapo):
    case = report(reporter=resident, node=tapo["building"])
    assert reverse("cases:mine") in client.get("/").content.decode()
    assert reverse("cases:mine") in client.get(reverse("accounts:profile")).content.decode()
    html = client.get(reverse("cases:mine")).content.decode()
    assert f"#{case.pk}" in html
    assert case.get_state_display() in html


def test_my_reports_list_only_my_own(client, resident, tapo):
    mine = report(reporter=resident, node=tapo["building"])
    other = report(node=tapo["building"])
    html = client.get(reverse("cases:mine")).content.decode()
    assert f"/cases/{mine.pk}/" in html
    assert f"/cases/{other.pk}/" not in html


def test_a_link_naming_a_building_preselects_it_even_for_a_passer_by(client, tapo, baoan, rubbish):
    # given someone who lives in 保安社区, standing at 塔坡's 5栋 board
    client.force_login(ResidencyFactory(household=baoan["households"][0]).user)
    building = tapo["building"]
    url = reverse("cases:new") + f"?node={building.pk}"
    html = client.get(url).content.decode()
    assert f'<option value="{building.pk}" selected>' in html
    # when they send the form (it posts back to the same address)
    response = client.post(
        url, {"category": rubbish.pk, "description": "楼道堆满杂物", "node": building.pk}
    )
    # then the case is filed at that building
    assert response.status_code == 302
    assert Case.objects.get().node == building


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1" * 40])
def test_a_malformed_or_unknown_place_in_the_link_is_ignored(client, resident, value):
    response = client.get(reverse("cases:new"), {"node": value})
    assert response.status_code == 200
    assert "selected>其他地点</option>" in response.content.decode()
