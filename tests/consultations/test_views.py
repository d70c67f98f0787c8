"""Pages: residents propose, comment and vote; staff decide, enter paper ballots, export;
people of another community are refused; list pages keep a flat query count."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultations import services
from consultations.models import Ballot, Consultation, Matter
from tests.accounts.factories import UserFactory
from tests.consultations.factories import (
    accepted_matter,
    live_in,
    open_consultation,
    option,
    set_area,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def test_a_resident_proposes_a_matter_through_the_page(client, tapo, resident):
    client.force_login(resident)
    page = client.get("/consultations/matters/new/")
    assert page.status_code == 200
    # the place list offers only where the resident lives, never another community
    assert "保安" not in page.content.decode()
    response = client.post(
        "/consultations/matters/new/",
        {
            "node": tapo["building"].pk,
            "title": "增设电动车充电桩",
            "description": "楼下没有充电的地方。",
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302 and response.url == f"/consultations/matters/{matter.pk}/"
    assert "增设电动车充电桩" in client.get(response.url).content.decode()


def test_a_proposal_with_a_bad_file_keeps_what_was_typed_and_explains(client, tapo, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    response = client.post(
        "/consultations/matters/new/",
        {
            "node": tapo["building"].pk,
            "title": "我的标题",
            "description": "我的说明",
            "attachments": [SimpleUploadedFile("a.exe", b"MZ...", content_type="application/pdf")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "我的标题" in html and "我的说明" in html
    assert not Matter.objects.exists()


def test_staff_of_another_community_get_404_on_matter_and_consultation_pages(
    client, tapo, tapo_staff, baoan_staff, resident
):
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    client.force_login(baoan_staff)
    assert client.get(f"/consultations/matters/{consultation.matter_id}/").status_code == 404
    assert client.get(f"/consultations/votes/{consultation.pk}/").status_code == 404
    assert client.get(f"/consultations/votes/{consultation.pk}/paper/").status_code == 404
    assert client.get(f"/consultations/votes/{consultation.pk}/export.xlsx").status_code == 404
    assert (
        client.post(f"/consultations/matters/{consultation.matter_id}/accept/").status_code == 404
    )


def test_a_resident_cannot_open_staff_pages(client, tapo, tapo_staff, resident):
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    client.force_login(resident)
    assert client.get(f"/consultations/votes/{consultation.pk}/paper/").status_code == 404
    assert client.get("/consultations/council/").status_code == 404


def test_a_resident_votes_on_the_page_and_sees_the_result_only_after_the_close(
    client, tapo, tapo_staff, resident, time_machine
):
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    client.force_login(resident)
    client.post(
        f"/consultations/votes/{consultation.pk}/ballot/",
        {"options": [option(consultation, "yes").pk]},
    )
    assert Ballot.objects.filter(voter__user=resident).exists()
    html = client.get(f"/consultations/votes/{consultation.pk}/").content.decode()
    assert "投票后" in html or "结束后" in html or "result-rows" not in html
    time_machine.move_to(consultation.closes_at + datetime.timedelta(minutes=1))
    html = client.get(f"/consultations/votes/{consultation.pk}/").content.decode()
    assert "result-rows" in html and "<svg" in html


def test_staff_decline_a_matter_with_a_reason(client, tapo, tapo_staff, resident):
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="t", description="d"
    )
    client.force_login(tapo_staff)
    client.post(f"/consultations/matters/{matter.pk}/decline/", {"reason": "不属于社区职责"})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.DECLINED and matter.decline_reason == "不属于社区职责"


def test_staff_create_publish_and_enter_a_paper_ballot(client, tapo, tapo_staff, resident):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    client.force_login(tapo_staff)
    now = datetime.datetime.now()
    response = client.post(
        f"/consultations/matters/{matter.pk}/consult/",
        {
            "node": tapo["building"].pk,
            "question": "是否实行单向通行？",
            "electorate": "households",
            "choice_kind": "yes_no",
            "max_choices": 1,
            "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    consultation = Consultation.objects.get()
    assert response.url == f"/consultations/votes/{consultation.pk}/"
    client.post(f"/consultations/votes/{consultation.pk}/publish/")
    consultation.refresh_from_db()
    assert consultation.status == "published" and consultation.electorate_size == 1
    voter = consultation.voters.get()
    page = client.get(f"/consultations/votes/{consultation.pk}/paper/")
    assert page.status_code == 200
    client.post(
        f"/consultations/votes/{consultation.pk}/paper/",
        {"voter": voter.pk, "options": [option(consultation, "no").pk]},
    )
    assert Ballot.objects.get().channel == "paper"


def test_the_excel_export_shows_the_art278_outcome(client, tapo, tapo_staff):
    owner = live_in(set_area(tapo["households"][0], "88.00"), owner=True).user
    consultation = open_consultation(
        staff=tapo_staff,
        node=tapo["building"],
        electorate="owners",
        owner_matter="special",
    )
    services.ballot_cast(
        user=owner, consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    client.force_login(tapo_staff)
    response = client.get(f"/consultations/votes/{consultation.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "是否同意加装电梯？" in values
    assert 88.0 in values


def test_hidden_comment_shows_to_staff_with_reason_and_not_to_residents(
    client, tapo, tapo_staff, resident
):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    comment = services.comment_add(user=resident, matter=matter, body="不文明的话")
    client.force_login(tapo_staff)
    client.post(f"/consultations/comments/{comment.pk}/hide/", {"reason": "不文明用语"})
    assert "不文明用语" in client.get(f"/consultations/matters/{matter.pk}/").content.decode()
    client.force_login(resident)
    assert "不文明的话" not in client.get(f"/consultations/matters/{matter.pk}/").content.decode()


def test_the_council_page_adds_a_standing_member_and_a_meeting(client, tapo, tapo_staff):
    member = UserFactory()
    client.force_login(tapo_staff)
    response = client.get("/consultations/council/")
    council_url = response.url
    client.post(
        council_url,
        {"form": "member", "phone": member.phone, "role": "chair", "starts_on": "2026-01-01"},
    )
    response = client.post(
        council_url,
        {
            "form": "meeting",
            "title": "第一季度议事会",
            "starts_at": "2026-03-20T19:30",
            "place": "塔坡社区党群服务中心",
            "agenda": "1. 加装电梯\n2. 单向通行",
        },
    )
    assert response.status_code == 302
    html = client.get(council_url).content.decode()
    assert "第一季度议事会" in html
    meeting_url = response.url
    form = client.get(meeting_url).context["form"]
    member_field = next(name for name in form.fields if name.startswith("member_"))
    client.post(meeting_url, {"minutes": "全体同意。", member_field: "present"})
    assert "全体同意。" in client.get(meeting_url).content.decode()


def test_the_council_of_another_community_is_not_found(client, tapo, baoan_staff):
    council = services.council_for_community(community=tapo["community"])
    client.force_login(baoan_staff)
    assert client.get(f"/consultations/council/{council.pk}/").status_code == 404


def _count(client, url):
    """Queries of a page, measured after a warm-up request (the session is saved once)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_matters_list_query_count_stays_flat(client, tapo, tapo_staff, resident):
    client.force_login(resident)
    accepted_matter(node=tapo["building"], staff=tapo_staff)
    few = _count(client, "/consultations/")
    for i in range(15):
        accepted_matter(node=tapo["building"], staff=tapo_staff, title=f"议题{i}")
    assert _count(client, "/consultations/") == few


def test_the_paper_ballot_list_query_count_stays_flat(client, tapo, tapo_staff):
    for household in tapo["households"][:2]:
        live_in(household)
    first = open_consultation(staff=tapo_staff, node=tapo["building"])
    services.ballot_enter_paper(
        actor=tapo_staff,
        consultation=first,
        voter=first.voters.first(),
        option_ids=[option(first, "yes").pk],
    )
    client.force_login(tapo_staff)
    few = _count(client, f"/consultations/votes/{first.pk}/paper/")
    for household in tapo["households"][2:]:
        live_in(household)
    second = open_consultation(staff=tapo_staff, node=tapo["building"])
    for voter in second.voters.all()[:4]:
        services.ballot_enter_paper(
            actor=tapo_staff,
            consultation=second,
            voter=voter,
            option_ids=[option(second, "yes").pk],
        )
    # session, user, scope posts, unread count, consultation, council check, options,
    # count, voters with ballots, ballot options: the same however many voters
    assert _count(client, f"/consultations/votes/{second.pk}/paper/") == few


def test_the_follow_up_list_query_count_stays_flat(client, tapo, tapo_staff, resident):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    resolution = services.resolution_record(
        actor=tapo_staff, matter=matter, text="同意", decided_on=datetime.date(2026, 3, 1)
    )
    client.force_login(resident)
    services.follow_up_add(
        actor=tapo_staff,
        resolution=resolution,
        title="甲",
        owner=UserFactory(),
        due_on=datetime.date(2026, 4, 1),
    )
    few = _count(client, "/consultations/follow-ups/")
    for i in range(10):
        services.follow_up_add(
            actor=tapo_staff,
            resolution=resolution,
            title=f"事项{i}",
            owner=UserFactory(),
            due_on=datetime.date(2026, 4, 1),
        )
    assert _count(client, "/consultations/follow-ups/") == few
