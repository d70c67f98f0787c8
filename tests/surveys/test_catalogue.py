"""The needs catalogue's staff page: street staff add, rename and retire categories and items
through the services (audited); residents, captains and community staff are refused."""

import pytest

from audit.models import AuditEntry
from surveys.models import NeedCategory, NeedItem
from tests.surveys.factories import live_in

pytestmark = pytest.mark.django_db

URL = "/surveys/needs/catalogue/"


def test_street_staff_add_rename_and_retire(client, street_staff):
    client.force_login(street_staff)
    page = client.get(URL).content.decode()
    assert "需求清单" in page and "助餐送餐" in page
    client.post(URL, {"form": "category", "category-name": "  邻里互助 ", "category-position": 9})
    category = NeedCategory.objects.get(name="邻里互助")
    client.post(
        URL,
        {
            "form": "item",
            "item-category": category.pk,
            "item-name": "代买代办",
            "item-team_kind": "",
            "item-services": "社区跑腿",
            "item-position": 1,
        },
    )
    item = NeedItem.objects.get(name="代买代办")
    assert item.category == category and item.services == "社区跑腿" and item.is_active
    client.post(f"{URL}category/{category.pk}/", {"name": "邻里帮扶", "position": 9})
    client.post(
        f"{URL}item/{item.pk}/",
        {"category": category.pk, "name": "代买药品", "services": "", "position": 2},
    )
    item.refresh_from_db()
    assert item.name == "代买药品" and item.category.name == "邻里帮扶"
    client.post(f"{URL}item/{item.pk}/active/", {"active": "0"})
    item.refresh_from_db()
    assert not item.is_active
    assert "代买药品" not in client.get("/surveys/needs/").content.decode()
    elders = NeedCategory.objects.get(name="养老服务")
    client.post(f"{URL}category/{elders.pk}/retire/")
    assert not elders.items.filter(is_active=True).exists()
    actions = set(AuditEntry.objects.filter(actor=street_staff).values_list("action", flat=True))
    assert actions == {
        "surveys.need_category_add",
        "surveys.need_category_change",
        "surveys.need_item_add",
        "surveys.need_item_change",
        "surveys.need_item_retire",
    }
    demand = client.get("/surveys/needs/demand/").content.decode()
    assert 'href="/surveys/needs/catalogue/"' in demand


def test_a_duplicate_or_blank_name_is_said_on_the_form(client, street_staff):
    client.force_login(street_staff)
    page = client.post(
        URL, {"form": "category", "category-name": "养老服务", "category-position": 0}
    )
    assert page.status_code == 200 and "已有同名的类别" in page.content.decode()
    category = NeedCategory.objects.get(name="养老服务")
    page = client.post(
        URL,
        {"form": "item", "item-category": category.pk, "item-name": "助餐送餐", "item-position": 0},
    )
    assert page.status_code == 200 and "已有同名的需求" in page.content.decode()
    page = client.post(URL, {"form": "category", "category-name": "   ", "category-position": 0})
    assert page.status_code == 200
    assert client.get(f"{URL}item/999999/").status_code == 404


def test_residents_captains_and_community_staff_are_refused(client, tapo, tapo_staff, tapo_captain):
    item = NeedItem.objects.first()
    for user in (live_in(tapo["households"][0]).user, tapo_captain, tapo_staff):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(f"{URL}item/{item.pk}/active/", {"active": "0"}).status_code == 404
        assert client.get(f"{URL}category/{item.category_id}/").status_code == 404
    item.refresh_from_db()
    assert item.is_active
    assert "需求清单" not in client.get("/surveys/needs/demand/").content.decode()
