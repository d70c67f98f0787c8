"""Help paid in time credits: a resident asks, a volunteer accepts and helps, the resident
confirms and the helper is paid from the credits set aside at the request (an escrow account).

Postings carry the keys volunteers:help:<request>:hold|pay|refund (see timebank.py).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import notify
from points.models import Account
from points.services import account_for_user, posting_create, system_account
from volunteers.models import HelpRequest
from volunteers.services.common import home_community, refuse
from volunteers.services.timebank import MINUTE, cap_apply, minutes_check
from volunteers.states import HelpAction, help_request_transition

ESCROW_CODE = "volunteers:help_escrow"


def _escrow() -> Account:
    return system_account(ESCROW_CODE, MINUTE, name="时间银行互助托管")


@transaction.atomic
def help_request_create(*, user, title: str, description: str, minutes: int) -> HelpRequest:
    """Ask for help and set the credits aside at once, so the helper is sure to be paid."""
    minutes_check(minutes)
    community = home_community(user)
    request = HelpRequest.objects.create(
        requester=user,
        node=community,
        title=title.strip(),
        description=description,
        minutes=minutes,
    )
    posting_create(
        debit=account_for_user(user, MINUTE),
        credit=_escrow(),
        amount=minutes,
        key=f"volunteers:help:{request.pk}:hold",
        reason=_("Set aside for help: %(title)s") % {"title": request.title},
        source=request,
        actor=user,
    )
    audit_record(
        actor=user,
        action="volunteers.help_request",
        target=request,
        scope_path=community.path,
        details={"minutes": minutes},
    )
    return request


def _locked_request(request: HelpRequest) -> HelpRequest:
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("node")
        .get(pk=request.pk)
    )


@transaction.atomic
def help_request_accept(*, user, request: HelpRequest) -> HelpRequest:
    request = _locked_request(request)
    if request.requester_id == user.pk:
        raise refuse(_("You cannot help yourself here."), "own_request")
    target = help_request_transition(HelpAction.ACCEPT, request.status)
    request.helper = user
    request.status = target
    request.save(update_fields=["helper", "status"])
    notify(
        request.requester,
        title=_("%(name)s will help you: %(title)s") % {"name": user, "title": request.title},
        url=reverse("volunteers:help", args=[request.pk]),
        category="volunteers",
        dedupe_key=f"volunteers:help:{request.pk}:accepted",
    )
    return request


@transaction.atomic
def help_request_mark_helped(*, user, request: HelpRequest) -> HelpRequest:
    """The helper confirms the help was given (the first of the two confirmations)."""
    request = _locked_request(request)
    if request.helper_id != user.pk:
        raise refuse(_("Only the helper can say this."), "forbidden")
    if request.status == HelpRequest.Status.HELPED:
        return request
    request.status = help_request_transition(HelpAction.MARK_HELPED, request.status)
    request.helped_at = timezone.now()
    request.save(update_fields=["status", "helped_at"])
    notify(
        request.requester,
        title=_("Please confirm the help you received: %(title)s") % {"title": request.title},
        url=reverse("volunteers:help", args=[request.pk]),
        category="volunteers",
        dedupe_key=f"volunteers:help:{request.pk}:helped",
    )
    return request


@transaction.atomic
def help_request_confirm(*, user, request: HelpRequest) -> HelpRequest:
    """The requester confirms too: the credits set aside go to the helper."""
    request = _locked_request(request)
    if request.requester_id != user.pk:
        raise refuse(_("Only the person helped can confirm."), "forbidden")
    if request.status == HelpRequest.Status.PAID:
        return request
    target = help_request_transition(HelpAction.CONFIRM, request.status)
    key = f"volunteers:help:{request.pk}:pay"
    posting = posting_create(
        debit=_escrow(),
        credit=account_for_user(request.helper, MINUTE),
        amount=request.minutes,
        key=key,
        reason=_("Paid for help: %(title)s") % {"title": request.title},
        source=request,
        actor=user,
        overall=False,
    )
    cap_apply(
        user=request.helper,
        account=Account.objects.get(pk=posting.credit_id),
        community=request.node,
        origin_key=key,
    )
    request.status = target
    request.paid_at = timezone.now()
    request.save(update_fields=["status", "paid_at"])
    audit_record(
        actor=user,
        action="volunteers.help_paid",
        target=request,
        scope_path=request.node.path,
        details={"helper": request.helper_id, "minutes": request.minutes},
    )
    notify(
        request.helper,
        title=_("You received %(hours)s hours of time credits")
        % {"hours": f"{request.minutes / 60:g}"},
        url=reverse("volunteers:timebank"),
        category="volunteers",
        dedupe_key=f"volunteers:help:{request.pk}:paid",
    )
    return request


@transaction.atomic
def help_request_cancel(*, user, request: HelpRequest) -> HelpRequest:
    """The requester withdraws before the help was given; the credits come back."""
    request = _locked_request(request)
    if request.requester_id != user.pk:
        raise refuse(_("Only the person who asked can cancel."), "forbidden")
    if request.status == HelpRequest.Status.CANCELLED:
        return request
    target = help_request_transition(HelpAction.CANCEL, request.status)
    key = f"volunteers:help:{request.pk}:refund"
    posting = posting_create(
        debit=_escrow(),
        credit=account_for_user(user, MINUTE),
        amount=request.minutes,
        key=key,
        reason=_("Help request cancelled, credits returned"),
        source=request,
        actor=user,
        overall=False,
    )
    cap_apply(
        user=user,
        account=Account.objects.get(pk=posting.credit_id),
        community=request.node,
        origin_key=key,
    )
    request.status = target
    request.save(update_fields=["status"])
    if request.helper_id:
        notify(
            request.helper,
            title=_("The help request was cancelled: %(title)s") % {"title": request.title},
            category="volunteers",
            dedupe_key=f"volunteers:help:{request.pk}:cancelled",
        )
    return request
