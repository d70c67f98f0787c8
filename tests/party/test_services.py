import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from party import services
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_party_members_branches_and_co_building_units_are_audited(tapo, tapo_staff):
    branch = services.party_branch_create(
        actor=tapo_staff, node=tapo["compound"], name="塔坡小区党支部"
    )
    services.party_member_register(actor=tapo_staff, user=UserFactory(), branch=branch)
    in_service = services.party_member_register(
        actor=tapo_staff,
        user=UserFactory(),
        reported_community=tapo["community"],
        work_unit="禅城区税务局",
    )
    assert in_service.is_in_service
    services.co_building_unit_save(
        actor=tapo_staff,
        community=tapo["community"],
        kind="company",
        name="佛山供电局",
        pledged_resources="每月一次用电安全检查",
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "party.branch_create",
        "party.member_register",
        "party.co_building_unit_save",
    } <= actions


def test_staff_cannot_register_party_members_for_another_community(baoan, tapo_staff):
    with pytest.raises(ValidationError):
        services.party_member_register(
            actor=tapo_staff, user=UserFactory(), reported_community=baoan["community"]
        )
