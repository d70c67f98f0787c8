"""The ceiling for "answer a question": one bare transaction of the same shape, and the URLconf.

Same writes as quizzes.services.answer_submit on a correct answer past the streak, in as many
statements, each prepared once per connection as the product's are (core.prepared): the token
log-in lookup; then one transaction that loads the served question while locking the participant,
marks it answered and counts it for the participant and the day (one statement, as
`_answer_record`), and inserts a posting, adds to the user's balance ("issuance" is a source
account: no balance row is written for it) and adds to the campaign, weekly and annual board
scores (one statement, as the ledger's `one_statement`). No rules, no ORM, no DRF; the reads the
service does besides (answer options, accounts, boards) are left out, so the ceiling errs high.
"""

import hashlib
import json

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from bench.urls import urlpatterns as bench_urlpatterns
from core.prepared import execute_prepared

TOKEN_SQL = "SELECT user_id FROM accounts_apitoken WHERE digest = %s"
# The served question and the participant lock in one statement, as the service.
LOCK_SQL = (
    "SELECT s.participant_id FROM quizzes_servedquestion s "
    "JOIN quizzes_participant p ON p.id = s.participant_id "
    "WHERE s.id = %s AND p.user_id = %s FOR UPDATE OF p"
)
ANSWER_SQL = (
    "WITH s AS (UPDATE quizzes_servedquestion SET answered_at = %s, is_correct = true "
    "WHERE id = %s AND answered_at IS NULL RETURNING id), "
    "p AS (UPDATE quizzes_participant SET answers = answers + 1, correct = correct + 1 "
    "WHERE id = %s AND EXISTS (SELECT 1 FROM s)), "
    "d AS (UPDATE quizzes_dayrecord SET answers = answers + 1 "
    "WHERE participant_id = %s AND EXISTS (SELECT 1 FROM s)) "
    "SELECT count(*) FROM s"
)
# The debit is "issuance", a source account: its balance is derived, not written. Every board
# score in the same statement, in board order (as the ledger locks them).
POSTING_SQL = (
    "WITH p AS (INSERT INTO points_posting (debit_id, credit_id, amount, currency, reason, "
    "source_id, key, created_at, board_keys, scored_on) VALUES "
    "(%s, %s, 1, 'POINT', 'bench', '', %s, %s, '[]', '[]') "
    "ON CONFLICT (key) DO NOTHING RETURNING credit_id), "
    "a AS (UPDATE points_account SET balance = balance + 1 "
    "WHERE id = (SELECT credit_id FROM p) RETURNING balance), "
    "s AS (INSERT INTO points_boardscore (board_id, period_key, user_id, score, reached_at) "
    "SELECT b, 'bare', %s, 1, %s FROM p CROSS JOIN unnest(%s::bigint[]) b ORDER BY 1 "
    "ON CONFLICT (board_id, period_key, user_id) DO UPDATE "
    "SET score = points_boardscore.score + 1 RETURNING score) "
    "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM s)"
)


@csrf_exempt
def bare_answer(request):
    body = json.loads(request.body)
    key = request.headers.get("Authorization", "").removeprefix("Token ")
    now = timezone.now()
    served = body["served"]
    with connection.cursor() as cursor:
        execute_prepared(cursor, TOKEN_SQL, [hashlib.sha256(key.encode()).hexdigest()])
        user_id = cursor.fetchone()[0]
        with transaction.atomic():
            execute_prepared(cursor, LOCK_SQL, [served, user_id])
            participant_id = cursor.fetchone()[0]
            execute_prepared(cursor, ANSWER_SQL, [now, served, participant_id, participant_id])
            cursor.fetchone()
            execute_prepared(
                cursor,
                POSTING_SQL,
                [
                    body["debit"],
                    body["credit"],
                    f"bare:{served}",
                    now,
                    user_id,
                    now,
                    body["boards"],
                ],
            )
            cursor.fetchone()
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare-answer/", bare_answer), *bench_urlpatterns]
