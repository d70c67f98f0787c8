"""Volunteer-service certificates (志愿服务证明): figures frozen at issue, a number to verify."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.masking import name_in_full
from audit.services import audit_record
from communities.models import Post
from communities.selectors import responsible_post_for_node
from volunteers.models import Certificate, HourRecord
from volunteers.services.common import refuse, require_profile

RESPONSIBLE_POSTS = [Post.Kind.COMMUNITY_SECRETARY, Post.Kind.COMMUNITY_STAFF]


def certificate_number(issued_on: dt.date) -> str:
    """ZYZM-20260314-7F3A9C21: the date and 8 random hex digits, so numbers cannot be guessed."""
    return f"ZYZM-{issued_on:%Y%m%d}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def certificate_issue(*, volunteer, period_from: dt.date, period_to: dt.date) -> Certificate:
    """Issue the volunteer's certificate for a period: verified hours only, by service date."""
    profile = require_profile(volunteer)
    if period_to < period_from:
        raise refuse(_("The end date is before the start date."), "invalid_dates")
    if period_to > timezone.localdate():
        period_to = timezone.localdate()
    records = HourRecord.objects.filter(
        volunteer=volunteer,
        status=HourRecord.Status.VERIFIED,
        service_date__gte=period_from,
        service_date__lte=period_to,
    )
    content = [
        {"content": row["content"], "minutes": row["minutes"]}
        for row in records.values("content")
        .annotate(minutes=Sum("minutes_verified"))
        .order_by("-minutes", "content")
    ]
    total = sum(row["minutes"] for row in content)
    if total <= 0:
        raise refuse(_("There are no verified hours in this period."), "no_hours")
    community = profile.community
    post = responsible_post_for_node(community, kinds=RESPONSIBLE_POSTS)
    issued_on = timezone.localdate()
    certificate = Certificate.objects.create(
        number=certificate_number(issued_on),
        volunteer=volunteer,
        volunteer_number=profile.number,
        name=name_in_full(volunteer),
        id_number_masked=volunteer.id_number_masked,
        issuer=community,
        responsible=post.user.real_name if post else "",
        contact=post.user.phone if post else "",
        period_from=period_from,
        period_to=period_to,
        minutes=total,
        content=content,
        issued_on=issued_on,
    )
    audit_record(
        actor=volunteer,
        action="volunteers.certificate_issue",
        target=certificate,
        scope_path=community.path,
        details={"minutes": total, "from": str(period_from), "to": str(period_to)},
    )
    return certificate
