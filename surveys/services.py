"""Writes of surveys and the needs list: publishing a survey, answering it (for oneself or
for a resident, 代办), marking needs."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.acting import act_for_check, act_for_record, homes_of
from communities.models import Household, Node
from communities.scoping import scope_for_user
from surveys.models import Answer, Choice, NeedItem, NeedMark, Question, Response, Survey

MAX_QUESTIONS = 30
MAX_CHOICES = 12


def _refuse(message: str, code: str = "invalid"):
    raise ValidationError(message, code=code)


def _clean_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for raw in questions:
        text = (raw.get("text") or "").strip()
        if not text:
            continue
        kind = raw.get("kind")
        if kind not in Question.Kind.values:
            _refuse(_("Choose the type of each question."))
        choices = [c.strip() for c in raw.get("choices") or [] if c and c.strip()]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if not 2 <= len(choices) <= MAX_CHOICES:
                _refuse(
                    _("A choice question needs 2 to %(n)d options, one per line.")
                    % {"n": MAX_CHOICES}
                )
        else:
            choices = []
        cleaned.append(
            {
                "kind": kind,
                "text": text[:200],
                "required": bool(raw.get("required", True)),
                "choices": [c[:100] for c in choices],
            }
        )
    if not 1 <= len(cleaned) <= MAX_QUESTIONS:
        _refuse(_("A survey needs 1 to %(n)d questions.") % {"n": MAX_QUESTIONS})
    return cleaned


@transaction.atomic
def survey_create(
    *,
    actor,
    node: Node,
    title: str,
    questions: list[dict[str, Any]],
    intro: str = "",
    anonymous: bool = False,
    per_household: bool = False,
    closes_at: datetime.datetime | None = None,
) -> Survey:
    """Publish a survey to the residents of a place in the actor's scope.

    `questions`: dicts of kind, text, required and (for choice questions) choices, a list of
    labels. Refused: a place outside the scope (`out_of_scope`), no title, no question, a
    choice question with fewer than 2 options, a closing time already past (`invalid`).
    """
    title = title.strip()
    if not title:
        _refuse(_("Give the survey a title."))
    if not scope_for_user(actor).contains(node):
        _refuse(_("You can only survey the places you look after."), "out_of_scope")
    if closes_at is not None and closes_at <= timezone.now():
        _refuse(_("The closing time must be in the future."))
    cleaned = _clean_questions(questions)
    survey = Survey.objects.create(
        node=node,
        title=title,
        intro=intro.strip(),
        anonymous=anonymous,
        per_household=per_household,
        closes_at=closes_at,
        author=actor,
    )
    for position, spec in enumerate(cleaned):
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=spec["kind"],
            text=spec["text"],
            required=spec["required"],
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=i, label=label)
            for i, label in enumerate(spec["choices"])
        )
    audit_record(actor=actor, action="surveys.create", target=survey, scope_path=node.path)
    return survey


def home_for_survey(survey: Survey, person) -> Household | None:
    """The person's approved home under the survey's place (None: not asked)."""
    return homes_of(person).filter(survey.node.subtree_q("node")).order_by("pk").first()


def response_key(survey: Survey, person, household: Household) -> str:
    """One answer per person or household: a keyed hash, so an anonymous survey stores no id."""
    subject = f"h{household.pk}" if survey.per_household else f"u{person.pk}"
    message = f"survey:{survey.pk}:{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _answer_rows(question: Question, value) -> list[Answer]:
    """The Answer rows for one question's value; refuses a value the question cannot take."""
    empty = value in (None, "", [])
    if empty:
        if question.required:
            _refuse(_("Please answer: %(q)s") % {"q": question.text}, "missing_answer")
        return []
    if question.kind == Question.Kind.TEXT:
        return [Answer(question=question, text=str(value).strip()[:1000])]
    if question.kind == Question.Kind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            _refuse(_("A rating is a whole number from 1 to 5."))
        return [Answer(question=question, rating=rating)]
    ids = value if isinstance(value, list | tuple | set) else [value]
    if question.kind == Question.Kind.SINGLE and len(ids) != 1:
        _refuse(_("Choose one option for: %(q)s") % {"q": question.text})
    valid = {choice.pk: choice for choice in question.choices.all()}
    try:
        chosen = {valid[int(i)] for i in ids}
    except (KeyError, TypeError, ValueError):
        _refuse(_("Choose among the options given for: %(q)s") % {"q": question.text})
    return [Answer(question=question, choice=c) for c in sorted(chosen, key=lambda c: c.pk)]


@transaction.atomic
def survey_answer(*, survey: Survey, person, actor, answers: dict[int, Any]) -> Response:
    """Record the answers of `person`; `actor` is who entered them (代办 when different).

    `answers` maps question ids to a choice id (single), a list of choice ids (multiple), a
    rating 1-5 or text. Refused: a closed survey (`closed`), a person not living under its
    place (`not_asked`), acting outside one's scope (`out_of_scope`), a second answer from the
    same person or household (`already_answered`), a missing or impossible answer (`invalid`,
    `missing_answer`). Acting for someone is audited naming both; an anonymous survey's audit
    entry says who answered for whom, never what.
    """
    on_behalf = act_for_check(actor=actor, person=person)
    if not survey.is_open:
        _refuse(_("This survey is closed."), "closed")
    household = home_for_survey(survey, person)
    if household is None:
        _refuse(
            _("This survey is for the residents of %(place)s.") % {"place": survey.node},
            "not_asked",
        )
    questions = list(survey.questions.prefetch_related("choices"))
    rows = []
    for question in questions:
        rows += _answer_rows(question, answers.get(question.pk, answers.get(str(question.pk))))
    key = response_key(survey, person, household)
    if Response.objects.filter(survey=survey, key=key).exists():
        _refuse(_("This survey has already been answered."), "already_answered")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                key=key,
                respondent=None if survey.anonymous else person,
                household=None if survey.anonymous else household,
                place=household.node.grid or household.node,
                entered_by=actor if on_behalf else None,
            )
    except IntegrityError:  # the same household answered at the same moment
        _refuse(_("This survey has already been answered."), "already_answered")
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    act_for_record(
        actor=actor,
        person=person,
        action="surveys.answer",
        target=survey,
        scope_path=household.node.path,
    )
    return response


@transaction.atomic
def need_marks_set(*, person, actor, items: Iterable[NeedItem]) -> list[NeedItem]:
    """The person needs exactly these items (marks added and removed); acting for someone is
    audited naming both. Refused: no approved home (`no_home`), outside scope."""
    act_for_check(actor=actor, person=person)
    home = homes_of(person).order_by("pk").first()
    if home is None:
        _refuse(
            _("Register your home first, so your community knows where the need is."), "no_home"
        )
    wanted = {item.pk: item for item in items if item.is_active}
    have = set(NeedMark.objects.filter(user=person).values_list("item_id", flat=True))
    NeedMark.objects.filter(user=person).exclude(item_id__in=wanted).delete()
    NeedMark.objects.bulk_create(
        [
            NeedMark(
                user=person,
                item=item,
                node=home.node,
                entered_by=None if actor.pk == person.pk else actor,
            )
            for pk, item in wanted.items()
            if pk not in have
        ],
        ignore_conflicts=True,
    )
    act_for_record(
        actor=actor,
        person=person,
        action="surveys.needs_mark",
        scope_path=home.node.path,
        details={"items": sorted(wanted)},
    )
    return list(wanted.values())
