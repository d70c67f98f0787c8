"""The ceiling for "answer a question": one bare transaction of the same shape, and the URLconf.

Same shape as quizzes.services.answer_submit on a correct answer past the streak: the token
log-in lookup, then one transaction that locks the participant, takes the served question with
a conditional UPDATE, inserts a posting, moves two balances, adds to the campaign and overall
board scores, and updates the participant and the day record. No rules, no ORM, no DRF.
"""

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
        cursor.execute("SELECT user_id FROM authtoken_token WHERE key = %s", [key])
        user_id = cursor.fetchone()[0]
        with transaction.atomic():
            cursor.execute(
                "SELECT s.participant_id FROM quizzes_servedquestion s WHERE s.id = %s",
                [body["served"]],
            )
            participant_id = cursor.fetchone()[0]
            cursor.execute(
                "SELECT id FROM quizzes_participant WHERE id = %s FOR UPDATE", [participant_id]
            )
            cursor.execute(
                "UPDATE quizzes_servedquestion SET answered_at = %s, is_correct = true "
                "WHERE id = %s AND answered_at IS NULL",
                [now, body["served"]],
            )
            cursor.execute(
                "INSERT INTO points_posting (debit_id, credit_id, amount, currency, reason, "
                "source_id, key, created_at, board_keys, scored_on) VALUES "
                "(%s, %s, 1, 'POINT', 'bench', '', %s, %s, '[]', '[]')",
                [body["debit"], body["credit"], f"bare:{body['served']}", now],
            )
            cursor.execute(
                "UPDATE points_account SET balance = balance - 1 WHERE id = %s", [body["debit"]]
            )
            cursor.execute(
                "UPDATE points_account SET balance = balance + 1 WHERE id = %s", [body["credit"]]
            )
            for board_id in body["boards"]:
                cursor.execute(
                    "INSERT INTO points_boardscore (board_id, period_key, user_id, score, "
                    "reached_at) VALUES (%s, 'bare', %s, 1, %s) ON CONFLICT (board_id, "
                    "period_key, user_id) DO UPDATE SET score = points_boardscore.score + 1",
                    [board_id, user_id, now],
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
