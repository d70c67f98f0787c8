import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from communities import services
from communities.models import Household, Node, PatrolLog, Post, Residency
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_a_resident_claims_a_household_through_the_pages(client, tapo):
    resident = _login(client, UserFactory())
    # the resident searches their building by name
    html = client.get("/community/claim/", {"q": "塔坡小区 5栋"}).content.decode()
    assert "塔坡" in html
    html = client.get("/community/claim/", {"q": "塔坡小区"}).content.decode()
    assert f"/community/claim/{tapo['building'].pk}/" in html
    # and claims room 201 of 1单元
    household = tapo["households"][2]
    response = client.post(
        f"/community/claim/{tapo['building'].pk}/",
        {"household": household.pk, "relation": "head", "residence_type": "registered"},
    )
    assert response.status_code == 302
    residency = Residency.objects.get(household=household)
    assert residency.status == "pending"
    assert "待审核" in client.get("/community/").content.decode()
    assert resident


def test_a_claim_cannot_pick_a_room_of_another_building(client, tapo, baoan):
    _login(client, UserFactory())
    response = client.post(
        f"/community/claim/{tapo['building'].pk}/",
        {
            "household": baoan["households"][0].pk,
            "relation": "head",
            "residence_type": "registered",
        },
    )
    assert response.status_code == 200
    assert not Residency.objects.exists()


def test_the_captain_sees_pending_claims_and_approves_one(client, tapo, tapo_captain):
    claim = services.household_claim(
        user=UserFactory(real_name="王芳"), household=tapo["households"][0], relation="head"
    )
    _login(client, tapo_captain)
    html = client.get("/community/building/").content.decode()
    assert "王芳" in html
    response = client.post(
        f"/community/claims/{claim.pk}/approve/", {"next": "/community/building/"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert Message.objects.filter(recipient=claim.user).exists()


def test_a_captain_of_another_community_cannot_approve(client, tapo, baoan_captain):
    claim = services.household_claim(
        user=UserFactory(), household=tapo["households"][0], relation="head"
    )
    _login(client, baoan_captain)
    assert client.post(f"/community/claims/{claim.pk}/approve/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_my_community_shows_my_captain_with_a_masked_phone(client, tapo, tapo_captain):
    resident = UserFactory()
    Residency.objects.create(
        user=resident, household=tapo["households"][0], relation="head", status="approved"
    )
    appoint(Post.Kind.GRID_WORKER, tapo["grid"])
    html = _login(client, resident).get("/community/").content.decode()
    assert tapo_captain.masked_phone in html
    assert ">" + tapo_captain.phone + "<" not in html
    assert "网格员" in html


def _jpeg_with_exif() -> io.BytesIO:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "patrol.jpg"
    return buffer


def test_a_captain_records_a_patrol_with_a_photo_and_exif_is_stripped(
    client, tapo, tapo_captain, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _login(client, tapo_captain)
    response = client.post(
        "/community/patrol/",
        {
            "building": tapo["building"].pk,
            "has_problem": "on",
            "findings": "2单元楼道堆放杂物",
            "photos": [_jpeg_with_exif()],
        },
    )
    assert response.status_code == 302, response.content.decode()
    log = PatrolLog.objects.get()
    photo = log.photos.get()
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()


def test_a_fake_photo_is_refused(client, tapo, tapo_captain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _login(client, tapo_captain)
    fake = io.BytesIO(b"not an image at all")
    fake.name = "x.jpg"
    response = client.post(
        "/community/patrol/", {"building": tapo["building"].pk, "photos": [fake]}
    )
    assert response.status_code == 200
    # the message comes from core.images (the project catalogue translates it)
    assert 'class="message message-error form-errors"' in response.content.decode()
    assert not PatrolLog.objects.exists()


def test_a_captain_cannot_patrol_another_building(client, baoan, tapo_captain):
    _login(client, tapo_captain)
    response = client.post(
        "/community/patrol/", {"building": baoan["building"].pk, "findings": "x"}
    )
    assert response.status_code == 200  # the choice is not offered
    assert not PatrolLog.objects.exists()


def test_the_daily_report_is_saved(client, tapo, tapo_captain):
    _login(client, tapo_captain)
    response = client.post(
        "/community/report/",
        {
            "node": tapo["building"].pk,
            "summary": "巡查正常",
            "problems_found": 1,
            "problems_handled": 1,
        },
    )
    assert response.status_code == 302
    assert tapo_captain.daily_reports.get().summary == "巡查正常"


def test_the_building_board_is_public_with_a_masked_phone_and_a_qr_code(client, tapo, tapo_captain):
    html = client.get(f"/community/board/{tapo['building'].code}/").content.decode()
    assert tapo_captain.masked_phone in html
    assert tapo_captain.phone not in html
    assert "data:image/svg+xml;base64," in html
    assert "@page" not in html  # print rules live in the stylesheet
    assert "楼长" in html


def test_staff_pages_are_hidden_from_residents_and_captains(client, tapo_captain):
    _login(client, tapo_captain)
    assert client.get("/community/tree/").status_code == 404
    _login(client, UserFactory())
    assert client.get("/community/tree/").status_code == 404
    assert client.get("/community/building/").status_code == 404


def test_staff_of_another_community_get_404_on_a_place(client, tapo, baoan_staff):
    _login(client, baoan_staff)
    assert client.get(f"/community/tree/{tapo['building'].pk}/").status_code == 404
    assert client.get(f"/community/tree/{tapo['community'].pk}/").status_code == 404


def test_staff_search_by_resident_name_stays_in_scope(client, tapo, baoan, tapo_staff):
    Residency.objects.create(
        user=UserFactory(real_name="赵大山"),
        household=baoan["households"][0],
        relation="head",
        status="approved",
    )
    _login(client, tapo_staff)
    html = client.get("/community/tree/", {"q": "赵大山"}).content.decode()
    assert "保安社区" not in html.split("搜索结果")[-1].split("我的辖区")[0]


def test_captains_without_patrol_page_lists_only_my_area(
    client, tapo, baoan, tapo_staff, tapo_captain, baoan_captain
):
    _login(client, tapo_staff)
    html = client.get("/community/patrols/missing/").content.decode()
    assert tapo_captain.real_name in html
    assert baoan_captain.real_name not in html


def _grow_tree(parent: Node, count: int) -> None:
    for i in range(count):
        building = services.node_create(
            actor=None, kind="building", name=f"{i + 10}栋", parent=parent
        )
        Household.objects.create(node=building, room="101")


def test_the_tree_page_keeps_a_flat_query_count_as_places_grow(client, tapo, tapo_staff):
    _login(client, tapo_staff)
    url = f"/community/tree/{tapo['compound'].pk}/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm up: the first request of a session also stamps it (staff idle time)
    few = count()
    _grow_tree(tapo["compound"], 15)
    # session, user, scope (posts), unread count, node, ancestors, current posts,
    # children count, children page (with counts) - whatever the number of children
    assert count() == few


def test_the_building_page_keeps_a_flat_query_count_as_households_grow(client, tapo, tapo_captain):
    _login(client, tapo_captain)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/community/building/").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm up: the first request of a session also stamps it (staff idle time)
    few = count()
    for i in range(10):
        household = Household.objects.create(node=tapo["units"][0], room=f"9{i:02d}")
        Residency.objects.create(
            user=UserFactory(), household=household, relation="head", status="approved"
        )
        services.household_claim(user=UserFactory(), household=household, relation="member")
    assert count() == few


def test_the_pending_claims_page_keeps_a_flat_query_count(client, tapo, tapo_staff):
    _login(client, tapo_staff)
    services.household_claim(user=UserFactory(), household=tapo["households"][0], relation="head")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/community/claims/").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm up: the first request of a session also stamps it (staff idle time)
    few = count()
    for household in tapo["households"][1:]:
        services.household_claim(user=UserFactory(), household=household, relation="head")
    assert count() == few
