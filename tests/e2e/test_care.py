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
        tag_type=CareTagType.objects.get(name="独居"),
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
