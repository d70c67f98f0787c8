"""Home-visit rounds: who records visits, findings made cases and wishes, what is due per grid,
and the not-seen alarm and reminders under a doubled beat."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from audit.models import AuditEntry
from care import services
from care.models import NotSeenAlarm, Visit
from care.selectors import visits as visit_selectors
from care.services.alarms import care_rounds_check, not_seen_check, visit_plans_remind
from cases.models import Case
from notifications.models import Message
from tests.care.conftest import NOW
from tests.cases.factories import category, photo

pytestmark = pytest.mark.django_db


def visit(actor, elder, **kwargs):
    kwargs.setdefault("seen_in_person", True)
    return services.visit_record(actor=actor, residency=elder, **kwargs)


def test_captain_records_a_visit_with_a_concern_and_a_photo(captain, elder_tag, elder):
    made = visit(captain, elder, safety="concern", finding="燃气软管老化", photo=photo())

    assert made.has_concern and made.photo.name.startswith("care/visits/")
    # A random file name: the path says nothing about whose home it is.
    assert re.fullmatch(r"care/visits/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", made.photo.name)
    assert AuditEntry.objects.filter(action="care.visit.record", actor=captain).count() == 1


@pytest.mark.parametrize("who", ["baoan_captain", "volunteer", "tapo_plain_staff"])
def test_outsiders_cannot_record_or_read_visits(request, who, captain, elder_tag, elder):
    outsider = request.getfixturevalue(who)
    made = visit(captain, elder)
    with pytest.raises(ValidationError):
        visit(outsider, elder)
    with pytest.raises(Http404):
        visit_selectors.visit_read(user=outsider, pk=made.pk)
    assert visit_selectors.visits_due(user=outsider) == []


def test_a_volunteer_assigned_by_plan_visits_that_person_only(
    care_staff, volunteer, elder_tag, elder, tapo
):
    from tests.communities.factories import ResidencyFactory

    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=volunteer)
    other = ResidencyFactory(household=tapo["households"][2])

    assert visit(volunteer, elder).visitor == volunteer
    assert not visit_selectors.may_visit(volunteer, other)


def test_a_finding_becomes_a_case_once(captain, elder_tag, elder):
    made = visit(captain, elder, finding="楼道灯坏了，老人晚上看不见")
    leaf = category("楼道照明", "公共设施")

    case = services.visit_finding_to_case(actor=captain, visit=made, category=leaf)

    assert case.node == elder.household.node and case.reporter == captain
    assert case.description == "楼道灯坏了，老人晚上看不见"
    assert "独居" not in case.description
    made.refresh_from_db()
    assert made.case == case
    with pytest.raises(ValidationError):
        services.visit_finding_to_case(actor=captain, visit=made, category=leaf)
    assert Case.objects.count() == 1


def test_a_finding_becomes_a_wish_for_the_person(captain, elder_tag, elder):
    made = visit(captain, elder, needs="concern", finding="想要一个助行器")

    wish = services.visit_finding_to_wish(actor=captain, visit=made, title="一个助行器")

    assert wish.resident == elder.user
    entry = AuditEntry.objects.get(action="care.visit.to_wish")
    assert entry.actor == captain and entry.details["acted_for"] == elder.user_id


def test_due_and_overdue_visits_per_grid(
    care_staff, captain, grid_worker, elder_tag, time_machine, tapo
):
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=captain)
    assert visit_selectors.visits_due(user=grid_worker) == []

    time_machine.move_to(NOW + dt.timedelta(days=9), tick=False)
    due = visit_selectors.visits_due(user=grid_worker)

    assert [(d.plan.tag_id, d.overdue, d.grid) for d in due] == [(elder_tag.pk, True, tapo["grid"])]
    assert AuditEntry.objects.filter(action="care.visits_due.read", actor=grid_worker).exists()


def test_visit_reminder_goes_once_per_due_date_under_a_doubled_beat(
    care_staff, captain, elder_tag, elder, time_machine
):
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=captain)
    time_machine.move_to(NOW + dt.timedelta(days=6), tick=False)

    assert visit_plans_remind() == 1
    assert visit_plans_remind() == 0
    assert Message.objects.filter(recipient=captain, category="care").count() == 1


def _alarms(user):
    return Message.objects.filter(recipient=user, category="care", title__contains="7").count()


def test_not_seen_alarm_escalates_once_per_level_under_a_doubled_beat(
    captain, grid_worker, care_staff, elder_tag, elder, time_machine
):
    # 独居 alarms after 7 days without an in-person visit; a visit not in person does not count.
    visit(captain, elder, seen_in_person=False)
    time_machine.move_to(NOW + dt.timedelta(days=7, hours=1), tick=False)

    assert not_seen_check() == 1
    assert not_seen_check() == 0  # the doubled beat
    alarm = NotSeenAlarm.objects.get()
    assert alarm.level == 1
    captain_messages = Message.objects.filter(recipient=captain, category="care")
    assert captain_messages.count() == 1
    assert Message.objects.filter(recipient=grid_worker, category="care").count() == 1
    assert not Message.objects.filter(recipient=care_staff, category="care").exists()
    assert "王秀英" not in captain_messages.get().title  # masked in emails and SMS

    time_machine.move_to(NOW + dt.timedelta(days=9, hours=1), tick=False)
    care_rounds_check()
    care_rounds_check()
    alarm.refresh_from_db()
    assert alarm.level == 2
    assert Message.objects.filter(recipient=care_staff, category="care").count() == 1
    assert captain_messages.count() == 1

    visit(captain, elder)
    alarm.refresh_from_db()
    assert alarm.closed_at is not None
    assert not_seen_check() == 0


def test_no_alarm_for_tags_without_one(care_staff, elder, time_machine, captain):
    from care.models import CareTag, CareTagType
    from tests.care.conftest import KEEP_UNTIL

    services.care_tag_add(
        actor=care_staff,
        residency=elder,
        tag_type=CareTagType.objects.get(name="残疾"),
        level=1,
        legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
        retain_until=KEEP_UNTIL,
    )
    time_machine.move_to(NOW + dt.timedelta(days=60), tick=False)
    assert not_seen_check() == 0


def test_visit_photo_is_served_only_to_those_who_may_visit(
    client, captain, baoan_captain, elder_tag, elder
):
    made = visit(captain, elder, photo=photo())
    url = made.photo.url
    client.force_login(baoan_captain)
    assert client.get(url).status_code == 404
    client.force_login(captain)
    assert client.get(url).status_code == 200


def test_captain_records_a_visit_and_makes_a_case_through_the_pages(
    client, captain, elder_tag, elder
):
    leaf = category("楼道照明", "公共设施")
    client.force_login(captain)
    form = client.get(reverse("care:visit_new", args=[elder.pk]))
    assert form.status_code == 200
    response = client.post(
        reverse("care:visit_new", args=[elder.pk]),
        {
            "seen_in_person": "yes",
            "health": "ok",
            "living": "ok",
            "safety": "concern",
            "needs": "ok",
            "finding": "楼道灯坏了",
        },
    )
    made = Visit.objects.get()
    assert response.url == reverse("care:visit", args=[made.pk])
    assert client.get(response.url).status_code == 200

    response = client.post(
        reverse("care:visit_to_case", args=[made.pk]),
        {"category": leaf.pk, "description": "楼道灯坏了"},
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.pk])


def test_visit_form_refuses_a_bad_answer_without_writing(client, captain, elder_tag, elder):
    client.force_login(captain)
    response = client.post(
        reverse("care:visit_new", args=[elder.pk]), {"seen_in_person": "maybe", "health": "x"}
    )
    assert response.status_code == 200 and not Visit.objects.exists()


def test_visits_due_page_queries_stay_flat(
    client,
    care_staff,
    grid_worker,
    elder_tag,
    tapo,
    alone_type,
    time_machine,
    django_assert_max_num_queries,
):
    from care.models import CareTag
    from tests.care.conftest import KEEP_UNTIL
    from tests.communities.factories import ResidencyFactory

    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=grid_worker)
    for household in tapo["households"][1:6]:
        tag = services.care_tag_add(
            actor=care_staff,
            residency=ResidencyFactory(household=household),
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
            retain_until=KEEP_UNTIL,
        )
        services.visit_plan_set(actor=care_staff, tag=tag, every_days=7, assignee=grid_worker)
    time_machine.move_to(NOW + dt.timedelta(days=8), tick=False)
    client.force_login(grid_worker)
    # session, user, posts, care roles, plans with their last visit (one query), grids,
    # audit (content type + insert), the layout's roles and unread count: flat in the rows.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("care:visits_due"))
    assert response.content.decode().count('class="card overdue"') == 6
