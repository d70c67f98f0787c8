import pytest

from communities.models import Post
from communities.services.nodes import district_place_streets
from tests.communities.factories import appoint, make_tree


@pytest.fixture
def tree(db):
    """祖庙街道 with 塔坡社区 and 保安社区, each: grid, compound, building 5栋 with 2 units, 8 rooms."""
    return make_tree(community_names=("塔坡社区", "保安社区"))


@pytest.fixture
def tapo(tree):
    return tree["塔坡社区"]


@pytest.fixture
def baoan(tree):
    return tree["保安社区"]


@pytest.fixture
def tapo_staff(tapo):
    return appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user


@pytest.fixture
def baoan_staff(baoan):
    return appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]).user


@pytest.fixture
def tapo_captain(tapo):
    return appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user


@pytest.fixture
def baoan_captain(baoan):
    return appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"]).user


@pytest.fixture
def street_staff(tree):
    return appoint(Post.Kind.STREET_STAFF, tree["street"]).user


@pytest.fixture
def districts(db):
    """佛山市 > 禅城区 > {祖庙街道, 石湾镇街道} and 佛山市 > 南海区 > 桂城街道, one community each."""
    zumiao = make_tree("440604001", ("塔坡社区",))
    shiwan = make_tree("440604002", ("石湾社区",), "石湾镇街道")
    guicheng = make_tree("440605001", ("桂城社区",), "桂城街道")
    chancheng = district_place_streets(
        actor=None,
        district_code="440604",
        district_name="禅城区",
        city_code="440600",
        city_name="佛山市",
    )
    nanhai = district_place_streets(
        actor=None, district_code="440605", district_name="南海区", city_code="440600"
    )
    for tree in (zumiao, shiwan, guicheng):
        for value in tree.values():
            if isinstance(value, dict):
                for key in ("community", "grid", "compound", "building"):
                    value[key].refresh_from_db()
        tree["street"].refresh_from_db()
    return {
        "chancheng": chancheng,
        "nanhai": nanhai,
        "zumiao": zumiao,
        "shiwan": shiwan,
        "guicheng": guicheng,
    }


@pytest.fixture
def district_staff(districts):
    return appoint(Post.Kind.DISTRICT_STAFF, districts["chancheng"]).user
