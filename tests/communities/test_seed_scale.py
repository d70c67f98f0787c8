import pytest
from django.core.management import call_command

from communities.captained import captained_count
from communities.models import Household, Node, Post, Residency
from communities.scoping import scope_for_user
from communities.selectors import buildings_without_captain_count

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_a_consistent_street_once(capsys):
    call_command("seed_scale", buildings=40, residents=300, communities=2, grids=2)
    street = Node.objects.get(code="440604900")
    assert Node.objects.filter(kind="building").count() == 40
    assert Node.objects.filter(kind="unit").count() == 80
    assert Residency.objects.count() == 300
    unit = Node.objects.filter(kind="unit").last()
    # codes, paths and names are what node_create would have written
    assert unit.path == "".join(f"{a.code}/" for a in unit.ancestors()) + f"{unit.code}/"
    assert unit.full_name.startswith("规模测试街道 / 测试2社区 / 第2网格")
    staff = Post.objects.get(kind="community_staff", node__name="测试1社区").user
    scope = scope_for_user(staff)
    community = scope.roots[0]
    inside = Household.objects.filter(community.subtree_q("node")).count()
    assert 0 < scope.filter(Household.objects.all()).count() == inside < Household.objects.count()
    assert Post.objects.get(kind="street_staff").node == street
    call_command("seed_scale", buildings=40, residents=300, communities=2, grids=2)
    assert "already exists" in capsys.readouterr().out
    assert Residency.objects.count() == 300


def test_seed_scale_builds_several_streets_under_one_district(capsys):
    call_command("seed_scale", streets=2, buildings=12, residents=50, communities=2, grids=1)
    district = Node.objects.get(code="440699", kind="district")
    streets = list(Node.objects.filter(kind="street").order_by("code"))
    assert [s.code for s in streets] == ["440699901", "440699902"]
    assert all(s.parent == district for s in streets)
    assert Residency.objects.count() == 100
    # every street has its own people; the district's staff see both streets
    staff = Post.objects.get(kind="district_staff").user
    scope = scope_for_user(staff)
    assert scope.filter(Residency.objects.all(), "household__node").count() == 100
    one = Post.objects.get(kind="street_staff", node=streets[0]).user
    assert scope_for_user(one).filter(Residency.objects.all(), "household__node").count() == 50
    unit = streets[1].subtree(["unit"]).last()
    assert unit.path.startswith(district.path) and unit.full_name.startswith("规模测试2街道 / ")
    # the captains came in by COPY: the counters per place were rebuilt after it
    assert buildings_without_captain_count(node=district) == 0
    assert captained_count(node=district) == 24 and captained_count(node=streets[0]) == 12
    call_command("seed_scale", streets=2, buildings=12, residents=50, communities=2, grids=1)
    assert Residency.objects.count() == 100
