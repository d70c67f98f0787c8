"""An in-service member gives a post back on the phone; the place opens for someone else."""

import pytest

from audit.models import AuditEntry
from party import services
from party.models import CoBuildingUnit, PostClaim
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tapo):
    unit = CoBuildingUnit.objects.create(community=tapo["community"], kind="agency", name="税务局")
    user = UserFactory(real_name="张在职")
    ResidencyFactory(user=user, household=tapo["households"][0])
    return services.in_service_report(
        user=user, community=tapo["community"], work_unit="", employer=unit
    )


def test_a_member_gives_a_post_back_and_its_place_opens(client, tapo, member, tapo_staff):
    post = services.service_post_publish(
        actor=tapo_staff, community=tapo["community"], title="文明劝导岗", places=1
    )
    services.service_post_claim(user=member.user, post=post)
    client.force_login(member.user)
    assert "交还“文明劝导岗”" in client.get("/party/service/").content.decode()
    response = client.post(f"/party/service/posts/{post.pk}/unclaim/", follow=True)
    assert "您已交还岗位“文明劝导岗”" in response.content.decode()
    assert not PostClaim.objects.exists()
    assert AuditEntry.objects.filter(action="party.service_post_unclaim").count() == 1
    # nothing held any more: said so, nothing changes
    response = client.post(f"/party/service/posts/{post.pk}/unclaim/", follow=True)
    assert "您未认领该岗位" in response.content.decode()
    assert client.post("/party/service/posts/999999/unclaim/").status_code == 404
    # the place is free for another member
    other = UserFactory()
    ResidencyFactory(user=other, household=tapo["households"][1])
    services.in_service_report(user=other, community=tapo["community"], work_unit="教育局")
    services.service_post_claim(user=other, post=post)
    assert PostClaim.objects.get().member.user == other
