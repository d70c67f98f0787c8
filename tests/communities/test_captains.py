import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from audit.models import AuditEntry
from communities import services
from communities.models import Allowance, EvaluationRound, PatrolLog, Post, Residency
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.core.images import blank_png

pytestmark = pytest.mark.django_db


def test_an_evaluation_ranks_awards_the_top_and_tells_the_winners(tapo, tapo_staff, tapo_captain):
    other = services.post_appoint(
        actor=tapo_staff, user=UserFactory(), node=tapo["units"][0], kind="building_captain"
    ).user
    evaluation = services.evaluation_round_create(
        actor=tapo_staff,
        node=tapo["community"],
        kind=EvaluationRound.Kind.EXCELLENT_CAPTAIN,
        title="2025年度优秀楼栋长",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        criteria="巡查完成率",
        awards=1,
    )
    entries = {e.captain: e for e in evaluation.entries.all()}
    assert set(entries) == {tapo_captain, other}
    services.evaluation_entry_score(
        actor=tapo_staff, entry=entries[tapo_captain], score=Decimal("95")
    )
    services.evaluation_entry_score(actor=tapo_staff, entry=entries[other], score=Decimal("80"))
    services.evaluation_publish(actor=tapo_staff, evaluation=evaluation)
    winner = evaluation.entries.get(awarded=True)
    assert winner.captain == tapo_captain and winner.rank == 1
    assert Message.objects.filter(recipient=tapo_captain, title__contains="优秀楼栋长").exists()
    assert not Message.objects.filter(recipient=other, title__contains="优秀").exists()
    # a published result is frozen
    with pytest.raises(ValidationError):
        services.evaluation_entry_score(actor=tapo_staff, entry=winner, score=Decimal("10"))
    assert AuditEntry.objects.filter(action="communities.evaluation_publish").exists()


def test_a_civilised_stairway_round_lists_every_unit(tapo, tapo_staff):
    evaluation = services.evaluation_round_create(
        actor=tapo_staff,
        node=tapo["community"],
        kind=EvaluationRound.Kind.CIVILISED_STAIRWAY,
        title="文明楼道",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        criteria="整洁",
    )
    assert {e.node for e in evaluation.entries.all()} == set(tapo["units"])


def test_staff_cannot_run_an_evaluation_in_another_community(baoan, tapo_staff):
    with pytest.raises(ValidationError):
        services.evaluation_round_create(
            actor=tapo_staff,
            node=baoan["community"],
            kind="civilised_stairway",
            title="x",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 1, 2),
            criteria="x",
        )


def test_monthly_allowances_are_computed_once_and_marked_paid(tapo, tapo_staff, tapo_captain):
    month = datetime.date(2026, 3, 17)
    # the captain's term covers the month (the fixture appoints from today)
    Post.objects.filter(user=tapo_captain).update(starts_on=datetime.date(2026, 1, 1))
    kwargs = {"actor": tapo_staff, "node": tapo["community"], "month": month}
    assert services.allowances_compute_month(**kwargs)["created"] == 1
    assert services.allowances_compute_month(**kwargs)["unchanged"] == 1
    allowance = Allowance.objects.get()
    assert allowance.month == datetime.date(2026, 3, 1)
    # no patrol, no report, no case: nothing earned
    assert allowance.amount == Decimal("0.00") and allowance.captain == tapo_captain
    services.allowance_mark_paid(actor=tapo_staff, allowance=allowance)
    allowance.refresh_from_db()
    assert allowance.paid and allowance.paid_at
    assert AuditEntry.objects.filter(action="communities.allowance_paid").count() == 1


def test_a_daily_report_cannot_handle_more_than_it_found(tapo, tapo_captain):
    with pytest.raises(ValidationError):
        services.daily_report_submit(
            captain=tapo_captain,
            node=tapo["building"],
            summary="x",
            problems_found=1,
            problems_handled=2,
        )


def test_a_decompression_bomb_patrol_photo_is_refused(tapo, tapo_captain):
    bomb = SimpleUploadedFile("bomb.png", blank_png(30000, 30000), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.patrol_log_create(captain=tapo_captain, building=tapo["building"], photos=[bomb])
    assert error.value.code == "photo_too_large"
    assert not PatrolLog.objects.exists()


def test_more_than_six_photos_are_refused(tapo, tapo_captain):
    with pytest.raises(ValidationError) as error:
        services.patrol_log_create(
            captain=tapo_captain, building=tapo["building"], photos=[object()] * 7
        )
    assert error.value.code == "too_many_photos"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_decide_a_claim_once(tapo, tapo_captain, tapo_staff):
    # given a pending claim that the captain and the community staff open at the same moment
    claim = services.household_claim(
        user=UserFactory(), household=tapo["households"][0], relation="head"
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(actor, approve):
        try:
            barrier.wait()
            if approve:
                services.residency_approve(actor=actor, residency=claim)
            else:
                services.residency_reject(actor=actor, residency=claim, reason="重复")
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(tapo_captain, True)),
        threading.Thread(target=decide, args=(tapo_staff, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one decision stands, with one notification and one audit entry
    assert sorted(outcomes) == ["done", "not_pending"]
    claim.refresh_from_db()
    assert claim.status in {"approved", "rejected"}
    assert Message.objects.filter(recipient=claim.user).count() == 1
    decisions = AuditEntry.objects.filter(
        action__in=["communities.claim_approve", "communities.claim_reject"]
    )
    assert decisions.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_claim_creates_one_residency(tapo):
    resident = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def claim():
        try:
            barrier.wait()
            services.household_claim(
                user=resident, household=tapo["households"][0], relation="head"
            )
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_pending", "done"]
    assert Residency.objects.filter(user=resident).count() == 1
