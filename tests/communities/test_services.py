import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from communities import services
from communities.models import Post, Residency
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(tapo):
    resident = UserFactory()
    return services.household_claim(
        user=resident,
        household=tapo["households"][0],
        relation=Residency.Relation.HEAD,
        residence_type=Residency.ResidenceType.NON_REGISTERED,
        is_owner=True,
    )


def test_a_claim_waits_for_approval_and_is_audited(claim):
    assert claim.status == Residency.Status.PENDING
    entry = AuditEntry.objects.get(action="communities.claim")
    assert entry.actor == claim.user
    assert entry.scope_path == claim.household.node.path


def test_claiming_the_same_household_twice_is_refused(claim):
    with pytest.raises(ValidationError) as error:
        services.household_claim(user=claim.user, household=claim.household, relation="member")
    assert error.value.code == "already_pending"


def test_the_captain_approves_a_claim_and_the_resident_is_told(claim, tapo_captain):
    # when the building captain approves
    services.residency_approve(actor=tapo_captain, residency=claim)
    claim.refresh_from_db()
    # then the residency is current, the resident has a message and the decision is audited
    assert claim.status == Residency.Status.APPROVED
    assert claim.decided_by == tapo_captain
    message = Message.objects.get(recipient=claim.user)
    assert message.title == "您的住户认领已通过"
    assert message.category == "communities"
    assert AuditEntry.objects.filter(
        action="communities.claim_approve", actor=tapo_captain
    ).exists()


def test_community_staff_reject_a_claim_with_a_reason_and_the_resident_is_told(claim, tapo_staff):
    services.residency_reject(actor=tapo_staff, residency=claim, reason="查无此人")
    claim.refresh_from_db()
    assert claim.status == Residency.Status.REJECTED
    message = Message.objects.get(recipient=claim.user)
    assert "查无此人" in message.body
    assert AuditEntry.objects.get(action="communities.claim_reject").details["reason"] == "查无此人"


def test_a_claim_is_decided_once(claim, tapo_captain):
    services.residency_approve(actor=tapo_captain, residency=claim)
    with pytest.raises(ValidationError) as error:
        services.residency_reject(actor=tapo_captain, residency=claim)
    assert error.value.code == "not_pending"


def test_a_captain_of_another_community_cannot_decide(claim, baoan_captain):
    with pytest.raises(ValidationError) as error:
        services.residency_approve(actor=baoan_captain, residency=claim)
    assert error.value.code == "out_of_scope"
    claim.refresh_from_db()
    assert claim.status == Residency.Status.PENDING
    assert not Message.objects.exists()


def test_a_plain_resident_cannot_approve_their_own_claim(claim):
    with pytest.raises(ValidationError):
        services.residency_approve(actor=claim.user, residency=claim)


def test_after_a_rejection_the_resident_may_claim_again(claim, tapo_staff):
    services.residency_reject(actor=tapo_staff, residency=claim)
    again = services.household_claim(user=claim.user, household=claim.household, relation="head")
    assert again.status == Residency.Status.PENDING


def test_an_owner_records_the_floor_area(claim, tapo_captain):
    services.residency_approve(actor=tapo_captain, residency=claim)
    services.household_set_floor_area(
        actor=claim.user, household=claim.household, floor_area=Decimal("86.50")
    )
    claim.household.refresh_from_db()
    assert claim.household.floor_area == Decimal("86.50")
    assert AuditEntry.objects.filter(action="communities.floor_area_set").exists()


def test_a_tenant_cannot_record_the_floor_area(tapo, tapo_captain):
    tenant = services.household_claim(
        user=UserFactory(), household=tapo["households"][1], relation="tenant"
    )
    services.residency_approve(actor=tapo_captain, residency=tenant)
    with pytest.raises(ValidationError) as error:
        services.household_set_floor_area(
            actor=tenant.user, household=tenant.household, floor_area=Decimal("50")
        )
    assert error.value.code == "not_owner"


def test_post_history_is_kept_when_a_captain_is_replaced(tapo, tapo_staff):
    # given a captain appointed last year
    old = services.post_appoint(
        actor=tapo_staff,
        user=UserFactory(),
        node=tapo["building"],
        kind=Post.Kind.BUILDING_CAPTAIN,
        starts_on=datetime.date(2025, 1, 1),
    )
    # when the term ends and a new captain is appointed
    services.post_end(actor=tapo_staff, post=old, ends_on=datetime.date(2025, 12, 31))
    new = services.post_appoint(
        actor=tapo_staff, user=UserFactory(), node=tapo["building"], kind=Post.Kind.BUILDING_CAPTAIN
    )
    # then both terms remain, only the new one is current, and each step is audited
    posts = Post.objects.filter(node=tapo["building"]).order_by("starts_on")
    assert list(posts) == [old, new]
    assert [p.is_current for p in posts] == [False, True]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == [
        "communities.post_appoint",
        "communities.post_end",
        "communities.post_appoint",
    ]
    assert Message.objects.filter(recipient=new.user, title__contains="楼长").exists()


def test_staff_cannot_appoint_outside_their_community(baoan, tapo_staff):
    with pytest.raises(ValidationError) as error:
        services.post_appoint(
            actor=tapo_staff,
            user=UserFactory(),
            node=baoan["building"],
            kind=Post.Kind.BUILDING_CAPTAIN,
        )
    assert error.value.code == "out_of_scope"


def test_a_grid_worker_post_needs_a_grid(tapo):
    with pytest.raises(ValidationError) as error:
        appoint(Post.Kind.GRID_WORKER, tapo["building"])
    assert error.value.code == "bad_place"


def test_a_managing_post_opens_the_admin_and_ending_it_closes_the_group(tapo, staff_user):
    post = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"])
    user = post.user
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("communities.view_household")
    services.post_end(actor=staff_user, post=post)
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("communities.view_household")


def test_the_same_post_cannot_be_held_twice_at_once(tapo, tapo_captain):
    with pytest.raises(ValidationError) as error:
        appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=tapo_captain)
    assert error.value.code == "already_holds"
