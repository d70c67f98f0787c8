"""Ceilings: the least a Django view can do for a request of the same shape as a product endpoint.

A product figure is reported as a ratio to its ceiling measured in the same run, so the ratio says
what the portal's own code costs, whatever the machine.
"""

from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


def bare_read(request):
    """Same shape as the inbox API: a count and one page of rows, no auth, no serializer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM notifications_message WHERE recipient_id = %s", [1])
        cursor.execute(
            "SELECT id, title, created_at FROM notifications_message WHERE recipient_id = %s "
            "ORDER BY created_at DESC, id DESC LIMIT 20",
            [1],
        )
        rows = cursor.fetchall()
    return JsonResponse({"count": len(rows)})


@csrf_exempt
def bare_write(request, pk: int):
    """Same shape as marking a message read: one transaction with one UPDATE."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE notifications_message SET read_at = now() WHERE id = %s", [pk])
    return JsonResponse({"ok": True})
