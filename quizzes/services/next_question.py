"""The next question served with an answer's result: the play page's one request per answer.

`question_serve`'s rule (the question still unanswered, else a new one at random, not the one
just played), from what the answer already read: its participant, the day's time limit, the
campaign and the question just answered are not read again. On PostgreSQL the pending question
is looked up, a new one made when there is none, and the question with its options read back,
in one prepared statement.
"""

import datetime as dt
import json
import random
from functools import lru_cache

from django.db import connection

from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from quizzes.models import Campaign, Question, ServedQuestion
from quizzes.services.play import AnswerResult, campaign_question_ids, question_serve, token_for
from quizzes.services.play_reads import choices_json


def question_serve_next(
    *,
    user,
    campaign: Campaign,
    answered: AnswerResult,
    now: dt.datetime,
    rng: random.Random | None = None,
) -> ServedQuestion:
    """The user's question after `answered`, as question_serve would serve it at `now`.

    The campaign must be open (the caller checked). "Not the one just played" is the question
    just answered: with nothing left unanswered it is the participant's last served question.
    The row carries `.token`, `.question` and `.choice_texts` ([(option id, text), ...] in page
    order), so the page shows it without another query.
    """
    ids = campaign_question_ids(campaign)
    if connection.vendor != "postgresql" or not ids:
        # Elsewhere, or with no question to draw (a pending one is still served; else refused).
        return question_serve(user=user, campaign=campaign, now=now, rng=rng)
    participant = answered.served.participant
    rng = rng or random.SystemRandom()
    last = answered.question.pk
    seconds = answered.seconds_per_question
    made = ServedQuestion(
        campaign=campaign,
        participant=participant,
        question_id=rng.choice([pk for pk in ids if pk != last] or ids),
        served_at=now,
        expires_at=now + dt.timedelta(seconds=seconds) if seconds else None,
    )
    fields = _inserted_fields()
    params = [participant.pk]
    params += [f.get_db_prep_save(getattr(made, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        execute_prepared(cursor, _statement(), params)
        row = cursor.fetchone()
    served, end = instance_from_row(ServedQuestion, row)
    question, end = instance_from_row(Question, row, end)
    served.participant, served.campaign, served.question = participant, campaign, question
    choices = row[end]
    choices = json.loads(choices) if isinstance(choices, str) else choices or []
    served.choice_texts = [(pk, text) for pk, text in choices]
    served.token = token_for(served)
    return served


def _inserted_fields() -> list:
    return [f for f in ServedQuestion._meta.concrete_fields if not f.primary_key]


@lru_cache(maxsize=1)
def _statement() -> str:
    """The pending question, else a new one (the parameters after the first: its fields'
    values in _inserted_fields() order), with its question and options. Built once (fixed)."""
    fields = _inserted_fields()
    table, qn = ServedQuestion._meta.db_table, connection.ops.quote_name
    # Cast: a bare placeholder in INSERT ... SELECT is typed as text when prepared.
    values = ", ".join(f"CAST(%s AS {f.db_type(connection)})" for f in fields)
    return (
        f"WITH pending AS (SELECT * FROM {table} WHERE participant_id = %s "
        "AND answered_at IS NULL ORDER BY id DESC LIMIT 1), "
        f"made AS (INSERT INTO {table} ({', '.join(qn(f.column) for f in fields)}) "
        f"SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM pending) RETURNING *), "
        "s AS (SELECT * FROM pending UNION ALL SELECT * FROM made) "
        f"SELECT {select_columns(ServedQuestion, 's')}, {select_columns(Question, 'q')}, "
        f"{choices_json('s.question_id', 'ch.id, ch.text')} "
        f"FROM s JOIN {Question._meta.db_table} q ON q.id = s.question_id"
    )
