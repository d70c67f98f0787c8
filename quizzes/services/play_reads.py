"""The play path's hand-written reads: one statement each, prepared (core/prepared.py).

The ORM's query building costs more than these queries on the busiest requests of a campaign
(every answer, every next question); the instances are built as the ORM would
(core/rows.py), with the backend's converters applied.
"""

import datetime as dt
import json

from django.db import connection

from communities.models import Node
from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from quizzes.models import Campaign, Choice, DayRecord, Participant, Question, ServedQuestion

_JOINED = (
    ("s", ServedQuestion),
    ("p", Participant),
    ("c", Campaign),
    ("n", Node),
    ("q", Question),
    ("d", DayRecord),
)


def served_locked(*, served_id: int, user, day: dt.date):
    """(served question, the participant's day record or None), locking the participant.

    The served question carries `.choice_rows`, [(option id, is correct, text), ...] of its
    question in page order (the answer's result shows them without another query).

    One hand-written query instead of the ORM's select_related (whose query building costs
    more than the query on this hot path); the instances are built as the ORM would (the
    backend's converters applied), with campaign (its node attached), question and participant
    attached.
    (None, None) when the served question is not the user's.
    """
    select = [select_columns(model, alias) for alias, model in _JOINED]
    # The question's options as a JSON list of [id, is correct, text], in the same query.
    select.append(choices_json("s.question_id", "ch.id, ch.is_correct, ch.text"))
    lock = " FOR UPDATE OF p" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT {', '.join(select)} FROM {ServedQuestion._meta.db_table} s "
        f"JOIN {Participant._meta.db_table} p ON p.id = s.participant_id "
        f"JOIN {Campaign._meta.db_table} c ON c.id = s.campaign_id "
        f"JOIN {Node._meta.db_table} n ON n.id = c.node_id "
        f"JOIN {Question._meta.db_table} q ON q.id = s.question_id "
        f"LEFT JOIN {DayRecord._meta.db_table} d ON d.participant_id = p.id AND d.day = %s "
        f"WHERE s.id = %s AND p.user_id = %s{lock}"
    )
    with connection.cursor() as cursor:
        execute_prepared(
            cursor, sql, [connection.ops.adapt_datefield_value(day), served_id, user.pk]
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    instances, start = [], 0
    for _alias, model in _JOINED:
        instance, start = instance_from_row(model, row, start)
        instances.append(instance)
    served, participant, campaign, node, question, record = instances
    campaign.node = node
    choices = row[-1]
    choices = json.loads(choices) if isinstance(choices, str) else choices or []
    served.choice_rows = [(pk, bool(is_right), text) for pk, is_right, text in choices]
    served.participant, served.campaign, served.question = participant, campaign, question
    participant.campaign = campaign
    return served, record


def choices_json(question_id: str, columns: str) -> str:
    """A subquery: the options of question `question_id` (an SQL expression) as a JSON list of
    [columns...] in page order (Choice's ordering), NULL when it has none."""
    table = Choice._meta.db_table
    rows = f"SELECT {columns} FROM {table} ch WHERE ch.question_id = {question_id}"
    if connection.vendor == "sqlite":
        return (
            f"(SELECT json_group_array(json_array({columns.replace('ch.', 'o.')})) "
            f'FROM ({rows} ORDER BY ch."order", ch.id) o)'
        )
    return (
        f'(SELECT json_agg(json_build_array({columns}) ORDER BY ch."order", ch.id) '
        f"FROM {table} ch WHERE ch.question_id = {question_id})"
    )
