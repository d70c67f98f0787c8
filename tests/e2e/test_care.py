"""Care on a phone (375 px): a building captain finds an elder on the care register, records a
home visit with a concern, and turns the finding into a case in one tap."""

import datetime as dt

import pytest
from django.utils import timezone

from care import services
from care.models import CareRole, CareTag, CareTagType, Visit
from cases.models import Case
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.cases.factories import category
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = make_tree(community_names=("塔坡社区",))
    tapo = tree["塔坡社区"]
    category("楼道照明", "公共设施")
    street = appoint(Post.Kind.STREET_STAFF, tree["street"]).user
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    services.care_role_grant(
        actor=street, user=staff, node=tapo["community"], kind=CareRole.Kind.CARE_STAFF
    )
    services.care_role_grant(
        actor=street, user=captain, node=tapo["building"], kind=CareRole.Kind.CAPTAIN
    )
    elder = ResidencyFactory(household=tapo["households"][0], user=UserFactory(real_name="王秀英"))
    services.care_tag_add(
        actor=staff,
        residency=elder,
        # get_or_create: a transactional test's flush empties the migration's tag types.
        tag_type=CareTagType.objects.get_or_create(
            name="独居", defaults={"visit_every_days": 7, "alarm_after_days": 7}
        )[0],
        level=CareTag.Level.ATTENTION,
        note="耳背，敲门要大声",
        legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
        retain_until=timezone.localdate() + dt.timedelta(days=365),
    )
    return {"captain": captain, "elder": elder}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_captain_records_a_visit_and_turns_the_finding_into_a_case(phone_page, base_url, people):
    page = phone_page
    login(page, base_url, people["captain"].phone)

    # from the home page to the register
    page.goto(base_url + "/")
    page.locator("a.tile", has_text="关爱服务").click()
    page.locator("a.tile", has_text="关爱台账").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, "care-register")
    page.get_by_role("link", name="王秀英").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("耳背，敲门要大声").is_visible()
    check_accessibility(page)
    screenshot(page, "care-person")

    # the visit, with a safety concern
    page.get_by_role("button", name="记录入户走访").or_(
        page.get_by_role("link", name="记录入户走访")
    ).click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    page.get_by_label("是，当面见到本人").check()
    page.locator("fieldset", has_text="安全").get_by_label("有问题").check()
    page.fill("#id_finding", "3楼楼道灯坏了，老人晚上看不见")
    no_sideways_scroll(page)
    screenshot(page, "care-visit-form")
    page.get_by_role("button", name="保存走访记录").click()
    page.wait_for_load_state("networkidle")
    visit = Visit.objects.get()
    assert visit.seen_in_person and visit.safety == "concern"
    check_accessibility(page)
    screenshot(page, "care-visit")

    # one tap: the finding becomes a case
    page.get_by_role("button", name="转为事件").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert f"/cases/{case.pk}/" in page.url
    assert case.description == "3楼楼道灯坏了，老人晚上看不见"
    visit.refresh_from_db()
    assert visit.case == case
    screenshot(page, "care-visit-case")


def test_care_staff_desktop_pages_pass_the_accessibility_check(desktop_page, base_url, people):
    """Care staff on a desktop: register, a record, tag form, import, mediation, roles."""
    from care.models import CareRole as Role
    from care.models import Dispute

    staff = Role.objects.get(kind=Role.Kind.CARE_STAFF).user
    # Community care staff also mediate: a dispute to open and close through the pages.
    page = desktop_page
    login(page, base_url, staff.phone)
    for path, name in (
        ("/care/", "care-hub-staff"),
        ("/care/register/?level=2", "care-register-staff"),
        (f"/care/people/{people['elder'].pk}/", "care-person-staff"),
        ("/care/tags/new/", "care-tag-new"),
        ("/care/tags/import/", "care-import"),
        ("/care/roles/", "care-roles"),
        ("/care/mediation/", "care-mediation"),
        ("/care/mediation/new/", "care-dispute-new"),
        ("/care/adviser/", "care-adviser-staff"),
        ("/care/counselling/", "care-counselling-staff"),
    ):
        page.goto(base_url + path)
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
        screenshot(page, name)

    page.goto(base_url + "/care/mediation/new/")
    page.select_option("#id_node", index=1)
    page.fill("#id_title", "楼上漏水")
    page.fill("#id_summary", "楼上卫生间漏水到楼下厨房")
    page.fill("#id_applicant_name", "张三")
    page.fill("#id_respondent_name", "李四")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    dispute = Dispute.objects.get()
    assert page.url.endswith(f"/care/mediation/{dispute.pk}/")
    assert dispute.parties.count() == 2
    check_accessibility(page)
    screenshot(page, "care-dispute")


def test_a_resident_books_the_counsellor_privately_on_a_phone(phone_page, base_url, people):
    from care.models import CounsellingBooking

    street = Post.objects.get(kind=Post.Kind.STREET_STAFF).user
    counsellor = UserFactory(real_name="林心怡")
    community = people["elder"].household.node.community
    services.care_role_grant(
        actor=street, user=counsellor, node=community, kind=CareRole.Kind.COUNSELLOR
    )
    page = phone_page
    login(page, base_url, people["elder"].user.phone)
    page.goto(base_url + "/")
    page.locator("a.tile", has_text="关爱服务").click()
    page.locator("a.tile", has_text="心灵驿站").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    when = timezone.localtime() + dt.timedelta(days=2)
    page.fill("#id_starts_at", when.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_note", "最近睡不好")
    no_sideways_scroll(page)
    screenshot(page, "care-counselling-book")
    page.get_by_role("button", name="预约时间").click()
    page.wait_for_load_state("networkidle")
    booking = CounsellingBooking.objects.get()
    assert booking.counsellor == counsellor and booking.resident_note == "最近睡不好"
    check_accessibility(page)
    screenshot(page, "care-counselling-booked")
