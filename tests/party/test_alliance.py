"""党建益联盟: a unit's commitment (共建项目) in a community, followed up until done."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from party import services
from party.models import CoBuildingUnit, Commitment
from party.services.alliance import commitments_overdue

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(tapo):
    return CoBuildingUnit.objects.create(community=tapo["community"], kind="company", name="供电局")


def test_a_commitment_is_followed_up_until_done(tapo, unit, tapo_staff):
    commitment = services.commitment_create(
        actor=tapo_staff,
        unit=unit,
        community=tapo["community"],
        title="老旧线路改造",
        due_on=datetime.date(2026, 2, 28),
    )
    today = datetime.date(2026, 3, 2)
    assert list(commitments_overdue(Commitment.objects.all(), today)) == [commitment]
    services.commitment_follow_up(
        actor=tapo_staff, commitment=commitment, on=today, note="已勘察3栋", status="under_way"
    )
    services.commitment_follow_up(
        actor=tapo_staff, commitment=commitment, on=today, note="改造完成", status="done"
    )
    commitment.refresh_from_db()
    assert commitment.status == "done" and commitment.follow_ups.count() == 2
    assert list(commitments_overdue(Commitment.objects.all(), today)) == []
    with pytest.raises(ValidationError):
        services.commitment_follow_up(
            actor=tapo_staff, commitment=commitment, on=today, note="再次", status="under_way"
        )


def test_another_community_cannot_follow_up(tapo, unit, tapo_staff, baoan_staff):
    commitment = services.commitment_create(
        actor=tapo_staff,
        unit=unit,
        community=tapo["community"],
        title="义诊",
        due_on=datetime.date(2026, 6, 1),
    )
    with pytest.raises(ValidationError):
        services.commitment_follow_up(
            actor=baoan_staff,
            commitment=commitment,
            on=datetime.date(2026, 3, 2),
            note="x",
            status="done",
        )
    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=baoan_staff,
            unit=unit,
            community=tapo["community"],
            title="越界",
            due_on=datetime.date(2026, 6, 1),
        )
