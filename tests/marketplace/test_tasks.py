"""The expiry task through a real Celery worker, and its schedule in the database."""

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from marketplace.models import Coupon
from marketplace.services import coupon_redeem
from marketplace.tasks import coupons_expire_task
from points.models import Currency
from points.selectors import ledger_verify
from points.services import account_for_user
from tests.conftest import wait_for
from tests.marketplace.factories import fund, make_offer


@pytest.mark.django_db
def test_the_expiry_schedule_is_in_the_database():
    task = PeriodicTask.objects.get(name="marketplace: expire unused coupons")
    assert task.task == "marketplace.tasks.coupons_expire_task" and task.enabled


@pytest.mark.worker
def test_a_real_worker_expires_and_refunds(celery_worker_process, merchant, street, resident):
    offer = make_offer(merchant, node=street, refund_on_expiry=True)
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    # the use window has passed (moved back in the database: the worker has its own clock)
    Coupon.objects.filter(pk=coupon.pk).update(
        use_from=timezone.now() - dt.timedelta(days=3),
        use_until=timezone.now() - dt.timedelta(days=1),
    )
    coupons_expire_task.delay()
    expired = wait_for(
        lambda: Coupon.objects.filter(pk=coupon.pk, status=Coupon.Status.EXPIRED).exists()
    )
    assert expired, celery_worker_process.log_path.read_text()
    assert wait_for(lambda: account_for_user(resident, Currency.POINT).balance == 100)
    assert ledger_verify().ok
