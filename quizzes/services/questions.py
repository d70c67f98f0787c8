"""The question bank: creating questions and importing whole files (all or nothing)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from quizzes.importers import ParsedQuestion, detect_format, parse_file
from quizzes.models import Category, Choice, Question

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportRefused(ValidationError):
    """The file has bad questions; `problems` lists each one. Nothing was imported."""

    def __init__(self, problems: list[str]):
        super().__init__(problems, code="import_invalid")
        self.problems = problems


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
) -> list[Question]:
    """Import every question of the file into the bank of `node`, or none (ImportRefused).

    ImportRefused lists each bad question with its number and line, in the user's language.
    """
    fmt = fmt or detect_format(filename)
    if fmt is None:
        raise ImportRefused([_("Choose an .xlsx, .gift/.txt or .xml file.")])
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportRefused([_("The file is larger than 5 MB.")])
    parsed = parse_file(fmt, content, default_category=default_category)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    return _questions_save(
        actor=actor,
        node=node,
        questions=parsed.questions,
        filename=filename,
        fmt=fmt,
        difficulty=difficulty,
    )


@transaction.atomic
def _questions_save(
    *, actor, node: Node, questions: list[ParsedQuestion], filename: str, fmt: str, difficulty: int
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
        details={"file": filename, "format": fmt, "count": len(created)},
    )
    return created
