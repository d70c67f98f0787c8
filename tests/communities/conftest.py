import pytest

from communities.models import Post
from communities.services.nodes import district_place_streets
from tests.communities.factories import appoint, make_tree


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
