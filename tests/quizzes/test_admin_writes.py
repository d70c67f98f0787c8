"""Adding or changing a question in the admin goes through quizzes.services.question_save:
audited, and the campaigns drawing from its bank stop serving a stale cached list at once."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEntry
from communities.models import Post
from quizzes.models import Category, Question
from quizzes.services.play import campaign_question_ids
from tests.communities.factories import appoint
from tests.quizzes.factories import NOON, campaign_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tapo, baoan, time_machine):
    """塔坡's campaign whose question list has been read (so it is cached), and its staff."""
    time_machine.move_to(NOON, tick=False)
    campaign = campaign_make(tapo["community"], questions=2)
    assert len(campaign_question_ids(campaign)) == 2
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="quizzes"))
    return campaign, staff


def question_form(question_node, *, text, is_active=True, choices=()):
    data = {
        "node": question_node.pk,
        "kind": Question.Kind.SINGLE,
        "text": text,
        "explanation": "",
        "category": Category.objects.get(name="禁毒").pk,
        "difficulty": Question.Difficulty.MEDIUM,
        "source": "",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "6",
    }
    if is_active:
        data["is_active"] = "on"
    for i, (choice_text, ok) in enumerate(choices):
        data[f"choices-{i}-text"] = choice_text
        data[f"choices-{i}-order"] = str(i)
        if ok:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def test_a_question_added_in_the_admin_is_audited_and_served_at_once(
    client, tapo, world, django_capture_on_commit_callbacks
):
    campaign, staff = world
    client.force_login(staff)
    data = question_form(
        tapo["community"],
        text="吸毒成瘾者应当怎么办？",
        choices=[("主动戒毒", True), ("隐瞒", False)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:quizzes_question_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(text="吸毒成瘾者应当怎么办？")
    assert question.choices.count() == 2
    entry = AuditEntry.objects.get(action="quizzes.question_created", target_id=str(question.pk))
    assert entry.actor == staff
    assert question.pk in campaign_question_ids(campaign)


def test_a_question_taken_out_of_play_in_its_form_is_audited_and_no_longer_served(
    client, tapo, world, django_capture_on_commit_callbacks
):
    campaign, staff = world
    first = Question.objects.filter(node=tapo["community"]).order_by("pk").first()
    client.force_login(staff)
    data = question_form(tapo["community"], text=first.text, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:quizzes_question_change", args=[first.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert not first.is_active
    entry = AuditEntry.objects.get(action="quizzes.question_changed", target_id=str(first.pk))
    assert entry.actor == staff and "is_active" in entry.details["fields"]
    assert first.pk not in campaign_question_ids(campaign)


def test_a_question_cannot_be_moved_to_another_communitys_bank(client, tapo, baoan, world):
    campaign, staff = world
    first = Question.objects.filter(node=tapo["community"]).order_by("pk").first()
    client.force_login(staff)
    data = question_form(baoan["community"], text=first.text)
    response = client.post(reverse("admin:quizzes_question_change", args=[first.pk]), data)
    # the scoped choice list refuses the place (or the service does): nothing moved
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.node == tapo["community"]
    assert not AuditEntry.objects.filter(action="quizzes.question_changed").exists()
