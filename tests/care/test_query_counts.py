"""The care pages and endpoints that list rows keep a flat query count as the rows grow:
disputes, the adviser's month, counselling (the resident's and the counsellor's), care roles,
visits due (API). The register (page and API) and visits due (page) have theirs beside them."""

import datetime as dt

import pytest

from care import services
from care.models import CareRole, CareTag, Dispute
from care.services import advice, mediation
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.care.conftest import KEEP_UNTIL, NOW
from tests.communities.factories import ResidencyFactory, appoint
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def disputes(grid_worker, tapo, count):
    for i in range(count):
        mediation.dispute_open(
            actor=grid_worker,
            node=tapo["building"],
            title=f"纠纷{i}",
            summary="楼上漏水到楼下厨房",
            kind=Dispute.Kind.NEIGHBOURS,
            parties=[
                {"name": "张三", "phone": "13800001111", "side": "applicant"},
                {"name": "李四", "phone": "", "side": "respondent"},
            ],
        )


def test_the_disputes_page_keeps_a_flat_query_count(client, grid_worker, care_staff, tapo):
    disputes(grid_worker, tapo, 1)
    client.force_login(grid_worker)
    assert_flat(client, "/care/mediation/", lambda: disputes(grid_worker, tapo, 4))
    client.force_login(care_staff)
    assert_flat(client, "/care/mediation/", lambda: disputes(grid_worker, tapo, 4))


def test_the_advisers_month_keeps_a_flat_query_count(
    client, tapo, street_staff, care_staff, time_machine
):
    adviser = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=adviser, node=tapo["community"], kind=CareRole.Kind.LEGAL_ADVISER
    )
    # a minute apart: staff sessions end after 30 idle minutes
    minutes = iter(range(1, 40))

    def sessions(count):
        for _i in range(count):
            time_machine.move_to(NOW + dt.timedelta(minutes=next(minutes)), tick=False)
            advice.adviser_sign_in(actor=adviser, community=tapo["community"])
            advice.legal_consultation_log(
                actor=adviser, community=tapo["community"], topic="labour"
            )
            time_machine.move_to(NOW + dt.timedelta(minutes=next(minutes)), tick=False)
            advice.adviser_sign_out(actor=adviser)

    sessions(1)
    client.force_login(adviser)
    assert_flat(client, "/care/adviser/", lambda: sessions(3))
    client.force_login(care_staff)
    assert_flat(client, "/care/adviser/", lambda: sessions(3))


def test_counselling_keeps_a_flat_query_count(client, tapo, street_staff, care_staff):
    counsellor = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=counsellor, node=tapo["community"], kind=CareRole.Kind.COUNSELLOR
    )
    resident = ResidencyFactory(household=tapo["households"][0]).user
    days = iter(range(1, 30))

    def bookings(count):
        for _i in range(count):
            advice.counselling_book(
                resident=resident,
                counsellor=counsellor,
                starts_at=NOW + dt.timedelta(days=next(days)),
                note="最近睡不好",
            )

    bookings(1)
    for user in (resident, counsellor, care_staff):
        client.force_login(user)
        assert_flat(client, "/care/counselling/", lambda: bookings(3))


def test_the_care_roles_page_keeps_a_flat_query_count(client, tapo, street_staff):
    def roles(count):
        for _i in range(count):
            captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
            services.care_role_grant(
                actor=street_staff, user=captain, node=tapo["building"], kind=CareRole.Kind.CAPTAIN
            )

    roles(1)
    client.force_login(street_staff)
    assert_flat(client, "/care/roles/", lambda: roles(4))


def test_the_visits_due_endpoint_keeps_a_flat_query_count(
    api_client, care_staff, grid_worker, elder_tag, tapo, alone_type, time_machine
):
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=grid_worker)
    households = iter(tapo["households"][1:])

    def due(count):
        # planned a week and a day ago, never visited: overdue now
        time_machine.move_to(NOW, tick=False)
        for _i in range(count):
            tag = services.care_tag_add(
                actor=care_staff,
                residency=ResidencyFactory(household=next(households)),
                tag_type=alone_type,
                level=CareTag.Level.ATTENTION,
                legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
                retain_until=KEEP_UNTIL,
            )
            services.visit_plan_set(actor=care_staff, tag=tag, every_days=7, assignee=grid_worker)
        time_machine.move_to(NOW + dt.timedelta(days=8), tick=False)

    time_machine.move_to(NOW + dt.timedelta(days=8), tick=False)
    api_client.force_login(grid_worker)
    assert_flat(api_client, "/api/v1/care/visits/due/", lambda: due(4))


def test_the_service_requests_keep_a_flat_query_count(
    client, api_client, captain, care_staff, elder_tag, elder
):
    def requests(count):
        for _i in range(count):
            visit = services.visit_record(
                actor=captain, residency=elder, seen_in_person=True, finding="需要助餐"
            )
            services.visit_finding_to_service_request(actor=captain, visit=visit, kind="meals")

    requests(1)
    client.force_login(care_staff)
    assert_flat(client, "/care/requests/", lambda: requests(3))
    api_client.force_login(care_staff)
    assert_flat(api_client, "/api/v1/care/requests/", lambda: requests(3))


def test_the_care_api_lists_keep_a_flat_query_count(
    api_client, grid_worker, tapo, street_staff, time_machine
):
    disputes(grid_worker, tapo, 1)
    api_client.force_login(grid_worker)
    assert_flat(api_client, "/api/v1/care/disputes/", lambda: disputes(grid_worker, tapo, 3))
    counsellor = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=counsellor, node=tapo["community"], kind=CareRole.Kind.COUNSELLOR
    )
    resident = ResidencyFactory(household=tapo["households"][0]).user
    days = iter(range(1, 30))

    def bookings(count):
        for _i in range(count):
            advice.counselling_book(
                resident=resident,
                counsellor=counsellor,
                starts_at=NOW + dt.timedelta(days=next(days)),
            )

    bookings(1)
    api_client.force_login(counsellor)
    assert_flat(api_client, "/api/v1/care/counselling/", lambda: bookings(3))
