"""A view shaped like every write page: a service writes, then a selector reads, in one request
(tests/core/test_replica.py; the product's pages redirect after a write instead)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from notifications import selectors
from notifications.services import notify


@require_POST
def notice_then_inbox(request):
    notify(request.user, title=request.POST["title"], email=False)
    titles = selectors.messages_for_user(user=request.user).values_list("title", flat=True)
    return JsonResponse({"titles": list(titles)})


urlpatterns = [path("notice-then-inbox/", notice_then_inbox)]
