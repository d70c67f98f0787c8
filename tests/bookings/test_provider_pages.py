"""A provider's own pages: its home, its services and times (add, change, weekly slots, call
off), and the monthly figures with Excel, each refused to other providers and communities."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from bookings import services
from bookings.models import Appointment, ServiceOffer, Slot
from tests.bookings.conftest import at
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


SERVICE = {
    "kind": "haircut",
    "name": "义剪",
    "description": "洗剪吹",
    "duration_minutes": "30",
    "capacity": "1",
    "takes_hours": "on",
    "price_hours": "0.5",
}


def test_the_clerk_reaches_the_pages_from_home(client, clerk, home_service):
    client.force_login(clerk)
    assert "/bookings/provider/" in client.get("/").text
    page = client.get("/bookings/provider/")
    assert page.status_code == 200
    assert f"/bookings/provider/{home_service.pk}/services/" in page.text
    assert f"/bookings/provider/{home_service.pk}/report/" in page.text


def test_the_clerk_adds_a_service_and_a_week_of_times(client, clerk, home_service, tapo):
    client.force_login(clerk)
    response = client.post(
        f"/bookings/provider/{home_service.pk}/services/",
        {**SERVICE, "places": [tapo["grid"].pk]},
    )
    offer = ServiceOffer.objects.get(name="义剪")
    assert (
        response.status_code == 302 and response.url == f"/bookings/provider/services/{offer.pk}/"
    )
    assert (offer.price_minutes, offer.duration_minutes) == (30, 30)
    assert list(offer.places.all()) == [tapo["grid"]]
    response = client.post(
        f"/bookings/provider/services/{offer.pk}/weekly/",
        {
            "week-first_day": "2026-03-02",
            "week-weekdays": ["0", "1", "2", "3", "4"],
            "week-starts": "09:00",
            "week-ends": "10:00",
            "week-weeks": "1",
            "week-capacity": "2",
            "week-split": "on",
        },
    )
    assert response.status_code == 302
    assert Slot.objects.filter(offer=offer, capacity=2).count() == 10
    page = client.get(f"/bookings/provider/services/{offer.pk}/")
    assert page.status_code == 200 and "0 / 2" in page.text
    response = client.post(
        f"/bookings/provider/services/{offer.pk}/slot/",
        {"one-day": "2026-03-07", "one-starts": "14:00"},
    )
    assert response.status_code == 302
    assert Slot.objects.get(starts_at=at(7, 14)).ends_at == at(7, 14, 30)


def test_the_clerk_changes_and_withdraws_a_service(client, clerk, bathing):
    client.force_login(clerk)
    response = client.post(
        f"/bookings/provider/services/{bathing.pk}/",
        {**SERVICE, "kind": "bath", "name": "上门助浴", "capacity": "2", "takes_hours": ""},
    )
    assert response.status_code == 302
    bathing.refresh_from_db()
    assert (bathing.capacity, bathing.price_minutes, bathing.is_active) == (2, 0, False)


@pytest.mark.parametrize(
    "posted",
    [
        {**SERVICE, "name": ""},
        {**SERVICE, "price_hours": ""},
        {**SERVICE, "duration_minutes": "abc"},
        {**SERVICE, "capacity": "0"},
        {**SERVICE, "kind": "spa"},
        {**SERVICE, "places": ["999999"]},
    ],
)
def test_bad_services_are_refused_on_the_form(client, clerk, home_service, posted):
    client.force_login(clerk)
    response = client.post(f"/bookings/provider/{home_service.pk}/services/", posted)
    assert response.status_code == 200 and "field-error" in response.text
    assert not ServiceOffer.objects.exists()


@pytest.mark.parametrize(
    ("path", "posted"),
    [
        ("weekly", {"first_day": "x", "weekdays": ["9"], "starts": "25:00", "weeks": "99"}),
        (
            "weekly",
            {
                "first_day": "2026-02-23",
                "weekdays": ["0"],
                "starts": "09:00",
                "ends": "10:00",
                "weeks": "1",
            },
        ),
        (
            "weekly",
            {
                "first_day": "2026-03-03",
                "weekdays": ["1"],
                "starts": "11:00",
                "ends": "09:00",
                "weeks": "1",
            },
        ),
        ("slot", {"day": "2026-02-30", "starts": "09:00"}),
        ("slot", {"day": "2026-03-01", "starts": "09:00"}),
        ("slot", {}),
    ],
)
def test_bad_times_are_refused_and_open_nothing(client, clerk, bathing, path, posted):
    prefix = "week" if path == "weekly" else "one"  # the two forms share one page
    posted = {f"{prefix}-{name}": value for name, value in posted.items()}
    client.force_login(clerk)
    response = client.post(f"/bookings/provider/services/{bathing.pk}/{path}/", posted)
    assert response.status_code == 400
    assert not Slot.objects.exists()


def test_calling_off_a_time_cancels_its_appointments(client, clerk, slot, resident):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    client.force_login(clerk)
    response = client.post(f"/bookings/provider/slots/{slot.pk}/cancel/", {"reason": "停水"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    # A second press says it is already called off, no 500.
    response = client.post(f"/bookings/provider/slots/{slot.pk}/cancel/", follow=True)
    assert response.status_code == 200


def test_other_providers_residents_and_strangers_are_refused(
    client, barber, baoan_staff, resident, home_service, bathing, slot
):
    urls_get = [
        f"/bookings/provider/{home_service.pk}/services/",
        f"/bookings/provider/services/{bathing.pk}/",
        f"/bookings/provider/{home_service.pk}/report/",
    ]
    for user in (barber, baoan_staff, resident):
        client.force_login(user)
        for url in urls_get:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/bookings/provider/slots/{slot.pk}/cancel/").status_code == 404
        response = client.post(
            f"/bookings/provider/services/{bathing.pk}/slot/",
            {"one-day": "2026-03-05", "one-starts": "09:00"},
        )
        assert response.status_code == 404
    assert Slot.objects.count() == 1 and Slot.objects.get().cancelled_at is None
    client.force_login(resident)
    assert client.get("/bookings/provider/").status_code == 404
    assert client.get("/bookings/services/report/").status_code == 404


def _served_month(clerk, slot, resident, neighbour, time_machine):
    services.appointment_book(actor=resident, person=resident, slot=slot)
    services.appointment_book(actor=neighbour, person=neighbour, slot=slot)
    time_machine.move_to(at(3, 9, 30), tick=False)
    first, second = Appointment.objects.order_by("pk")
    services.appointment_mark(actor=clerk, appointment=first, status="done")
    services.appointment_mark(actor=clerk, appointment=second, status="no_show")


def test_the_provider_sees_its_month_and_downloads_it(
    client, clerk, slot, resident, neighbour, time_machine
):
    _served_month(clerk, slot, resident, neighbour, time_machine)
    client.force_login(clerk)
    url = f"/bookings/provider/{slot.offer.provider_id}/report/"
    page = client.get(url, {"month": "2026-03"})
    assert page.status_code == 200 and "上门助浴" in page.text and "第1网格" in page.text
    response = client.get(url, {"month": "2026-03", "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("云家庭服务社 · 上门助浴", 1, 1, 0, 0, 2)
    grids = list(book.worksheets[1].iter_rows(values_only=True))
    assert grids[1][0].endswith("第1网格") and grids[1][1:3] == (1, 1)
    entry = AuditEntry.objects.get(action="export.provider_report")
    assert entry.actor == clerk and entry.details["rows"] == 2
    assert client.get(url, {"month": "March"}).status_code == 200
    assert client.get(url, {"month": "2026-13", "format": "xlsx"}).status_code == 200


def test_staff_see_the_providers_of_their_place_only(
    client, clerk, slot, resident, neighbour, time_machine, tapo_staff, baoan_staff, street_staff
):
    _served_month(clerk, slot, resident, neighbour, time_machine)
    for user, sees in ((tapo_staff, True), (street_staff, True), (baoan_staff, False)):
        client.force_login(user)
        page = client.get("/bookings/services/report/", {"month": "2026-03"})
        assert page.status_code == 200
        assert ("上门助浴" in page.text) is sees, user
    client.force_login(baoan_staff)
    response = client.get("/bookings/services/report/", {"month": "2026-03", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows())
    assert len(rows) == 1  # the heading only: nothing of 塔坡's provider


def _more_services(clerk, provider, count, start):
    for i in range(start, start + count):
        offer = services.service_offer_create(
            actor=clerk, provider=provider, kind="repair", name=f"维修{i}", capacity=2
        )
        slot = services.slot_create(actor=clerk, offer=offer, starts_at=at(10 + i, 9))
        yield slot


def test_provider_pages_keep_a_flat_query_count(client, clerk, home_service, resident):
    list(_more_services(clerk, home_service, 1, 0))
    client.force_login(clerk)
    grow = lambda: list(_more_services(clerk, home_service, 3, 1))  # noqa: E731
    assert_flat(client, f"/bookings/provider/{home_service.pk}/services/", grow)
    assert_flat(client, "/bookings/provider/", grow)


def test_a_services_times_keep_a_flat_query_count(client, clerk, bathing, resident):
    client.force_login(clerk)
    days = iter(range(3, 20))

    def grow():
        for _ in range(3):
            services.slot_create(actor=clerk, offer=bathing, starts_at=at(next(days), 14))

    grow()
    assert_flat(client, f"/bookings/provider/services/{bathing.pk}/", grow)


def test_reports_keep_a_flat_query_count(client, clerk, home_service, resident, tapo_staff):
    def grow():
        for slot in _more_services(clerk, home_service, 2, len(ServiceOffer.objects.all())):
            services.appointment_book(actor=resident, person=resident, slot=slot)

    grow()
    client.force_login(clerk)
    params = {"month": "2026-03"}
    assert_flat(client, f"/bookings/provider/{home_service.pk}/report/", grow, params)
    client.force_login(tapo_staff)
    assert_flat(client, "/bookings/services/report/", grow, params)


API = "/api/v1/bookings"


def test_the_api_gives_the_providers_month_to_its_staff_only(
    api_client, clerk, barber, slot, resident, neighbour, time_machine
):
    _served_month(clerk, slot, resident, neighbour, time_machine)
    url = f"{API}/providers/{slot.offer.provider_id}/report/"
    api_client.force_authenticate(clerk)
    answer = api_client.get(url, {"month": "2026-03"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["month"] == "2026-03-01" and body["meals"] == 0
    assert body["per_service"] == [
        {
            "label": "云家庭服务社 · 上门助浴",
            "served": 1,
            "no_show": 1,
            "cancelled": 0,
            "booked": 0,
            "total": 2,
        }
    ]
    assert api_client.get(url, {"month": "2026-13"}).status_code == 400
    # A far year is refused in words (its month's end would overflow), as on every bookings input.
    far = api_client.get(url, {"month": "9999-12"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert far.status_code == 400 and "2000" in str(far.json())
    assert api_client.get(f"{API}/providers/999999/report/").status_code == 404
    api_client.force_authenticate(barber)
    assert api_client.get(url, {"month": "2026-03"}).status_code == 404


def test_the_report_api_keeps_a_flat_query_count(api_client, clerk, home_service, resident):
    def grow():
        for slot in _more_services(clerk, home_service, 2, len(ServiceOffer.objects.all())):
            services.appointment_book(actor=resident, person=resident, slot=slot)

    grow()
    api_client.force_authenticate(clerk)
    url = f"{API}/providers/{home_service.pk}/report/"
    assert_flat(api_client, url, grow, {"month": "2026-03"})
