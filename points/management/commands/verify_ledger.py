from django.core.management.base import BaseCommand, CommandError

from points.services import ledger_check_run


class Command(BaseCommand):
    help = (
        "Check every points balance against the sum of its postings, every currency summing to "
        "zero and every posting's accounts; exits with status 1 when anything differs."
    )

    def handle(self, *args, **options):
        report = ledger_check_run()
        self.stdout.write(
            f"Checked {report.accounts_checked} accounts and {report.postings_checked} postings."
        )
        for row in report.balance_mismatches:
            self.stdout.write(
                f"  account {row['account']} ({row['label']}, {row['currency']}): stored balance "
                f"{row['stored']}, postings say {row['from_postings']}"
            )
        for currency, total in report.currency_totals.items():
            self.stdout.write(f"  {currency}: balances sum to {total}, not 0")
        for row in report.bad_postings:
            self.stdout.write(f"  posting {row['posting']}: {row['problem']}")
        if not report.ok:
            raise CommandError("The ledger has differences (see above).")
        self.stdout.write(self.style.SUCCESS("The ledger is consistent."))
