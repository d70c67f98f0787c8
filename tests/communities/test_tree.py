import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from communities import services
from communities.models import Node

pytestmark = pytest.mark.django_db


def test_codes_follow_the_beijing_grid_pattern_and_lower_levels_append(tapo):
    # 6 district + 3 street + 3 community + 3 sequence = 15 digits for a grid
    assert tapo["community"].code == "440604001001"
    assert tapo["grid"].code == "440604001001001"
    assert len(tapo["grid"].code) == 15
    assert tapo["compound"].code == "440604001001001001"
    assert tapo["building"].code == "440604001001001001001"
    assert [u.code for u in tapo["units"]] == [
        "440604001001001001001" + "01",
        "440604001001001001001" + "02",
    ]


def test_full_name_and_path_describe_the_place(tapo):
    unit = tapo["units"][1]
    assert unit.full_name == "祖庙街道 / 塔坡社区 / 第1网格 / 塔坡小区 / 5栋 / 2单元"
    assert unit.is_descendant_of(tapo["community"])
    assert unit.depth == 5


def test_ancestors_community_and_street_in_one_query(tapo, django_assert_num_queries):
    unit = Node.objects.get(pk=tapo["units"][0].pk)
    with django_assert_num_queries(1):
        names = [n.name for n in unit.ancestors()]
    assert names == ["祖庙街道", "塔坡社区", "第1网格", "塔坡小区", "5栋"]
    assert unit.community == tapo["community"]
    assert unit.street.name == "祖庙街道"
    assert tapo["community"].community == tapo["community"]


def test_a_building_cannot_hang_directly_under_a_street(tree):
    with pytest.raises(ValidationError) as error:
        services.node_create(actor=None, kind=Node.Kind.BUILDING, name="1栋", parent=tree["street"])
    assert error.value.code == "bad_placement"


def test_a_lane_segment_sits_under_a_community_and_gets_a_code(tapo):
    lane = services.node_create(
        actor=None, kind=Node.Kind.STREET_SEGMENT, name="福贤路", parent=tapo["community"]
    )
    assert lane.code == tapo["community"].code + "002"  # after 第1网格
    assert lane.full_name == "祖庙街道 / 塔坡社区 / 福贤路"


def test_renaming_and_moving_keep_the_subtree_names_and_paths_right(tapo, baoan, staff_user):
    # when the compound moves from 塔坡's grid to 保安's grid and is renamed
    services.node_update(
        actor=staff_user, node=tapo["compound"], name="塔坡花园", parent=baoan["grid"]
    )
    unit = Node.objects.get(pk=tapo["units"][0].pk)
    # then its units follow: full name, path and depth
    assert unit.full_name == "祖庙街道 / 保安社区 / 第1网格 / 塔坡花园 / 5栋 / 1单元"
    assert unit.is_descendant_of(baoan["grid"])
    assert unit.community == baoan["community"]
    entry = AuditEntry.objects.get(action="communities.node_update")
    assert entry.details["subtree"] == 3


def test_a_place_cannot_move_under_itself(tapo, staff_user):
    with pytest.raises(ValidationError):
        services.node_update(actor=staff_user, node=tapo["grid"], parent=tapo["compound"])
