"""The ceiling for "answer a question": one bare transaction of the same shape, and the URLconf.

Same writes as quizzes.services.answer_submit on a correct answer past the streak: the token
log-in lookup, then one transaction that loads the served question while locking the
participant, takes the question with a conditional UPDATE, inserts a posting, adds to the
user's balance ("issuance" is a source account: no balance row is written for it), adds to the
campaign, weekly and annual board scores (one statement, as the ledger does), and updates the
participant and the day record. No rules, no ORM, no DRF; the reads the service needs besides
(answer options, day record, accounts, boards) are left out, so the ceiling errs high.
"""

import hashlib
import json

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from bench.urls import urlpatterns as bench_urlpatterns


@csrf_exempt
def bare_answer(request):
    body = json.loads(request.body)
    key = request.headers.get("Authorization", "").removeprefix("Token ")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT user_id FROM accounts_apitoken WHERE digest = %s",
            [hashlib.sha256(key.encode()).hexdigest()],
        )
        user_id = cursor.fetchone()[0]
        with transaction.atomic():
            # The served question and the participant lock in one statement, as the service.
            cursor.execute(
                "SELECT s.participant_id FROM quizzes_servedquestion s "
                "JOIN quizzes_participant p ON p.id = s.participant_id "
                "WHERE s.id = %s AND p.user_id = %s FOR UPDATE OF p",
                [body["served"], user_id],
            )
            participant_id = cursor.fetchone()[0]
            cursor.execute(
                "UPDATE quizzes_servedquestion SET answered_at = %s, is_correct = true "
                "WHERE id = %s AND answered_at IS NULL",
                [now, body["served"]],
            )
            cursor.execute(
                "INSERT INTO points_posting (debit_id, credit_id, amount, currency, reason, "
                "source_id, key, created_at, board_keys, scored_on) VALUES "
                "(%s, %s, 1, 'POINT', 'bench', '', %s, %s, '[]', '[]') "
                "ON CONFLICT (key) DO NOTHING",
                [body["debit"], body["credit"], f"bare:{body['served']}", now],
            )
            # The debit is "issuance", a source account: its balance is derived, not written.
            cursor.execute(
                "UPDATE points_account SET balance = balance + 1 WHERE id = %s", [body["credit"]]
            )
            # Every board score in one statement, as the service writes them.
            rows = ", ".join(["(%s, 'bare', %s, 1, %s)"] * len(body["boards"]))
            params = [v for board_id in body["boards"] for v in (board_id, user_id, now)]
            cursor.execute(
                "INSERT INTO points_boardscore (board_id, period_key, user_id, score, reached_at) "
                f"VALUES {rows} ON CONFLICT (board_id, period_key, user_id) DO UPDATE "
                "SET score = points_boardscore.score + 1",
                params,
            )
            cursor.execute(
                "UPDATE quizzes_participant SET answers = answers + 1, correct = correct + 1 "
                "WHERE id = %s",
                [participant_id],
            )
            cursor.execute(
                "UPDATE quizzes_dayrecord SET answers = answers + 1 WHERE participant_id = %s",
                [participant_id],
            )
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare-answer/", bare_answer), *bench_urlpatterns]
