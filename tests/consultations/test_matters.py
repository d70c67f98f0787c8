"""Matters: proposing with attachments, the council's decision, moderated comments, and the
follow-up of resolutions."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audit.models import AuditEntry
from consultations import services
from consultations.models import Council, CouncilMember, FollowUp, Matter
from consultations.selectors import matter_comments, matters_for_user
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.consultations.factories import accepted_matter, live_in
from tests.core.images import blank_png

pytestmark = pytest.mark.django_db


def photo(name="photo.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="plan.pdf", body=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def test_a_resident_proposes_a_matter_about_their_building_with_a_photo_and_a_pdf(tapo, resident):
    matter = services.matter_propose(
        user=resident,
        node=tapo["building"],
        title="楼道单向通行",
        description="建议小区内实行单向通行。",
        attachments=[photo(), pdf()],
    )
    assert matter.status == Matter.Status.PROPOSED
    assert sorted(a.kind for a in matter.attachments.all()) == ["image", "pdf"]
    assert AuditEntry.objects.filter(action="consultations.matter_propose").exists()


def test_a_file_that_is_neither_photo_nor_pdf_is_refused_and_nothing_is_stored(tapo, resident):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.matter_propose(
            user=resident, node=tapo["building"], title="t", description="d", attachments=[fake]
        )
    assert error.value.code == "bad_attachment"
    assert not Matter.objects.exists()


def test_a_decompression_bomb_attachment_is_refused_and_nothing_is_stored(tapo, resident):
    bomb = SimpleUploadedFile("bomb.png", blank_png(30000, 30000), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.matter_propose(
            user=resident, node=tapo["building"], title="t", description="d", attachments=[bomb]
        )
    assert error.value.code == "photo_too_large"
    assert not Matter.objects.exists()


def test_a_too_large_pdf_is_refused(tapo, resident):
    big = pdf(body=b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        services.matter_propose(
            user=resident, node=tapo["building"], title="t", description="d", attachments=[big]
        )
    assert error.value.code == "file_too_large"


def test_nobody_proposes_about_a_place_where_they_do_not_live(baoan, resident):
    with pytest.raises(ValidationError) as error:
        services.matter_propose(user=resident, node=baoan["building"], title="t", description="d")
    assert error.value.code == "out_of_scope"


def test_declining_needs_a_reason_and_tells_the_proposer(tapo, tapo_staff, resident):
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="拆除围墙", description="…"
    )
    with pytest.raises(ValidationError):
        services.matter_decline(actor=tapo_staff, matter=matter, reason=" ")
    services.matter_decline(actor=tapo_staff, matter=matter, reason="属于城管执法范围，已转交。")
    message = Message.objects.get(recipient=resident)
    assert "属于城管执法范围" in message.body


def test_accepting_tells_the_proposer_once(tapo, tapo_staff, resident):
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="加装电梯", description="…"
    )
    services.matter_accept(actor=tapo_staff, matter=matter)
    with pytest.raises(ValidationError) as again:
        services.matter_accept(actor=tapo_staff, matter=matter)
    assert again.value.code == "not_proposed"
    assert Message.objects.filter(recipient=resident).count() == 1


def test_staff_of_another_community_cannot_decide(tapo, baoan_staff, resident):
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="t", description="d"
    )
    with pytest.raises(ValidationError) as error:
        services.matter_accept(actor=baoan_staff, matter=matter)
    assert error.value.code == "forbidden"


def test_the_council_chair_may_decide_matters_of_the_community(tapo, tapo_staff, resident):
    chair = UserFactory()
    council = services.council_for_community(community=tapo["community"])
    services.council_member_add(
        actor=tapo_staff,
        council=council,
        user=chair,
        role=CouncilMember.Role.CHAIR,
        starts_on=datetime.date(2025, 1, 1),
    )
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="t", description="d"
    )
    assert services.matter_accept(actor=chair, matter=matter).status == Matter.Status.ACCEPTED


def test_invited_members_sit_for_a_matter(tapo, tapo_staff):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    council = services.council_for_community(community=tapo["community"])
    with pytest.raises(ValidationError):
        services.council_member_add(
            actor=tapo_staff,
            council=council,
            user=UserFactory(),
            role=CouncilMember.Role.INVITED,
            starts_on=datetime.date(2025, 1, 1),
        )
    member = services.council_member_add(
        actor=tapo_staff,
        council=council,
        user=UserFactory(),
        role=CouncilMember.Role.INVITED,
        matter=matter,
        represents="新市民代表",
        starts_on=datetime.date(2025, 1, 1),
    )
    assert not member.is_standing
    assert Council.objects.get().name == "塔坡社区居民议事会"


def test_residents_comment_and_staff_hide_a_comment_keeping_the_original(
    tapo, tapo_staff, resident
):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    comment = services.comment_add(user=resident, matter=matter, body="支持！但要注意噪音。")
    rude = services.comment_add(user=resident, matter=matter, body="骂人的话")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=tapo_staff, comment=rude, reason="")
    services.comment_hide(actor=tapo_staff, comment=rude, reason="含有不文明用语")
    assert list(matter_comments(matter=matter, staff=False)) == [comment]
    hidden = matter_comments(matter=matter, staff=True).get(pk=rude.pk)
    assert hidden.body == "骂人的话" and hidden.hidden_reason == "含有不文明用语"
    entry = AuditEntry.objects.get(action="consultations.comment_hide")
    assert entry.details["original"] == "骂人的话"


def test_residents_of_another_place_cannot_comment(tapo, baoan, tapo_staff):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    outsider = live_in(baoan["households"][0]).user
    with pytest.raises(ValidationError) as error:
        services.comment_add(user=outsider, matter=matter, body="路过")
    assert error.value.code == "cannot_comment"


def test_a_proposed_matter_is_seen_by_its_proposer_and_staff_not_by_neighbours(
    tapo, tapo_staff, baoan_staff, resident
):
    neighbour = live_in(tapo["households"][1]).user
    matter = services.matter_propose(
        user=resident, node=tapo["building"], title="t", description="d"
    )
    assert matter in matters_for_user(user=resident)
    assert matter in matters_for_user(user=tapo_staff)
    assert matter not in matters_for_user(user=neighbour)
    assert matter not in matters_for_user(user=baoan_staff)
    services.matter_accept(actor=tapo_staff, matter=matter)
    assert matter in matters_for_user(user=neighbour)


def test_resolution_follow_up_progress_and_overdue_reminder_once(tapo, tapo_staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC))
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    resolution = services.resolution_record(
        actor=tapo_staff, matter=matter, text="同意加装电梯", decided_on=datetime.date(2026, 3, 1)
    )
    owner = UserFactory()
    follow_up = services.follow_up_add(
        actor=tapo_staff,
        resolution=resolution,
        title="联系电梯公司报价",
        owner=owner,
        due_on=datetime.date(2026, 3, 10),
    )
    matter.refresh_from_db()
    assert matter.status == Matter.Status.DECIDED
    assert not services.follow_up_remind_overdue(follow_up=follow_up)
    time_machine.move_to(datetime.datetime(2026, 3, 12, 10, tzinfo=datetime.UTC))
    assert services.follow_up_remind_overdue(follow_up=follow_up)
    assert not services.follow_up_remind_overdue(follow_up=follow_up)
    assert Message.objects.filter(recipient=owner, title__contains="联系电梯公司报价").count() == 2
    services.follow_up_progress(
        actor=owner, follow_up=follow_up, text="已收到三家报价", status="done"
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE and follow_up.done_at
    with pytest.raises(ValidationError):
        services.follow_up_progress(
            actor=UserFactory(), follow_up=follow_up, text="x", status="done"
        )
