"""The care tests' world: 塔坡 and 保安 communities, each staffed, with care roles granted
through the service, and a few residents of 塔坡 on the register."""

import datetime as dt

import pytest
from django.utils import timezone

from care import services
from care.models import CareRole, CareTag, CareTagType
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, appoint

# A fixed instant (a Monday morning in Shanghai) that every care test stays at.
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
KEEP_UNTIL = dt.date(2028, 6, 1)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _with_role(kind_post, node, care_kind, street_staff):
    post = appoint(kind_post, node)
    services.care_role_grant(actor=street_staff, user=post.user, node=node, kind=care_kind)
    return post.user


@pytest.fixture
def care_staff(tapo, street_staff):
    return _with_role(
        Post.Kind.COMMUNITY_STAFF, tapo["community"], CareRole.Kind.CARE_STAFF, street_staff
    )


@pytest.fixture
def captain(tapo, street_staff):
    return _with_role(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], CareRole.Kind.CAPTAIN, street_staff
    )


@pytest.fixture
def grid_worker(tapo, street_staff):
    return _with_role(Post.Kind.GRID_WORKER, tapo["grid"], CareRole.Kind.GRID_WORKER, street_staff)


@pytest.fixture
def baoan_captain(baoan, street_staff):
    return _with_role(
        Post.Kind.BUILDING_CAPTAIN, baoan["building"], CareRole.Kind.CAPTAIN, street_staff
    )


@pytest.fixture
def baoan_care_staff(baoan, street_staff):
    return _with_role(
        Post.Kind.COMMUNITY_STAFF, baoan["community"], CareRole.Kind.CARE_STAFF, street_staff
    )


@pytest.fixture
def tapo_plain_staff(tapo):
    """Community staff of 塔坡 without a care role."""
    return appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user


@pytest.fixture
def volunteer(tapo):
    """A registered volunteer of 塔坡, living in the elder's building, with no care role."""
    from tests.volunteers.factories import volunteer

    user = volunteer(tapo["community"])
    ResidencyFactory(household=tapo["households"][1], user=user)
    return user


@pytest.fixture
def alone_type(db):
    return CareTagType.objects.get(name="独居")


@pytest.fixture
def elder(tapo):
    """王秀英, living alone in 塔坡 5栋 1单元 101."""
    return ResidencyFactory(
        household=tapo["households"][0], user=UserFactory(real_name="王秀英", phone="13800000001")
    )


@pytest.fixture
def elder_tag(elder, alone_type, care_staff):
    return services.care_tag_add(
        actor=care_staff,
        residency=elder,
        tag_type=alone_type,
        level=CareTag.Level.ATTENTION,
        note="耳背，敲门要大声",
        legal_basis=CareTag.LegalBasis.CONSENT,
        consent_on=dt.date(2026, 5, 20),
        basis_note="同意书存社区档案柜",
        retain_until=KEEP_UNTIL,
    )


def now():
    return timezone.now()
