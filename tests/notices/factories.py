"""Builders for the notices tests; writes go through the real services."""

from communities.models import Household, Residency
from events.models import AttendeeProfile
from notices import services
from notices.models import Notice
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory


def live_in(household: Household, user=None, *, birth_year=None, **fields) -> Residency:
    """An approved residency; `birth_year` records the person's year of birth."""
    residency = ResidencyFactory(user=user or UserFactory(), household=household, **fields)
    if birth_year is not None:
        AttendeeProfile.objects.create(user=residency.user, birth_year=birth_year)
    return residency


def publish(*, actor, node, deliver=True, **fields) -> Notice:
    """Publish through the service and (by default) run its fan-out to the end."""
    fields.setdefault("title", "停水通知")
    fields.setdefault("body", "5月8日9:00-17:00小区停水，请提前储水。")
    notice = services.notice_publish(actor=actor, node=node, **fields)
    if deliver:
        services.notice_fanout_run(notice_id=notice.pk)
        notice.refresh_from_db()
    return notice
