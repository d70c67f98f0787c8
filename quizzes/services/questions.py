"""The question bank: creating questions and importing whole files.

An import is all or nothing for the questions the quiz can play: one mistake in any of them
refuses the file. Questions of other kinds (a Moodle export mixes short-answer, numerical,
matching, essay ...) are left out, but only once staff have seen the list of them (with lines
and reasons) and confirmed: the file is held meanwhile (QuestionImport).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from quizzes.importers import ParsedQuestion, detect_format, parse_file
from quizzes.models import Campaign, Category, Choice, Question, QuestionImport
from quizzes.services.play import campaign_question_ids_forget

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# A file waiting for confirmation is kept this long, then dropped (staff upload it again).
HOLD_FOR = dt.timedelta(days=1)


class ImportRefused(ValidationError):
    """The file has bad questions; `problems` lists each one, `skipped` the questions it would
    leave out. Nothing was imported."""

    def __init__(self, problems: list[str], skipped: list[str] | None = None):
        super().__init__(problems, code="import_invalid")
        self.problems = problems
        self.skipped = list(skipped or [])


class ImportNeedsConfirmation(ValidationError):
    """The file mixes questions the quiz cannot play: `skipped` lists them (where and why) and
    `importable` counts the others. Nothing was imported yet."""

    def __init__(self, skipped: list[str], importable: int):
        super().__init__(skipped, code="import_needs_confirmation")
        self.skipped = skipped
        self.importable = importable


@dataclass
class UploadOutcome:
    """What an upload did: imported the questions, or holds the file for confirmation."""

    created: list[Question]
    held: QuestionImport | None = None


@transaction.atomic
def question_deactivate(*, actor, question: Question) -> Question:
    """Take a question out of play: campaigns stop serving it at once (their cached lists of
    question ids are dropped after commit). Staff whose scope holds the question's bank."""
    question = Question.objects.select_for_update().select_related("node").get(pk=question.pk)
    if not scope_for_user(actor).manages(question.node):
        raise ValidationError(_("You may not change this question."), code="forbidden")
    if not question.is_active:
        return question
    question.is_active = False
    question.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="quizzes.question_deactivate",
        target=question,
        scope_path=question.node.path,
        details={"category": question.category_id},
    )
    _forget_campaigns_drawing_from([(question.node, question.category_id)])
    return question


def _forget_campaigns_drawing_from(banks: list[tuple[Node, int]]) -> None:
    """After commit, drop the cached question lists of the campaigns that draw from these
    (bank place, category) pairs. A campaign draws from the banks of its place and above:
    those at or below the bank."""
    query = Q()
    for node, category_id in banks:
        query |= node.subtree_q("node") & Q(categories=category_id)
    campaigns = list(Campaign.objects.filter(query).distinct().only("pk"))
    transaction.on_commit(lambda: [campaign_question_ids_forget(c) for c in campaigns])


@transaction.atomic
def question_save(*, actor, question: Question, is_new: bool, changed: list[str]) -> Question:
    """Save a question edited as a whole (the admin's form; its choices are saved after it
    in the same transaction): staff whose scope holds the bank, before and after the change.
    Audited; the campaigns drawing from the old or the new bank stop serving a stale list."""
    scope = scope_for_user(actor)
    banks = [(question.node, question.category_id)]
    if not is_new:
        before = Question.objects.select_for_update().select_related("node").get(pk=question.pk)
        if not scope.manages(before.node):
            raise ValidationError(_("You may not change this question."), code="forbidden")
        banks.append((before.node, before.category_id))
    if not scope.manages(question.node):
        raise ValidationError(_("You may not change this question."), code="forbidden")
    question.save()
    audit_record(
        actor=actor,
        action="quizzes.question_created" if is_new else "quizzes.question_changed",
        target=question,
        scope_path=question.node.path,
        details={"fields": list(changed), "category": question.category_id},
    )
    _forget_campaigns_drawing_from(banks)
    return question


@transaction.atomic
def question_create(
    *,
    actor,
    node: Node,
    kind: str,
    text: str,
    choices: list[tuple[str, bool]],
    category: Category | str,
    explanation: str = "",
    difficulty: int = Question.Difficulty.MEDIUM,
    source: str = "",
    audit: bool = True,
) -> Question:
    if isinstance(category, str):
        category, _created = Category.objects.get_or_create(name=category.strip()[:50])
    question = Question.objects.create(
        node=node,
        kind=kind,
        text=text,
        explanation=explanation,
        category=category,
        difficulty=difficulty,
        source=source[:200],
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=choice_text[:500], is_correct=ok, order=i)
        for i, (choice_text, ok) in enumerate(choices)
    )
    if audit:
        audit_record(
            actor=actor,
            action="quizzes.question_created",
            target=question,
            scope_path=node.path,
            details={"kind": kind, "category": category.name},
        )
    return question


def questions_import(
    *,
    actor,
    node: Node,
    filename: str,
    content: bytes,
    fmt: str | None = None,
    default_category: str = "",
    difficulty: int = Question.Difficulty.MEDIUM,
    skip_unsupported: bool = False,
) -> list[Question]:
    """Import every playable question of the file into the bank of `node`, or none.

    ImportRefused lists each bad question with its number and line, in the user's language.
    Questions the quiz cannot play are left out only with `skip_unsupported` (staff saw the
    list); otherwise ImportNeedsConfirmation lists them and nothing is imported.
    """
    fmt = fmt or detect_format(filename)
    if fmt is None:
        raise ImportRefused([_("Choose an .xlsx, .gift/.txt or .xml file.")])
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportRefused([_("The file is larger than 5 MB.")])
    parsed = parse_file(fmt, content, default_category=default_category)
    if parsed.errors:
        raise ImportRefused(parsed.errors, parsed.skipped)
    if parsed.skipped and not skip_unsupported:
        raise ImportNeedsConfirmation(parsed.skipped, len(parsed.questions))
    return _questions_save(
        actor=actor,
        node=node,
        questions=parsed.questions,
        filename=filename,
        fmt=fmt,
        difficulty=difficulty,
        skipped=len(parsed.skipped),
    )


def questions_upload(
    *,
    actor,
    node: Node,
    filename: str,
    content: bytes,
    default_category: str = "",
    difficulty: int = Question.Difficulty.MEDIUM,
) -> UploadOutcome:
    """A file staff upload: imported at once when every question can be played, else held
    (`held`) until they confirm leaving the listed questions out. ImportRefused as above."""
    try:
        created = questions_import(
            actor=actor,
            node=node,
            filename=filename,
            content=content,
            default_category=default_category,
            difficulty=difficulty,
        )
    except ImportNeedsConfirmation as mixed:
        now = timezone.now()
        # Files nobody confirmed within a day go (the upload is simply repeated).
        QuestionImport.objects.filter(
            status=QuestionImport.Status.WAITING, created_at__lt=now - HOLD_FOR
        ).delete()
        held = QuestionImport.objects.create(
            actor=actor,
            node=node,
            filename=filename[:200],
            fmt=detect_format(filename),
            content=content,
            default_category=default_category[:50],
            difficulty=difficulty,
            importable=mixed.importable,
            skipped=mixed.skipped,
            created_at=now,
        )
        return UploadOutcome(created=[], held=held)
    return UploadOutcome(created=created)


@transaction.atomic
def question_import_confirm(*, actor, held: QuestionImport) -> list[Question]:
    """Import the playable questions of a held file, leaving out the listed ones; once.

    Refused ("already_imported") when the file was imported already (a second click).
    """
    held = QuestionImport.objects.select_for_update().select_related("node").get(pk=held.pk)
    if held.status == QuestionImport.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."), code="already_imported")
    created = questions_import(
        actor=actor,
        node=held.node,
        filename=held.filename,
        content=bytes(held.content),
        fmt=held.fmt,
        default_category=held.default_category,
        difficulty=held.difficulty,
        skip_unsupported=True,
    )
    held.status = QuestionImport.Status.IMPORTED
    held.imported_at = timezone.now()
    held.content = b""  # the questions are in the bank now; the file is not kept
    held.save(update_fields=["status", "imported_at", "content"])
    return created


@transaction.atomic
def _questions_save(
    *,
    actor,
    node: Node,
    questions: list[ParsedQuestion],
    filename: str,
    fmt: str,
    difficulty: int,
    skipped: int = 0,
) -> list[Question]:
    categories: dict[str, Category] = {}
    created = []
    for parsed in questions:
        name = parsed.category.strip()[:50]
        if name not in categories:
            categories[name], _created = Category.objects.get_or_create(name=name)
        created.append(
            question_create(
                actor=actor,
                node=node,
                kind=parsed.kind,
                text=parsed.text,
                choices=parsed.choices,
                category=categories[name],
                explanation=parsed.explanation,
                difficulty=parsed.difficulty or difficulty,
                source=filename,
                audit=False,
            )
        )
    audit_record(
        actor=actor,
        action="quizzes.questions_imported",
        target=node,
        scope_path=node.path,
        details={"file": filename, "format": fmt, "count": len(created), "left_out": skipped},
    )
    return created
