"""The resident's quiz pages' reads as prepared statements: the player's state, the list.

The quiz play page is read on every question (and reloaded); through the ORM, after its
campaign (quizzes.selectors.campaign_get_for_user, prepared), it cost four queries whose
building took more time than running them: the participant, the pending question with its
text, its options, and the day's record. Here they are one hand-written statement (a wide join,
the options as a JSON list in the same row), prepared once per connection (core.prepared) and
turned back into instances as the ORM would (core.rows). The list of campaigns is read the
same way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from django.db import connection

from communities.models import Node
from core.prepared import any_of, execute_prepared
from core.rows import converted, instance_from_row, select_columns
from quizzes.models import Campaign, Choice, DayRecord, Participant, Question, ServedQuestion


class PlayerState(NamedTuple):
    participant: Participant
    # The newest unanswered question (its question and `.choice_texts` attached), or None.
    pending: ServedQuestion | None
    # The participant's record of the day asked for, or None when there is none yet.
    day: DayRecord | None


_JOINED = (("p", Participant), ("s", ServedQuestion), ("q", Question), ("d", DayRecord))


def _options_sql() -> str:
    """The pending question's options as a JSON list of [id, text], in their order."""
    table, order = Choice._meta.db_table, 'ch."order", ch.id'
    if connection.vendor == "sqlite":
        return (
            "(SELECT json_group_array(json_array(o.id, o.text)) FROM "
            f"(SELECT ch.id, ch.text FROM {table} ch WHERE ch.question_id = s.question_id "
            f"ORDER BY {order}) o)"
        )
    return (
        f"(SELECT json_agg(json_build_array(ch.id, ch.text) ORDER BY {order}) FROM {table} ch "
        "WHERE ch.question_id = s.question_id)"
    )


def player_state(*, user, campaign: Campaign, day: dt.date) -> PlayerState | None:
    """The user's participation in `campaign`, pending question and record of `day`; None when
    the user has not joined the campaign. One prepared statement."""
    served = ServedQuestion._meta.db_table
    sql = (
        f"SELECT {', '.join(select_columns(model, alias) for alias, model in _JOINED)}, "
        f"{_options_sql()} "
        f"FROM {Participant._meta.db_table} p "
        f"LEFT JOIN {served} s ON s.id = (SELECT MAX(u.id) FROM {served} u "
        "WHERE u.participant_id = p.id AND u.answered_at IS NULL) "
        f"LEFT JOIN {Question._meta.db_table} q ON q.id = s.question_id "
        f"LEFT JOIN {DayRecord._meta.db_table} d ON d.participant_id = p.id AND d.day = %s "
        "WHERE p.campaign_id = %s AND p.user_id = %s"
    )
    with connection.cursor() as cursor:
        execute_prepared(
            cursor, sql, [connection.ops.adapt_datefield_value(day), campaign.pk, user.pk]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for _alias, model in _JOINED:
        instance, start = instance_from_row(model, row, start)
        instances.append(instance)
    participant, pending, question, record = instances
    participant.campaign = campaign
    if pending is not None:
        options = row[-1]
        options = json.loads(options) if isinstance(options, str) else options or []
        pending.question = question
        pending.campaign = campaign
        pending.choice_texts = [(pk, text) for pk, text in options]
    if record is not None:
        record.participant = participant
    return PlayerState(participant, pending, record)


class CampaignCard(NamedTuple):
    """What a campaign's row on the quiz list shows, as plain values."""

    pk: int
    title: str
    node_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def campaigns_listed(*, home_codes, now: dt.datetime) -> list[CampaignCard]:
    """quizzes.selectors.campaigns_for_user's campaigns (published, not ended, of a street or
    of a place among `home_codes`, by end then id) as cards: one prepared statement."""
    homes, codes = any_of("n.code", sorted(home_codes))
    sql = (
        "SELECT c.id, c.title, n.name, c.starts_at, c.ends_at "
        f"FROM {Campaign._meta.db_table} c JOIN {Node._meta.db_table} n ON n.id = c.node_id "
        f"WHERE c.is_published = %s AND c.ends_at > %s AND (n.kind = %s OR {homes}) "
        "ORDER BY c.ends_at, c.id"
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [True, moment, Node.Kind.STREET, *codes])
        rows = cursor.fetchall()
    return [
        CampaignCard(
            pk=pk,
            title=title,
            node_name=node_name,
            starts_at=converted(Campaign, "starts_at", starts_at),
            ends_at=converted(Campaign, "ends_at", ends_at),
        )
        for pk, title, node_name, starts_at, ends_at in rows
    ]
