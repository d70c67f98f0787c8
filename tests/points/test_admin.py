import datetime as dt

import pytest
import time_machine

from audit.models import AuditEntry
from points.models import Currency, Period, Posting, Settlement
from points.services import account_for_user, points_award
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory, BoardPrizeFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_postings_are_read_only_in_the_admin(admin_client, user):
    posting = points_award(user=user, amount=5, key="k", reason="答题奖励")
    assert admin_client.get("/admin/points/posting/").status_code == 200
    page = admin_client.get(f"/admin/points/posting/{posting.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get("/admin/points/posting/add/").status_code == 403
    assert admin_client.post(f"/admin/points/posting/{posting.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/points/account/").status_code == 200


def test_staff_correct_a_posting_by_reversal_with_a_reason(admin_client, user, staff_user):
    posting = points_award(user=user, amount=5, key="k", reason="误发")
    data = {"action": "reverse_postings", "_selected_action": [posting.pk]}
    # first the form asking for a reason
    page = admin_client.post("/admin/points/posting/", data)
    assert "更正原因" in page.content.decode()
    # then the reversal
    admin_client.post("/admin/points/posting/", {**data, "reason": "重复发放"})
    reversal = Posting.objects.get(reverses=posting)
    assert reversal.reason == "重复发放" and reversal.actor == staff_user
    assert account_for_user(user, Currency.POINT).balance == 0
    assert AuditEntry.objects.filter(action="points.posting_reversed", actor=staff_user).exists()


def test_staff_preview_then_settle_a_period_in_the_admin(client, user, staff_user):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=1, points=100)
    with time_machine.travel(T0, tick=False):
        points_award(user=user, amount=5, key="k", reason="答题", boards=["campaign:12"])
    url = f"/admin/points/board/{board.pk}/settle/"
    # The staff member logs in and works at one instant after the week ended, and stays there:
    # a session started at another time would meet the staff idle timeout.
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.force_login(staff_user)
        # the preview shows the winner and writes nothing
        page = client.get(url, {"period_key": "2026-W48"})
        assert page.status_code == 200
        html = page.content.decode()
        assert str(user) in html and "立即结算本周期" in html
        assert not Settlement.objects.exists()
        # settling calls the service as the staff member
        response = client.post(url, {"period_key": "2026-W48", "settle": "1"})
        settlement = Settlement.objects.get()
        assert response.status_code == 302
        assert settlement.state == Settlement.State.DONE and settlement.actor == staff_user
        assert account_for_user(user, Currency.POINT).balance == 105
        assert client.get(f"/admin/points/settlement/{settlement.pk}/change/").status_code == 200
        assert client.get("/admin/points/settlementrank/").status_code == 200
        assert client.get("/admin/points/prizeaward/").status_code == 200


def test_an_open_period_is_previewed_but_not_settled(client, user, staff_user):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    with time_machine.travel(T0, tick=False):
        client.force_login(staff_user)
        admin_client = client
        points_award(user=user, amount=5, key="k", reason="答题", boards=["campaign:12"])
        url = f"/admin/points/board/{board.pk}/settle/"
        html = admin_client.get(url, {"period_key": "2026-W48"}).content.decode()
        assert "结束后才能结算" in html
        admin_client.post(url, {"period_key": "2026-W48", "settle": "1"})
    assert not Settlement.objects.exists()


def test_staff_without_the_permission_cannot_reverse_or_settle(client):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/points/posting/").status_code == 403
