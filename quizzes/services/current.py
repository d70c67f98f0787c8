"""The resident's quiz pages' reads as prepared statements: the player's state, the list.

The quiz play page is read on every question (and reloaded); through the ORM it cost five
queries whose building took more time than running them: the campaign with its place, the
participant, the pending question with its text, its options, and the day's record. Here they
are one hand-written statement (a wide join, the options as a JSON list in the same row,
campaign_player_state; player_state without the campaign for the API's next question),
prepared once per connection (core.prepared) and turned back into instances as the ORM would
(core.rows). The statements' texts are built once per process. The list of campaigns is read
the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
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


def _state_columns() -> str:
    return ", ".join(select_columns(model, alias) for alias, model in _JOINED) + (
        f", {_options_sql()}"
    )


def _state_joins() -> str:
    """The joins from the participant `p` to its pending question and its record of a day (the
    day is the statement's first parameter)."""
    served = ServedQuestion._meta.db_table
    return (
        f"LEFT JOIN {served} s ON s.id = (SELECT MAX(u.id) FROM {served} u "
        "WHERE u.participant_id = p.id AND u.answered_at IS NULL) "
        f"LEFT JOIN {Question._meta.db_table} q ON q.id = s.question_id "
        f"LEFT JOIN {DayRecord._meta.db_table} d ON d.participant_id = p.id AND d.day = %s"
    )


def _state_from_row(row, start: int, campaign: Campaign) -> PlayerState | None:
    instances = []
    for _alias, model in _JOINED:
        instance, start = instance_from_row(model, row, start)
        instances.append(instance)
    participant, pending, question, record = instances
    if participant is None:
        return None
    participant.campaign = campaign
    if pending is not None:
        options = row[start]
        options = json.loads(options) if isinstance(options, str) else options or []
        pending.question = question
        pending.campaign = campaign
        pending.choice_texts = [(pk, text) for pk, text in options]
    if record is not None:
        record.participant = participant
    return PlayerState(participant, pending, record)


@lru_cache(maxsize=2)
def _player_state_sql(_vendor: str) -> str:
    return (
        f"SELECT {_state_columns()} FROM {Participant._meta.db_table} p {_state_joins()} "
        "WHERE p.campaign_id = %s AND p.user_id = %s"
    )


def player_state(*, user, campaign: Campaign, day: dt.date) -> PlayerState | None:
    """The user's participation in `campaign`, pending question and record of `day`; None when
    the user has not joined the campaign. One prepared statement."""
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            _player_state_sql(connection.vendor),
            [connection.ops.adapt_datefield_value(day), campaign.pk, user.pk],
        )
        row = cursor.fetchone()
    return None if row is None else _state_from_row(row, 0, campaign)


@lru_cache(maxsize=2)
def _campaign_player_state_sql(_vendor: str) -> str:
    # The day's placeholder comes first in the joins: the participant's is the second.
    return (
        f"SELECT {select_columns(Campaign, 'c')}, {select_columns(Node, 'n')}, "
        f"{_state_columns()} FROM {Campaign._meta.db_table} c "
        f"JOIN {Node._meta.db_table} n ON n.id = c.node_id "
        f"LEFT JOIN {Participant._meta.db_table} p ON p.campaign_id = c.id AND p.user_id = %s "
        f"{_state_joins()} WHERE c.id = %s"
    )


def campaign_player_state(
    *, user, pk: int, day: dt.date
) -> tuple[Campaign, PlayerState | None] | None:
    """Campaign `pk` with its place, and the user's player_state in it (None: not joined);
    None when there is no such campaign. One prepared statement: the play page's whole read.

    Whether the user may see the campaign is the caller's to check
    (quizzes.selectors.campaign_open_to), before showing anything of it.
    """
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            _campaign_player_state_sql(connection.vendor),
            [user.pk, connection.ops.adapt_datefield_value(day), pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    campaign, end = instance_from_row(Campaign, row)
    campaign.node, end = instance_from_row(Node, row, end)
    return campaign, _state_from_row(row, end, campaign)


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
