"""How a prize item reaches a winner, by item kind; other apps register their own kinds.

The marketplace registers the "coupon" issuer in its AppConfig.ready():

    from points.prizes import register_prize_issuer
    register_prize_issuer("coupon", coupon_issue_for_prize)

An issuer is called as `issuer(item=PrizeItem, user=User, key=str) -> dict` inside the award's
transaction, after the item's stock was taken. It must be idempotent per `key` (a resumed
settlement may call it again after a crash) and returns details stored on the PrizeAward (e.g.
{"coupon": <id>}). Raising aborts this winner's award; the settlement resumes later.
"""

from collections.abc import Callable

from points.models import PrizeItem

PrizeIssuer = Callable[..., dict]


def _goods_issuer(*, item: PrizeItem, user, key: str) -> dict:
    # Goods are handed out by staff against the award; nothing to issue electronically.
    return {}


_issuers: dict[str, PrizeIssuer] = {PrizeItem.Kind.GOODS: _goods_issuer}


def register_prize_issuer(kind: str, issuer: PrizeIssuer) -> None:
    _issuers[kind] = issuer


def prize_issuer_for(kind: str) -> PrizeIssuer | None:
    return _issuers.get(kind)
