"""Pages residents use on their phones: matters, discussion, voting, results, follow-up."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.masking import name_for_others, name_in_full
from consultations import selectors, services
from consultations.forms import CommentForm, MatterForm, ProgressForm
from consultations.models import Consultation, Matter, MatterAttachment
from consultations.thresholds import PARTICIPATION
from consultations.views.common import matter_staff_context, matter_url
from core.outcomes import run_and_flash, run_on_form


def person_label(person, *, full: bool) -> str:
    """Staff see names; residents see other residents as accounts.masking shows them."""
    return name_in_full(person) if full else name_for_others(person)


def _row(label, part, whole, *, share=None, strictly=False, met=None, detail="") -> dict:
    value = selectors.percent(part, whole)
    row = {"label": label, "percent": value, "width": min(value, 100), "detail": detail}
    row["threshold"] = None
    if share is not None:
        threshold = (Decimal(share.numerator) * 100 / share.denominator).quantize(Decimal("0.1"))
        row.update(threshold=threshold, threshold_x=min(threshold, Decimal("99.4")), met=met)
        row["rule"] = (
            _("more than %(p)s%%") % {"p": threshold}
            if strictly
            else _("at least %(p)s%%") % {"p": threshold}
        )
    return row


def result_rows(tally: selectors.Tally) -> tuple[list[dict], list[dict]]:
    """Bars for the chart: one per option; for owners' votes also the four art. 278 tests."""
    options = []
    for result in tally.options:
        detail = ngettext("%(n)d vote", "%(n)d votes", result.heads) % {"n": result.heads}
        if tally.art278 is not None:
            detail += f" · {result.area} m²"
        options.append(_row(result.option.label, result.heads, tally.ballots, detail=detail))
    art = tally.art278
    if art is None:
        return options, []
    special = art.special
    rows = [
        _row(
            _("Took part, by floor area"),
            art.participating_area,
            art.total_area,
            share=PARTICIPATION,
            met=art.participation_area_met,
            detail=f"{art.participating_area} / {art.total_area} m²",
        ),
        _row(
            _("Took part, by owners"),
            art.participating_owners,
            art.total_owners,
            share=PARTICIPATION,
            met=art.participation_heads_met,
            detail=f"{art.participating_owners} / {art.total_owners}",
        ),
        _row(
            _("Agreed, by floor area of those taking part"),
            art.agreeing_area,
            art.participating_area,
            share=art.approval_share,
            strictly=not special,
            met=art.approval_area_met,
            detail=f"{art.agreeing_area} / {art.participating_area} m²",
        ),
        _row(
            _("Agreed, by owners taking part"),
            art.agreeing_owners,
            art.participating_owners,
            share=art.approval_share,
            strictly=not special,
            met=art.approval_heads_met,
            detail=f"{art.agreeing_owners} / {art.participating_owners}",
        ),
    ]
    return options, rows


@login_required
def index(request):
    user = request.user
    status = request.GET.get("show") or ""
    matters = selectors.matters_for_user(user=user, status=status or None)
    page = Paginator(matters, 20).get_page(request.GET.get("page"))
    consultations = [
        c
        for c in selectors.consultations_for_user(user=user)[:50]
        if c.window_state() in {"open", "upcoming"}
    ]
    return render(
        request,
        "consultations/index.html",
        {
            "page": page,
            "consultations": consultations,
            "show": status,
            "statuses": Matter.Status.choices,
            "can_propose": selectors.proposable_nodes_for_user(user).exists(),
        },
    )


@login_required
def matter_new(request):
    nodes = selectors.proposable_nodes_for_user(request.user)
    if not nodes.exists():
        messages.info(
            request,
            _("Link your home to your account first; then you can raise matters about it."),
        )
        return redirect("communities:my_community")
    form = MatterForm(request.POST or None, request.FILES or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.matter_propose(user=request.user, **form.cleaned_data),
            _("Your matter was sent to the council."),
        )
        if done:
            return redirect("consultations:matter", done.result.pk)
    return render(request, "consultations/matter_form.html", {"form": form})


@login_required
def matter_detail(request, pk: int):
    user = request.user
    matter = selectors.matter_get_for_user(user=user, pk=pk)
    manages = selectors.user_manages_node(user, matter.node)
    comments = list(selectors.matter_comments(matter=matter, staff=manages))
    for comment in comments:
        comment.author_label = person_label(comment.author, full=manages)
    context = {
        "matter": matter,
        "manages": manages,
        "proposer_name": person_label(matter.proposer, full=manages or matter.proposer == user),
        "attachments": list(matter.attachments.all()),
        "comments": comments,
        "may_comment": selectors.matter_may_comment(user=user, matter=matter),
        "comment_form": CommentForm(),
        "consultations": list(
            selectors.consultations_for_user(user=user).filter(matter=matter).order_by("opens_at")
        ),
        "resolutions": list(selectors.resolutions_for_matter(matter=matter)),
        "progress_form": ProgressForm(),
    }
    if manages:
        context.update(matter_staff_context(request, matter))
    return render(request, "consultations/matter_detail.html", context)


@login_required
@require_POST
def comment_add(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.comment_add(
                user=request.user, matter=matter, body=form.cleaned_data["body"]
            ),
            _("Your comment was posted."),
        )
    else:
        messages.error(request, _("Write your comment first."))
    return redirect(f"{matter_url(matter.pk)}#comments")


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(MatterAttachment.objects.select_related("matter"), pk=pk)
    # Seeing the matter is what allows opening its files.
    selectors.matter_get_for_user(user=request.user, pk=item.matter_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(
        handle,
        filename=item.original_name,
        as_attachment=item.kind == MatterAttachment.Kind.PDF,
        content_type="application/pdf" if item.kind == "pdf" else "image/jpeg",
    )


@login_required
def consultation_detail(request, pk: int):
    user = request.user
    consultation = selectors.consultation_get_for_user(user=user, pk=pk)
    voter = selectors.voter_for_user(consultation=consultation, user=user)
    ballot = selectors.ballot_of_voter(voter)
    manages = selectors.user_manages_node(user, consultation.node)
    show_results = selectors.results_visible(consultation=consultation, user=user)
    tally = selectors.consultation_tally(consultation) if show_results else None
    option_rows, art278_rows = result_rows(tally) if tally else ([], [])
    chosen = {o.pk for o in ballot.options.all()} if ballot else set()
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "state": consultation.window_state(),
            "voter": voter,
            "ballot": ballot,
            "chosen": chosen,
            "options": list(consultation.options.all()),
            "tally": tally,
            "option_rows": option_rows,
            "art278_rows": art278_rows,
            "manages": manages,
            "multiple": consultation.choice_kind == Consultation.ChoiceKind.MULTIPLE,
        },
    )


@login_required
@require_POST
def vote(request, pk: int):
    consultation = selectors.consultation_get_for_user(user=request.user, pk=pk)
    option_ids = [v for v in request.POST.getlist("options") if v.isdigit()]
    run_and_flash(
        request,
        lambda: services.ballot_cast(
            user=request.user, consultation=consultation, option_ids=option_ids
        ),
        _("Your vote was recorded. You can change it until the close."),
    )
    return redirect("consultations:consultation", consultation.pk)


@login_required
def follow_ups(request):
    page = Paginator(selectors.follow_ups_for_user(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "consultations/follow_ups.html", {"page": page})


@login_required
@require_POST
def follow_up_progress(request, pk: int):
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.follow_up_progress(
                actor=request.user, follow_up=follow_up, **form.cleaned_data
            ),
            _("Progress recorded."),
        )
    else:
        messages.error(request, _("Write what was done and choose a status."))
    return redirect(matter_url(follow_up.resolution.matter_id) + "#resolutions")
