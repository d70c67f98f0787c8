"""A resident on a phone raises a matter, votes, and sees the result after the close."""

import datetime

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Matter
from tests.communities.factories import appoint, make_tree
from tests.consultations.factories import live_in, open_consultation, set_area
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_resident_proposes_votes_and_reads_the_result_on_a_phone(phone_page, base_url):
    page = phone_page
    tree = make_tree()
    tapo = tree["塔坡社区"]
    staff = appoint("community_staff", tapo["community"]).user
    owner = live_in(set_area(tapo["households"][0], "88.50"), owner=True).user
    neighbour = live_in(set_area(tapo["households"][1], "60.00"), owner=True).user
    login(page, base_url, owner.phone)

    # propose a matter
    page.goto(base_url + "/consultations/")
    check_accessibility(page)
    screenshot(page, "consultations-index")
    page.get_by_role("button", name="提出议题").click()
    page.select_option("select[name=node]", str(tapo["building"].pk))
    page.fill("input[name=title]", "5栋加装电梯")
    page.fill("textarea[name=description]", "楼上老人上下楼困难，建议加装电梯。")
    check_accessibility(page)
    screenshot(page, "consultations-propose")
    page.get_by_role("button", name="提交给议事会").click()
    page.wait_for_load_state("networkidle")
    assert "您的议题已提交给议事会" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "consultations-matter")

    # the council accepts it and puts it to the owners; the resident votes
    matter = Matter.objects.get()
    matter = services.matter_accept(actor=staff, matter=matter)
    consultation = open_consultation(
        staff=staff,
        node=tapo["building"],
        matter=matter,
        electorate=Consultation.Electorate.OWNERS,
        owner_matter=Consultation.OwnerMatter.SPECIAL,
    )
    services.ballot_cast(
        user=neighbour,
        consultation=consultation,
        option_ids=[consultation.options.get(code="yes").pk],
    )
    page.goto(f"{base_url}/consultations/votes/{consultation.pk}/")
    page.get_by_label("同意", exact=True).check()
    check_accessibility(page)
    screenshot(page, "consultations-ballot")
    page.get_by_role("button", name="投票").click()
    page.wait_for_load_state("networkidle")
    assert "您的投票已记录" in page.content()
    assert "按民法典第278条" not in page.content()  # hidden until the close
    check_accessibility(page)

    # after the close the result shows both art. 278 thresholds with the chart
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.reload()
    html = page.content()
    assert "按民法典第278条，表决通过。" in html
    assert "参与表决的专有面积" in html and "<svg" in html
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "consultations-result")
