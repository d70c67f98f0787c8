"""Quiz pages: residents play on their phones; staff read statistics, import, export draws.

Every page works without JavaScript (forms post and redirect); with htmx, the play and draw
forms swap only the #play region.
"""

from contextlib import suppress
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import PhoneColumn, audit_export
from communities.scoping import require_managing_scope, scope_for_user
from core.csrf import masked_csrf_token
from core.http import client_ip
from quizzes import exports, selectors, services
from quizzes.forms import ImportForm
from quizzes.limits import check_rate
from quizzes.models import Question, ServedQuestion
from quizzes.services.current import campaigns_listed
from quizzes.services.play import local_day
from quizzes.services.questions import ImportRefused


def _message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def campaign_list(request):
    now = timezone.now()
    # campaigns_for_user's rule as one prepared statement (quizzes.services.current).
    campaigns = campaigns_listed(home_codes=scope_for_user(request.user).home_codes, now=now)
    return render(
        request,
        "quizzes/campaign_list.html",
        {"campaigns": campaigns, "now": now},
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "quizzes/campaign_detail.html",
        {
            "campaign": campaign,
            "is_open": campaign.is_open(),
            "standing": selectors.standing_for_user(user=request.user, campaign=campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def play(request, pk: int):
    """GET: the current question. POST: the answer; the reply shows its result and the next
    question together (one request per answer; only the #play region for htmx)."""
    if request.method == "POST":
        return _answer(request, pk)
    now = timezone.now()
    # The campaign with the player's state: one statement, not the campaign then the state.
    campaign, state = selectors.campaign_with_player_state_for_user(
        user=request.user, pk=pk, day=local_day(now)
    )
    return _play_page(request, campaign, now=now, state=state)


def _answer(request, pk: int):
    """The answer posted on the play page of campaign `pk`.

    The campaign and its place come with the answer's own read of the served question, and
    the places rule (campaign_open_to) is checked on them before anything is written; a
    refusal reads the campaign as the GET does (404 for someone who may not see it).
    """
    chosen = request.POST.getlist("choice")
    now = timezone.now()
    following = []

    def serve_next(result: services.AnswerResult) -> None:
        # In the answer's transaction: the next question is made in the same commit.
        campaign = result.served.campaign
        # ValidationError: nothing left to serve (raised before anything is written).
        with suppress(ValidationError):
            if campaign.is_open(now):
                following.append(
                    services.question_serve_next(
                        user=request.user, campaign=campaign, answered=result, now=now
                    )
                )

    try:
        result = services.answer_submit(
            user=request.user,
            token=request.POST.get("token", ""),
            choice_ids=chosen,
            now=now,
            campaign_pk=pk,
            may_play=lambda campaign: selectors.campaign_open_to(
                user=request.user, campaign=campaign
            ),
            then=serve_next,
        )
    except ValidationError as error:
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        if error.code in KEEP_THE_ANSWER:
            # The same question again, with the answer as ticked and why it was not taken
            # (status 200: htmx swaps in only successful responses).
            return _play_page(request, campaign, chosen=chosen, error=error)
        _message(request, error)
        if error.code in ("campaign_closed", "campaign_not_started"):
            return redirect("quizzes:detail", pk=campaign.pk)
        return redirect("quizzes:play", pk=campaign.pk)
    return _answered_page(request, result.served.campaign, result, now, following)


def _answered_page(request, campaign, result: services.AnswerResult, now, following):
    """The answer's result with the next question below it, from what the answer computed.

    The standing, the options and the participant come from the answer itself (no re-read);
    `following`: the next question served with the answer ([] once the campaign is closed or
    has none left to serve). For htmx, only the #play region, rendered without the layout's
    context (it shows none of it).
    """
    standing = selectors.Standing(
        streak=result.streak,
        streak_length=result.streak_length,
        day_points=result.day_points,
        daily_point_cap=result.daily_point_cap,
        draws_available=result.draws_available,
    )
    is_open = campaign.is_open(now)
    question = result.question
    context = {
        "campaign": campaign,
        "urls": campaign_urls(campaign.pk),
        "answered": result.served,
        "answered_card": AnsweredCard(
            text=question.text,
            explanation=question.explanation,
            choices=tuple(result.choices),
            chosen=tuple(result.chosen),
        ),
        "standing": standing,
        "is_open": is_open,
        "served": None,
    }
    if following:
        context.update(_question_context(following[0], now=now))
    if request.headers.get("HX-Request"):
        context["csrf_token"] = masked_csrf_token(request)
        return HttpResponse(render_to_string("quizzes/_answered.html", context))
    return render(request, "quizzes/answered.html", context)


class CampaignUrls(NamedTuple):
    play: str
    detail: str
    draw: str


def campaign_urls(pk: int) -> CampaignUrls:
    """The play pages' links of campaign `pk`, reversed once per process (and URL prefix)."""
    return _campaign_urls(pk, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=1024)
def _campaign_urls(pk: int, _prefix: str, _urlconf) -> CampaignUrls:
    return CampaignUrls(
        *(reverse(f"quizzes:{name}", args=[pk]) for name in ("play", "detail", "draw"))
    )


# The question kinds' labels (lazy: str() gives the active language's), as get_kind_display.
_KIND_LABELS = dict(Question.Kind.choices)


class QuestionCard(NamedTuple):
    """What a question's fields show (quizzes/_question_fields.html, kept rendered per content).

    Only the option texts and ids: never which one is right."""

    kind: str
    kind_label: str
    text: str
    choices: tuple[tuple[int, str], ...]
    chosen: tuple[int, ...]


class AnsweredCard(NamedTuple):
    """An answered question with the right and the chosen options marked, and the explanation
    (quizzes/_answered_question.html, kept rendered per content)."""

    text: str
    explanation: str
    choices: tuple[tuple[int, bool, str], ...]
    chosen: tuple[int, ...]


def _question_context(served, *, now=None, chosen=()) -> dict:
    remaining = None
    if served.expires_at:
        now = now or timezone.now()
        remaining = max(0, int((served.expires_at - now).total_seconds()))
    question = served.question
    choices = getattr(served, "choice_texts", None)
    if choices is None:
        choices = [(c.pk, c.text) for c in question.choices.all()]
    card = QuestionCard(
        kind=question.kind,
        kind_label=str(_KIND_LABELS.get(question.kind, question.kind)),
        text=question.text,
        choices=tuple(choices),
        # Ids as posted (a refused answer stays ticked); any other text ticks nothing.
        chosen=tuple(sorted({int(pk) for pk in chosen if str(pk).isdigit() and len(str(pk)) < 19})),
    )
    return {"served": served, "question_card": card, "remaining": remaining}


# Refusals after which the question stays the same: the ticked answer is kept on the page.
KEEP_THE_ANSWER = ("no_choice", "one_choice", "rate_limited")


def _play_page(request, campaign, *, chosen=(), error=None, **read):
    """The question page; `read`: what the caller has read for question_serve (`now` and the
    player's `state`)."""
    try:
        served = services.question_serve(user=request.user, campaign=campaign, **read)
    except ValidationError as refusal:
        _message(request, refusal)
        return redirect("quizzes:detail", pk=campaign.pk)
    return render(
        request,
        "quizzes/play.html",
        {
            "campaign": campaign,
            "urls": campaign_urls(campaign.pk),
            **_question_context(served, now=read.get("now"), chosen=chosen),
            # The participant question_serve read (with its counters) is not read again.
            "standing": selectors.standing_for_user(
                user=request.user,
                campaign=campaign,
                participant=served.participant,
                day=served.day_record,
            ),
            "error": " ".join(error.messages) if error else "",
        },
    )


@login_required
def result(request, pk: int, served_pk: int):
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    served = (
        ServedQuestion.objects.select_related("question")
        .prefetch_related("question__choices")
        .filter(
            pk=served_pk,
            campaign=campaign,
            participant__user=request.user,
            answered_at__isnull=False,
        )
        .first()
    )
    if served is None:
        raise Http404
    return render(
        request,
        "quizzes/result.html",
        {
            "campaign": campaign,
            "served": served,
            "question": served.question,
            "choices": served.question.choices.all(),
            "standing": selectors.standing_for_user(user=request.user, campaign=campaign),
            "is_open": campaign.is_open(),
        },
    )


@login_required
@require_POST
def draw(request, pk: int):
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    try:
        check_rate(request, "draw")
        outcome = services.draw_perform(user=request.user, campaign=campaign)
    except ValidationError as error:
        _message(request, error)
        return redirect("quizzes:detail", pk=campaign.pk)
    return redirect("quizzes:draw_result", pk=campaign.pk, draw_pk=outcome.pk)


@login_required
def draw_result(request, pk: int, draw_pk: int):
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    outcome = selectors.draws_of_user(user=request.user, campaign=campaign).filter(pk=draw_pk)
    outcome = outcome.first()
    if outcome is None:
        raise Http404
    return render(
        request,
        "quizzes/draw_result.html",
        {
            "campaign": campaign,
            "draw": outcome,
            "standing": selectors.standing_for_user(user=request.user, campaign=campaign),
            "is_open": campaign.is_open(),
        },
    )


@login_required
def prizes(request, pk: int):
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    draws = selectors.draws_of_user(user=request.user, campaign=campaign).exclude(kind="thanks")
    page = Paginator(draws, 20).get_page(request.GET.get("page"))
    return render(request, "quizzes/prizes.html", {"campaign": campaign, "page": page})


@login_required
def leaderboard(request, pk: int):
    campaign, boards = selectors.campaign_leaderboards_for_user(user=request.user, pk=pk)
    return render(request, "quizzes/leaderboard.html", {"campaign": campaign, "boards": boards})


# Staff pages ---------------------------------------------------------------------------------


@login_required
def staff_campaigns(request):
    page = Paginator(selectors.campaigns_for_staff(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "quizzes/staff_campaigns.html", {"page": page})


@login_required
def staff_campaign(request, pk: int):
    campaign = selectors.campaign_get_for_staff(user=request.user, pk=pk)
    questions = Paginator(selectors.question_accuracy(campaign), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "quizzes/staff_campaign.html",
        {
            "campaign": campaign,
            "stats": selectors.campaign_stats(campaign),
            "page": questions,
            "draws": selectors.draw_log(campaign)[:20],
        },
    )


@login_required
def staff_draws_export(request, pk: int):
    campaign = selectors.campaign_get_for_staff(user=request.user, pk=pk)
    content, rows = exports.draw_log_xlsx(campaign)
    audit_export(
        actor=request.user,
        export="quiz_draws",
        rows=rows,
        phones=PhoneColumn.MASKED,
        ip_address=client_ip(request),
        scope_path=campaign.node.path,
        details={"campaign": campaign.pk},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="quiz-{campaign.pk}-draws.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    scope = require_managing_scope(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, scope=scope)
    problems: list[str] = []
    skipped: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        category = form.cleaned_data["category"]
        try:
            outcome = services.questions_upload(
                actor=request.user,
                node=form.cleaned_data["node"],
                filename=upload.name,
                content=upload.read(),
                default_category=category.name if category else "",
                difficulty=form.cleaned_data["difficulty"],
            )
        except ImportRefused as error:
            problems, skipped = error.problems, error.skipped
        else:
            if outcome.held is not None:
                # Some questions cannot be played: staff read which before anything is imported.
                return redirect("quizzes:staff_import_confirm", pk=outcome.held.pk)
            messages.success(
                request, _("%(count)d questions imported.") % {"count": len(outcome.created)}
            )
            return redirect(reverse("quizzes:staff_import"))
    return render(
        request,
        "quizzes/staff_import.html",
        {"form": form, "problems": problems, "skipped": skipped},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import_confirm(request, pk: int):
    """The questions of a held file that will be left out; importing the others on confirm."""
    held = selectors.question_import_get_for_staff(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            created = services.question_import_confirm(actor=request.user, held=held)
        except ImportRefused as error:
            return render(
                request,
                "quizzes/staff_import.html",
                {
                    "form": ImportForm(scope=require_managing_scope(request.user)),
                    "problems": error.problems,
                    "skipped": error.skipped,
                },
            )
        except ValidationError as error:  # confirmed already (a second click)
            _message(request, error)
            return redirect("quizzes:staff_import")
        messages.success(
            request,
            _("%(count)d questions imported; %(left_out)d left out as listed.")
            % {"count": len(created), "left_out": len(held.skipped)},
        )
        return redirect("quizzes:staff_import")
    return render(request, "quizzes/staff_import_confirm.html", {"held": held})
