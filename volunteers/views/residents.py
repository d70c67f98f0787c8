"""Residents' pages: help paid in time credits, wishes (微心愿) and the public certificate check.

Wishes: residents post, staff review, volunteers claim and fulfil, residents confirm. Thin:
forms read what was typed, `volunteers.services` decide. A refused form shows the page again
with what was typed and the reason next to it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.masking import mask_name, name_for_others, name_in_full
from communities.scoping import scope_for_user
from core.outcomes import act_and_redirect, run_and_flash, run_on_form
from volunteers import permissions, selectors, services
from volunteers.forms import (
    CertificateLookupForm,
    HelpRequestForm,
    ReasonForm,
    ResolveForm,
    WishDoneForm,
    WishForm,
    WishReviewForm,
    to_minutes,
)
from volunteers.models import Wish


@login_required
def help_list(request):
    user = request.user
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.help_request_create(
                user=user,
                title=data["title"],
                description=data["description"],
                minutes=to_minutes(data["hours"]),
            ),
            _("Your request is published; the credits are set aside."),
        )
        if done:
            return redirect("volunteers:help", pk=done.result.pk)
    context = {
        "form": form,
        "open_requests": list(selectors.help_requests_open(user)[:30]),
        "mine": list(selectors.help_requests_of_user(user)[:30]),
    }
    return render(request, "volunteers/help_list.html", context)


@login_required
def help_detail(request, pk: int):
    help_request = selectors.help_request_get_for_user(user=request.user, pk=pk)
    return render(request, "volunteers/help_detail.html", {"help": help_request})


HELP_ACTIONS = {
    "accept": (
        services.help_request_accept,
        gettext_lazy("You accepted; please contact the person."),
    ),
    "helped": (
        services.help_request_mark_helped,
        gettext_lazy("Thank you! The person will confirm."),
    ),
    "confirm": (
        services.help_request_confirm,
        gettext_lazy("Confirmed; the helper has been paid."),
    ),
    "cancel": (services.help_request_cancel, gettext_lazy("Cancelled; your credits are back.")),
}


@login_required
@require_POST
def help_action(request, pk: int, action: str):
    help_request = selectors.help_request_get_for_user(user=request.user, pk=pk)
    if action not in HELP_ACTIONS:
        raise Http404
    service, success = HELP_ACTIONS[action]
    return act_and_redirect(
        request,
        lambda: service(user=request.user, request=help_request),
        str(success),
        reverse("volunteers:help", args=[pk]),
    )


def certificate_verify(request, number: str = ""):
    """Public: anyone holding the certificate can check it; a forged number finds nothing."""
    form = CertificateLookupForm(request.GET or None)
    if not number and form.is_valid():
        number = form.cleaned_data["number"]
    certificate = selectors.certificate_by_number(number) if number else None
    context = {
        "form": form,
        "number": number,
        "certificate": certificate,
        "masked_name": mask_name(certificate.name) if certificate else "",
    }
    status = 404 if number and certificate is None else 200
    return render(request, "volunteers/certificate_verify.html", context, status=status)


@login_required
def wishes(request):
    user = request.user
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.wish_post(resident=user, **form.cleaned_data),
            _("Your wish was sent to the community."),
        )
        if done:
            return redirect("volunteers:wish", pk=done.result.pk)
    scope = scope_for_user(user)
    context = {
        "form": form,
        "mine": list(selectors.wishes_of_resident(user)[:20]),
        "claimable": list(selectors.wishes_claimable(user)[:20]),
        "claimed": list(selectors.wishes_claimed_by(user)[:20]),
        "staff_queue": list(
            selectors.wishes_for_staff(
                scope=scope, statuses=[Wish.Status.SUBMITTED, Wish.Status.DISPUTED]
            )[:50]
        )
        if scope.managing
        else None,
    }
    return render(request, "volunteers/wishes.html", context)


def _review_teams(wish: Wish):
    return selectors.teams_list().filter(node__in=[wish.node, *wish.node.ancestors()])


@login_required
def wish(request, pk: int):
    return _wish_page(request, selectors.wish_get_for_user(user=request.user, pk=pk))


def _wish_page(request, wish: Wish, **forms):
    """The wish page; a refused form (`done_form`, `reason_form`, `review_form`,
    `resolve_form`) is shown as it was typed."""
    user = request.user
    staff = permissions.can_review_wish(user, wish)
    contact = services.wish_contact_for(wish=wish, user=user)
    context = {
        "wish": wish,
        "staff": staff,
        "is_resident": wish.resident_id == user.pk,
        "is_claimer": wish.claimer_id == user.pk,
        "can_claim": wish.status == Wish.Status.OPEN and permissions.can_claim(user, wish),
        "review_form": WishReviewForm(teams=_review_teams(wish)) if staff else None,
        "done_form": WishDoneForm(),
        "reason_form": ReasonForm(),
        "resolve_form": ResolveForm() if staff else None,
        # Other volunteers see the resident's name masked; staff and the helper see it whole.
        "resident_name": name_in_full(wish.resident)
        if staff or contact
        else name_for_others(wish.resident),
        "contact": contact,
        **forms,
    }
    return render(request, "volunteers/wish.html", context)


# Each action with a form: (form class, the page's name for it, the service call, success).
FORM_ACTIONS = {
    "done": (
        WishDoneForm,
        "done_form",
        lambda user, wish, data: services.wish_mark_done(
            user=user, wish=wish, minutes=to_minutes(data["hours"]), note=data["note"]
        ),
        gettext_lazy("Marked as done; the resident will confirm."),
    ),
    "dispute": (
        ReasonForm,
        "reason_form",
        lambda user, wish, data: services.wish_dispute(
            resident=user, wish=wish, reason=data["reason"]
        ),
        gettext_lazy("The community will look into it."),
    ),
    "review": (
        WishReviewForm,
        "review_form",
        lambda user, wish, data: services.wish_review(
            actor=user,
            wish=wish,
            decision=data["decision"],
            team=data["team"],
            reason=data["reason"],
        ),
        gettext_lazy("The wish was reviewed."),
    ),
    "resolve": (
        ResolveForm,
        "resolve_form",
        lambda user, wish, data: services.wish_dispute_resolve(
            actor=user,
            wish=wish,
            credit=data["credit"] == "yes",
            reason=data["reason"],
            minutes=to_minutes(data["hours"]) if data.get("hours") else None,
        ),
        gettext_lazy("The dispute was settled."),
    ),
}


@login_required
@require_POST
def wish_action(request, pk: int, action: str):
    user = request.user
    wish = selectors.wish_get_for_user(user=user, pk=pk)
    back = reverse("volunteers:wish", args=[pk])
    if action in ("claim", "confirm"):
        call, success = {
            "claim": (
                lambda: services.wish_claim(user=user, wish=wish),
                _("You claimed the wish. Thank you!"),
            ),
            "confirm": (
                lambda: services.wish_confirm(resident=user, wish=wish),
                _("Thank you for confirming."),
            ),
        }[action]
        run_and_flash(request, lambda: call(), success)
        return redirect(back)
    if action not in FORM_ACTIONS:
        raise Http404
    form_class, name, call, success = FORM_ACTIONS[action]
    if form_class is WishReviewForm:
        form = form_class(request.POST, teams=_review_teams(wish))
    else:
        form = form_class(request.POST)
    if form.is_valid():
        done = run_on_form(request, form, lambda: call(user, wish, form.cleaned_data), str(success))
        if done:
            return redirect(back)
    return _wish_page(request, wish, **{name: form})


@login_required
def wish_for(request, user_id: int):
    """A captain or staff member posts a wish for a resident (代办); audited naming both."""
    from communities.views_acting import person_for

    person = person_for(request, user_id)
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.wish_post(resident=person, actor=request.user, **form.cleaned_data),
            _("The wish was sent to the community for the resident."),
        )
        if done:
            return redirect("communities:acting_person", person.pk)
    return render(request, "volunteers/wish_for.html", {"form": form, "person": person})
