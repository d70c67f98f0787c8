import datetime as dt

import factory

from points.models import Board, BoardPrize, Currency, Period, PrizeItem


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"竞答排行榜{n}")
    scope = factory.Sequence(lambda n: f"campaign:{n + 1}")
    period = Period.WEEK
    currency = Currency.POINT


class CampaignBoardFactory(BoardFactory):
    period = Period.CAMPAIGN
    ends_at = factory.LazyFunction(
        lambda: dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)  # 2027-01-01 00:00 Shanghai
    )


class PrizeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrizeItem

    name = factory.Sequence(lambda n: f"酒店住宿券{n}")
    kind = PrizeItem.Kind.GOODS
    stock = 10


class BoardPrizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPrize

    board = factory.SubFactory(BoardFactory)
    rank_from = 1
    rank_to = 1
    points = 100
