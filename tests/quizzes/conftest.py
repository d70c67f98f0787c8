import pytest
from django.conf import settings

from points import leaderboard_cache


@pytest.fixture(autouse=True)
def _clean_leaderboard_cache():
    # Board ids are reused between rolled-back tests, so a live set must not leak.
    if settings.REDIS_URL:
        client = leaderboard_cache.client()
        keys = list(client.scan_iter(match=f"{leaderboard_cache._prefix()}:points:*", count=1000))
        if keys:
            client.delete(*keys)
    yield


def answer(user, campaign, *, right: bool, now):
    """Serve the user's question and answer it right or wrong; returns the AnswerResult."""
    from quizzes import services

    served = services.question_serve(user=user, campaign=campaign, now=now)
    choices = list(served.question.choices.all())
    picked = [c.pk for c in choices if c.is_correct == right]
    if served.question.kind != "multiple" or not right:
        picked = picked[:1]
    return services.answer_submit(user=user, token=served.token, choice_ids=picked, now=now)


def answer_on_page(user, campaign, *, right: bool, now):
    """The same as `answer`, through the play page's form (htmx), at `now`; returns the page."""
    import time_machine
    from django.test import Client
    from django.urls import reverse

    from quizzes import services

    client = Client()
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        served = services.question_serve(user=user, campaign=campaign, now=now)
        choices = list(served.question.choices.all())
        picked = [c.pk for c in choices if c.is_correct == right]
        if served.question.kind != "multiple" or not right:
            picked = picked[:1]
        response = client.post(
            reverse("quizzes:play", args=[campaign.pk]),
            {"token": served.token, "choice": picked},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200, response
    return response


ANSWER_PATHS = {"service": answer, "page": answer_on_page}
