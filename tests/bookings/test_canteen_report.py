"""The canteen report: meals per day and grid, the subsidy spent against the budget, Excel;
scoped to the staff member's places."""

import io

import pytest
from openpyxl import load_workbook

from bookings import services
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(funded, lunch, father, daughter, tapo, tapo_staff):
    placed = [services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")]
    elder = live_in(tapo["households"][1]).user
    services.diner_register(actor=tapo_staff, user=elder, birth_year=1950)
    placed.append(services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in"))
    return placed


def test_staff_see_meals_and_the_budget_spent(client, orders, street_staff):
    client.force_login(street_staff)
    page = client.get("/bookings/canteen/report/", {"month": "2026-03"})
    assert page.status_code == 200
    text = page.text
    assert "塔坡长者饭堂" in text and "第1网格" in text
    # 1,000 yuan funded; 7 + 4 yuan of subsidy spent; 989 left.
    assert "1000.00" in text and "11.00" in text and "989.00" in text


def test_the_excel_has_the_three_sheets(client, orders, street_staff):
    client.force_login(street_staff)
    response = client.get("/bookings/canteen/report/", {"month": "2026-03", "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 3
    days = list(book.worksheets[0].iter_rows(values_only=True))
    assert days[1][0] == "塔坡长者饭堂" and days[1][2] == 2 and days[1][6] == 11


def test_another_communitys_staff_see_none_of_it(client, orders, baoan_staff):
    client.force_login(baoan_staff)
    text = client.get("/bookings/canteen/report/", {"month": "2026-03"}).text
    assert "塔坡长者饭堂" not in text


def test_residents_get_no_report_and_bad_months_no_500(client, orders, father, street_staff):
    client.force_login(father)
    assert client.get("/bookings/canteen/report/").status_code == 404
    client.force_login(street_staff)
    assert client.get("/bookings/canteen/report/", {"month": "2026-13"}).status_code == 200
    bad = client.get("/bookings/canteen/report/", {"month": "x", "format": "xlsx"})
    assert bad.status_code == 200 and "xlsx" not in bad.get("Content-Type", "")


def test_the_report_queries_stay_flat(client, orders, street_staff, tapo, lunch):
    client.force_login(street_staff)

    def grow():
        for household in tapo["households"][2:5]:
            elder = live_in(household).user
            services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="delivery")

    assert_flat(client, "/bookings/canteen/report/", grow, {"month": "2026-03"})
