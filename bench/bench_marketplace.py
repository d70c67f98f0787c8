"""Marketplace load test (on demand, not a test): search latency and redemption throughput.

Data: 45 merchants, 500 offers and 200,000 issued coupons (bulk inserted), on PostgreSQL.
- search: the selector's first page (count + 20 rows) for Chinese keywords, timed in-process,
  and GET /api/v1/market/offers/?q=... under wrk;
- redemption: POST /api/v1/market/offers/<id>/redeem/ under wrk, each request with its own
  request key and one of 200 residents' tokens, on one hot offer and spread over 500 offers.

Run: .venv/bin/python bench/bench_marketplace.py  (or `make bench ONLY=marketplace`)
"""

import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("marketplace")

MERCHANTS, OFFERS, COUPONS, RESIDENTS = 45, 500, 200_000, 200
WORDS = ["茶餐厅", "凉茶", "早茶", "超市", "维修", "双皮奶", "不存在的词"]
SHOP_NAMES = [
    "老字号茶餐厅",
    "凉茶铺",
    "便民超市",
    "家电维修",
    "美发沙龙",
    "药房",
    "书店",
    "面包坊",
    "粥铺",
]


def seed() -> dict:
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from accounts.tokens import api_token_issue
    from communities.models import Node
    from marketplace.models import Coupon, Merchant, MerchantStaff, Offer
    from points.services import points_award

    street = Node.objects.filter(parent__isnull=True, code="440604901").first()
    if street is None:
        street = Node.objects.create(
            kind="street",
            name="压测街道",
            code="440604901",
            path="440604901/",
            depth=0,
            full_name="压测街道",
        )
    now = timezone.now()
    if Merchant.objects.count() < MERCHANTS:
        merchants = Merchant.objects.bulk_create(
            Merchant(
                name=f"佛山{SHOP_NAMES[i % len(SHOP_NAMES)]}{i:02d}号店",
                category=["food", "retail", "services"][i % 3],
                description="老街坊的店，早茶、凉茶、日用百货、上门维修",
                address=f"祖庙路 {i} 号",
                licence_number=f"91440604MA4B{i:06d}",
                contact_name="店主",
                contact_phone="13900000000",
                node=street,
                status=Merchant.Status.APPROVED,
            )
            for i in range(MERCHANTS)
        )
        owners = User.objects.bulk_create(
            User(phone=f"1360000{i:04d}", real_name=f"店主{i}") for i in range(MERCHANTS)
        )
        MerchantStaff.objects.bulk_create(
            MerchantStaff(merchant=m, user=u, is_manager=True)
            for m, u in zip(merchants, owners, strict=True)
        )
    merchants = list(Merchant.objects.order_by("pk"))
    window = {
        "redeem_from": now - dt.timedelta(days=1),
        "redeem_until": now + dt.timedelta(days=365),
        "use_from": now - dt.timedelta(days=1),
        "use_until": now + dt.timedelta(days=400),
    }
    if Offer.objects.count() < OFFERS:
        Offer.objects.bulk_create(
            Offer(
                merchant=merchants[i % MERCHANTS],
                node=street,
                title=f"{['早茶', '凉茶', '日用品', '维修', '双皮奶'][i % 5]}满减券{i}",
                description="到店消费满额可用，节假日通用",
                kind="amount_off",
                threshold=Decimal(100),
                amount_off=Decimal(20),
                face_value=Decimal(20),
                points_price=1 + i % 50,
                stock_total=1_000_000,
                stock_left=1_000_000,
                per_user_limit=30000,
                status=Offer.Status.APPROVED,
                issued_count=i,
                **window,
            )
            for i in range(OFFERS)
        )
    offers = list(Offer.objects.order_by("pk").values_list("pk", "merchant_id"))
    residents = list(User.objects.filter(phone__startswith="1350").order_by("pk"))
    if len(residents) < RESIDENTS:
        residents = User.objects.bulk_create(
            User(phone=f"1350000{i:04d}", real_name=f"居民{i}") for i in range(RESIDENTS)
        )
        for user in residents:
            points_award(user=user, amount=10_000_000, key=f"bench:{user.pk}", reason="压测")
    have = Coupon.objects.count()
    batch = 20_000
    for start in range(have, COUPONS, batch):
        import secrets

        Coupon.objects.bulk_create(
            Coupon(
                offer_id=offers[n % OFFERS][0],
                merchant_id=offers[n % OFFERS][1],
                user=residents[n % RESIDENTS],
                code="".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(12)),
                source=Coupon.Source.PRIZE,
                request_key=f"bench-seed-{n}",
                face_value=Decimal(20),
                issued_at=now - dt.timedelta(minutes=n),
                **{k: window[k] for k in ("use_from", "use_until")},
            )
            for n in range(start, min(start + batch, COUPONS))
        )
    harness.vacuum()
    tokens = [api_token_issue(user=u) for u in residents]
    return {"offers": [pk for pk, _m in offers], "tokens": tokens}


def search_in_process() -> None:
    from django.db import connection

    from marketplace.selectors import offer_search

    print("search, in-process (count + first page of 20), 50 runs per word:")
    for word in WORDS:
        times = []
        for _ in range(50):
            start = time.perf_counter()
            offers = offer_search(query=word, sort="popular")
            offers.count()
            list(offers[:20])
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"  {word:<8} p50 {statistics.median(times):6.2f} ms   p95 {times[47]:6.2f} ms")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM marketplace_offer WHERE UPPER(title::text) LIKE UPPER(%s)",
            ["%茶餐厅%"],
        )
        plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:3])
    print(f"  plan of a title match: {plan}")


def wrk_redeem(url: str, tokens: list[str], offers: list[int], seconds: int = 8) -> dict:
    """wrk with a Lua script giving every request its own request key, token and offer."""
    script = harness.REPO_ROOT / "var" / "bench" / "redeem.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    lua_tokens = ",".join(f'"{t}"' for t in tokens)
    lua_offers = ",".join(str(o) for o in offers)
    run = f"bench{time.time_ns()}"
    script.write_text(
        f"""
local tokens = {{{lua_tokens}}}
local offers = {{{lua_offers}}}
local counter = 0
local threads_started = 0
-- Each wrk thread gets its own id; each run its own prefix: no key is ever sent twice.
function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_id", threads_started)
end
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local offer = offers[(counter % #offers) + 1]
  local body = '{{"request_key": "{run}-' .. thread_id .. '-' .. counter .. '"}}'
  return wrk.format("POST", "/api/v1/market/offers/" .. offer .. "/redeem/",
    {{["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json"}}, body)
end
"""
    )
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    import re

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {
        f"p{pct}": float(value) * harness._UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, **latency, "non_2xx": int(errors.group(1)) if errors else 0}


def main() -> None:
    harness.ensure_database()
    harness.django_setup()
    started = time.perf_counter()
    data = seed()
    print(
        f"data ready in {time.perf_counter() - started:.0f} s "
        f"({MERCHANTS} merchants, {OFFERS} offers, {COUPONS} coupons)"
    )
    search_in_process()
    from marketplace.models import Coupon, Offer

    auth = {"Authorization": f"Token {data['tokens'][0]}"}
    with harness.gunicorn(port=8771) as base:
        query = urllib.parse.urlencode({"q": "茶餐厅", "sort": "popular"})
        harness.report(
            "GET /api/v1/market/offers/?q=茶餐厅 (1 connection)",
            harness.wrk(f"{base}/api/v1/market/offers/?{query}", headers=auth, connections=1),
        )
        harness.report(
            "GET /api/v1/market/offers/?q=茶餐厅 (8 connections)",
            harness.wrk(f"{base}/api/v1/market/offers/?{query}", headers=auth),
        )
        before = Coupon.objects.count()
        hot = wrk_redeem(base + "/", data["tokens"], data["offers"][:1])
        harness.report("POST redeem, one hot offer (16 connections)", hot)
        spread = wrk_redeem(base + "/", data["tokens"], data["offers"])
        harness.report("POST redeem, spread over 500 offers", spread)
        issued = Coupon.objects.count() - before
        print(f"  coupons issued during the runs: {issued}")
    from points.selectors import ledger_verify

    stock_ok = not Offer.objects.filter(stock_left__gt=1_000_000).exists()
    print(f"ledger verified after the load: {ledger_verify().ok}; stock within total: {stock_ok}")


if __name__ == "__main__":
    main()
