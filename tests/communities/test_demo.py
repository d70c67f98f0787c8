import pytest

from communities.models import Household, Node, Post, Residency
from communities.scoping import scope_for_user
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed():
    from accounts import demo as accounts_demo
    from communities import demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def test_the_demo_street_is_complete_and_idempotent():
    context = _seed()
    counts = (Node.objects.count(), Household.objects.count(), Post.objects.count())
    residencies = Residency.objects.count()
    _seed()
    assert (Node.objects.count(), Household.objects.count(), Post.objects.count()) == counts
    assert Residency.objects.count() == residencies
    data = context.data
    assert data["street"].code == "440604001"
    # 禅城区 holds 祖庙街道 and 石湾镇街道; its staff manage both, 石湾's staff only theirs
    assert data["district"].code == "440604" and data["city"].code == "440600"
    assert list(data["district"].children.values_list("name", flat=True)) == [
        "祖庙街道",
        "石湾镇街道",
    ]
    district_scope = scope_for_user(data["district_staff"])
    assert district_scope.manages(data["household"].node)
    assert district_scope.manages(data["second_street"])
    assert not scope_for_user(data["second_street_staff"]).contains(data["household"].node)
    assert len(data["grids"]["塔坡社区"]) == 7
    assert {"塔坡社区", "保安社区", "祖庙社区", "升平社区"} <= set(data["communities"])
    assert (
        data["household"].node.full_name == "祖庙街道 / 塔坡社区 / 第3网格 / 塔坡小区 / 5栋 / 2单元"
    )
    assert Residency.objects.get(user=data["resident"]).status == "approved"
    assert Residency.objects.get(user=data["resident_pending"]).status == "pending"
    logins = [login for _role, login, _password in context.credentials]
    assert data["captain"].phone in logins and data["grid_worker"].phone in logins
