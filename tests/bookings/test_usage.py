"""Usage per venue per month: confirmed bookings only, the staff's own scope, Excel."""

import io

from openpyxl import load_workbook

from bookings import services
from tests.bookings.conftest import at


def test_usage_counts_confirmed_bookings_of_the_month(client, resident, venue, tapo_staff):
    kept = services.booking_request(
        user=resident,
        venue=venue,
        starts_at=at(3, 10),
        ends_at=at(3, 12, 30),
        purpose="a",
        attendees=12,
    )
    services.booking_decide(user=tapo_staff, booking=kept, approve=True)
    services.booking_request(  # still pending: not counted
        user=resident,
        venue=venue,
        starts_at=at(4, 10),
        ends_at=at(4, 11),
        purpose="b",
        attendees=3,
    )
    client.force_login(tapo_staff)
    page = client.get("/bookings/usage/?month=2026-03")
    assert page.status_code == 200
    line = page.context["lines"][0]
    assert (line.bookings, line.hours, line.people) == (1, 2.5, 12)
    assert client.get("/bookings/usage/?month=2026-04").context["lines"][0].bookings == 0
    sheet = load_workbook(
        io.BytesIO(client.get("/bookings/usage/?month=2026-03&format=xlsx").content)
    ).active
    assert list(sheet.iter_rows(min_row=2, values_only=True))[0][2:5] == (1, 2.5, 12)


def test_usage_is_scoped_and_bad_months_are_harmless(client, venue, baoan_staff, resident):
    client.force_login(baoan_staff)
    assert client.get("/bookings/usage/").context["lines"] == []
    assert client.get("/bookings/usage/?month=2026-13&format=xlsx").status_code == 200
    client.force_login(resident)
    assert client.get("/bookings/usage/").status_code == 404


def test_the_month_box_shows_this_month_on_a_first_visit(client, tapo_staff):
    client.force_login(tapo_staff)
    for url in ("/bookings/usage/", "/bookings/canteen/report/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert 'value="2026-03"' in page.text, url


def test_a_far_month_is_a_form_error_not_a_500(client, tapo_staff):
    client.force_login(tapo_staff)
    for url in ("/bookings/usage/", "/bookings/canteen/report/"):
        for month in ("9999-12", "0001-01"):
            page = client.get(url, {"month": month})
            assert page.status_code == 200, (url, month)
            assert "2000" in page.text
            assert client.get(url, {"month": month, "format": "xlsx"}).status_code == 200
