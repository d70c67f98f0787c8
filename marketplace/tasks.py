"""Celery tasks of the marketplace: thin, idempotent, loading by id."""

from celery import shared_task

from marketplace import services


@shared_task
def coupons_expire_task() -> int:
    """Beat (hourly): expire unused coupons past their use window, refunding where set."""
    return services.coupons_expire_due()


@shared_task
def coupon_expire_task(coupon_id: int) -> bool:
    return services.coupon_expire(coupon_id=coupon_id)
