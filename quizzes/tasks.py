"""Queued and scheduled work of the quizzes app: thin, idempotent wrappers around services."""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import notify
from quizzes.models import Draw, ServedQuestion

# Served questions nobody answered are only tickets; after this long they are dropped.
UNANSWERED_KEEP = dt.timedelta(days=7)


@shared_task
def draw_win_notify_task(draw_id: int) -> bool:
    """Tell a winner what they won and where to see it; once per draw (dedupe key)."""
    draw = Draw.objects.select_related("campaign", "user").filter(pk=draw_id).first()
    if draw is None or not draw.is_win:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            draw.user,
            title=_("You won a prize in %(title)s") % {"title": draw.campaign.title},
            body=_("Your prize: %(prize)s. Goods are handed out by the community office.")
            % {"prize": draw.prize_name},
            url=reverse("quizzes:prizes", args=[draw.campaign_id]),
            category="quizzes",
            dedupe_key=f"quizzes:draw:{draw.pk}",
        )
    return True


@shared_task
def unanswered_purge_task() -> int:
    """Delete week-old unanswered served questions (they earn and count nothing); daily."""
    cutoff = timezone.now() - UNANSWERED_KEEP
    deleted, _detail = ServedQuestion.objects.filter(
        answered_at__isnull=True, served_at__lt=cutoff
    ).delete()
    return deleted
