"""Ledger reads: balances, a user's history, and the integrity check behind verify_ledger."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.fields import BigIntegerField
from django.utils import timezone

from core.prepared import execute_prepared
from points.models import USER_CURRENCIES, Account, LedgerCheck, Posting


def balances_for_user(user) -> dict[str, int]:
    """{currency: balance} for every currency, 0 where the user has no account yet."""
    # Prepared (read on every market and points page): the queryset's building cost more.
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            f"SELECT currency, balance FROM {Account._meta.db_table} WHERE owner_id = %s",
            [user.pk],
        )
        found = dict(cursor.fetchall())
    return {currency: found.get(currency, 0) for currency in USER_CURRENCIES}


def account_balance(account: Account) -> int:
    """The account's balance: stored, or for a source account derived from its postings."""
    if not account.is_source:
        return account.balance
    credits = Posting.objects.filter(credit=account).aggregate(s=Sum("amount"))["s"] or 0
    debits = Posting.objects.filter(debit=account).aggregate(s=Sum("amount"))["s"] or 0
    return credits - debits


def postings_for_user(
    *,
    user,
    currency: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Posting]:
    """The user's postings, newest first, each annotated with `signed_amount` (+ in, - out).

    Dates are local (Asia/Shanghai) days, both inclusive.
    """
    accounts = Account.objects.filter(owner=user)
    if currency:
        accounts = accounts.filter(currency=currency)
    account_ids = list(accounts.values_list("pk", flat=True))
    postings = Posting.objects.filter(Q(debit_id__in=account_ids) | Q(credit_id__in=account_ids))
    tz = timezone.get_default_timezone()
    if date_from:
        postings = postings.filter(
            created_at__gte=dt.datetime.combine(date_from, dt.time(), tzinfo=tz)
        )
    if date_to:
        postings = postings.filter(
            created_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        )
    return postings.annotate(
        signed_amount=Case(
            When(credit_id__in=account_ids, then=F("amount")),
            default=Value(0) - F("amount"),
            output_field=BigIntegerField(),
        )
    ).order_by("-created_at", "-id")


@dataclass
class LedgerReport:
    accounts_checked: int = 0
    postings_checked: int = 0
    # {"account": id, "label": str, "stored": int, "from_postings": int}
    balance_mismatches: list[dict] = field(default_factory=list)
    # {currency: sum of stored balances} where it is not zero
    currency_totals: dict[str, int] = field(default_factory=dict)
    # {"posting": id, "problem": str}
    bad_postings: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.balance_mismatches or self.currency_totals or self.bad_postings)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "accounts_checked": self.accounts_checked,
            "postings_checked": self.postings_checked,
            "balance_mismatches": self.balance_mismatches,
            "currency_totals": self.currency_totals,
            "bad_postings": self.bad_postings,
        }


def ledger_verify() -> LedgerReport:
    """Check every stored balance against its postings, and every posting's pair of accounts.

    - each account's stored balance == credits - debits of its postings (a source account
      stores none: its stored balance must be 0, and its derived balance counts for the sum);
    - each currency's balances sum to zero (double entry);
    - each posting's accounts hold the posting's currency, and a reversal mirrors its original.
    Runs as aggregate queries (a full scan of the postings, fine nightly).
    """
    report = LedgerReport()
    from_postings: dict[int, int] = defaultdict(int)
    for account_id, total in (
        Posting.objects.order_by().values_list("credit_id").annotate(s=Sum("amount"))
    ):
        from_postings[account_id] += total
    for account_id, total in (
        Posting.objects.order_by().values_list("debit_id").annotate(s=Sum("amount"))
    ):
        from_postings[account_id] -= total
    report.postings_checked = Posting.objects.count()
    totals: dict[str, int] = defaultdict(int)
    for account in Account.objects.order_by("pk").iterator(chunk_size=5000):
        report.accounts_checked += 1
        computed = from_postings.get(account.pk, 0)
        expected = 0 if account.is_source else computed
        totals[account.currency] += computed if account.is_source else account.balance
        if expected != account.balance:
            report.balance_mismatches.append(
                {
                    "account": account.pk,
                    "label": account.code or f"user:{account.owner_id}",
                    "currency": account.currency,
                    "stored": account.balance,
                    "from_postings": expected,
                }
            )
    report.currency_totals = {c: total for c, total in totals.items() if total != 0}
    checks = {
        "debit account holds another currency": ~Q(debit__currency=F("currency")),
        "credit account holds another currency": ~Q(credit__currency=F("currency")),
        "amount is not positive": Q(amount__lte=0),
        "reversal does not mirror its original": Q(reverses__isnull=False)
        & (
            ~Q(debit_id=F("reverses__credit_id"))
            | ~Q(credit_id=F("reverses__debit_id"))
            | ~Q(amount=F("reverses__amount"))
        ),
    }
    for problem, condition in checks.items():
        for posting_id in Posting.objects.filter(condition).values_list("pk", flat=True)[:1000]:
            report.bad_postings.append({"posting": posting_id, "problem": problem})
    return report


def ledger_check_latest() -> LedgerCheck | None:
    """The latest recorded run of `verify_ledger`, or None before the first."""
    return LedgerCheck.objects.order_by("-checked_at", "-pk").first()
