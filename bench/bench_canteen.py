"""The elders' canteen at street scale: 5,000 meal orders for one day, placed through the
service (the real path: locks, subsidy postings, audit), then the day's kitchen sheet and
per-grid route sheets built and rendered as the canteen prints them (target < 2 s).

Run on demand against PostgreSQL (not a test), on its own database and Redis DB
(BENCH_DATABASE_URL / BENCH_REDIS_URL, see bench/harness.py):
    make bench ONLY=canteen      (or: .venv/bin/python bench/bench_canteen.py [--reuse])
Data: `seed_scale` with 600 buildings and 5,500 residents on one street (3 communities, 7
grids each); 5,000 of them registered as diners with years of birth from 1930 to 1966; one
canteen serving the street; 60 % of the orders delivered. Prints the ordering rate, the sheet
times (best and median of 5) and whether verify_ledger is clean.
"""

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("canteen")
if "--reuse" not in sys.argv:
    harness.drop_database()
harness.ensure_database()
harness.django_setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings import services  # noqa: E402
from bookings.models import Diner, MealOrder, Menu, Provider  # noqa: E402
from bookings.selectors.canteen import kitchen_sheet, route_sheets  # noqa: E402
from communities.models import Node, Post, Residency  # noqa: E402
from points.selectors.ledger import ledger_verify  # noqa: E402

STREET_CODE = "440604901"
ORDERS = 5_000
TARGET_S = 2.0
rng = random.Random(24)


def ensure_data() -> tuple[Node, object]:
    if not Node.objects.filter(code=STREET_CODE).exists():
        print("== seeding (seed_scale --buildings 600 --residents 5500 --communities 3)")
        start = time.perf_counter()
        call_command(
            "seed_scale",
            buildings=600,
            residents=5500,
            communities=3,
            street_code=STREET_CODE,
            phone_prefix="171",
        )
        print(f"   seeded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    street = Node.objects.get(code=STREET_CODE)
    staff = Post.objects.filter(kind="street_staff", node=street, ends_on__isnull=True).first()
    return street, staff.user


def ensure_menu(street: Node, staff) -> Menu:
    provider = Provider.objects.filter(node=street, kind=Provider.Kind.CANTEEN).first()
    if provider is None:
        provider = services.provider_create(
            actor=staff,
            name="街道长者饭堂",
            kind=Provider.Kind.CANTEEN,
            node=street,
            places=[street],
        )
        services.provider_staff_add(actor=staff, provider=provider, user=staff, is_manager=True)
        services.subsidy_budget_fund(actor=staff, street=street, amount_fen=10_000_000, key="bench")
    day = timezone.localdate() + dt.timedelta(days=1)
    menu = Menu.objects.filter(provider=provider, day=day, meal="lunch").first()
    return menu or services.menu_create(
        actor=staff,
        provider=provider,
        day=day,
        meal="lunch",
        dishes="红烧鱼、炒青菜、冬瓜汤、米饭",
        price_fen=1500,
        capacity=6000,
    )


def place_orders(menu: Menu, staff) -> None:
    have = MealOrder.objects.filter(menu=menu).count()
    if have >= ORDERS:
        print(f"== {have} orders already placed (--reuse)")
        return
    residents = list(
        Residency.objects.filter(status="approved", household__node__path__startswith=STREET_CODE)
        .exclude(user__meal_orders__menu=menu)
        .values_list("user_id", flat=True)
        .distinct()[: ORDERS - have]
    )
    community = Node.objects.filter(kind="community", parent__code=STREET_CODE).first()
    Diner.objects.bulk_create(
        [
            Diner(
                user_id=user_id,
                node=community,
                birth_year=rng.randint(1930, 1966),
                status=rng.choice(["none", "none", "none", "living_alone", "low_income"]),
            )
            for user_id in residents
        ],
        ignore_conflicts=True,
    )
    from accounts.models import User

    users = User.objects.in_bulk(residents)
    print(f"== placing {len(residents)} orders through meal_order_place (staff acting for each)")
    start = time.perf_counter()
    for index, user_id in enumerate(residents, 1):
        services.meal_order_place(
            actor=staff,
            elder=users[user_id],
            menu=menu,
            mode="delivery" if rng.random() < 0.6 else "dine_in",
            note=rng.choice(["", "", "", "", "", "", "", "", "饭软一点", "少盐"]),
        )
        if index % 1000 == 0:
            print(f"   {index:5d} orders  {time.perf_counter() - start:6.1f} s")
    seconds = time.perf_counter() - start
    print(f"   {len(residents)} orders in {seconds:.1f} s ({len(residents) / seconds:,.0f}/s)")


def sheets(menu: Menu, staff) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(staff)
    kitchen_url = f"/bookings/canteen/menus/{menu.pk}/kitchen/"
    routes_url = f"/bookings/canteen/menus/{menu.pk}/routes/"
    print("== the day's sheets")
    selector_times, page_times = [], []
    for _ in range(5):
        start = time.perf_counter()
        sheet = kitchen_sheet(menu)
        routes = route_sheets(menu)
        selector_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        kitchen_page = client.get(kitchen_url)
        routes_page = client.get(routes_url)
        page_times.append(time.perf_counter() - start)
        assert kitchen_page.status_code == 200 and routes_page.status_code == 200
    stops = sum(len(route.stops) for route in routes)
    print(
        f"   kitchen sheet: {sheet.total} meals ({sheet.dine_in} dine-in, {sheet.delivery}"
        f" delivered, {len(sheet.notes)} kinds of note); {len(routes)} route sheets,"
        f" {stops} stops; routes page {len(routes_page.content) / 1e6:.1f} MB"
    )
    best, median = min(page_times), statistics.median(page_times)
    verdict = "OK" if median < TARGET_S else "OVER TARGET"
    print(
        f"   rows read: best {min(selector_times) * 1000:.0f} ms,"
        f" median {statistics.median(selector_times) * 1000:.0f} ms"
    )
    print(
        f"   both pages rendered (kitchen + routes, over HTTP in-process): best {best:.2f} s,"
        f" median {median:.2f} s  target < {TARGET_S:.0f} s: {verdict}"
    )


def main() -> None:
    street, staff = ensure_data()
    menu = ensure_menu(street, staff)
    place_orders(menu, staff)
    menu.refresh_from_db()
    sheets(menu, staff)
    report = ledger_verify()
    print(
        f"== verify_ledger: {'clean' if report.ok else 'NOT CLEAN'}"
        f" ({report.postings_checked} postings, {report.accounts_checked} accounts)"
    )


if __name__ == "__main__":
    main()
