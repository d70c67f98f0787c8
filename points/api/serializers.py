from rest_framework import serializers

from points.models import Board, Currency, Posting
from points.periods import current_period_key
from points.templatetags.points_tags import amount_text


class BalanceSerializer(serializers.Serializer):
    currency = serializers.ChoiceField(choices=Currency.choices)
    balance = serializers.IntegerField(help_text="Points, or minutes of service time")
    display = serializers.CharField(help_text='For people: "120 积分", "12.5 小时"')


class PostingSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(
        source="signed_amount", help_text="Positive when received, negative when spent"
    )
    display = serializers.SerializerMethodField()
    is_correction = serializers.SerializerMethodField()

    class Meta:
        model = Posting
        fields = ["id", "amount", "currency", "display", "reason", "created_at", "is_correction"]
        read_only_fields = fields

    def get_display(self, posting) -> str:
        return amount_text(posting.signed_amount, posting.currency, signed=True)

    def get_is_correction(self, posting) -> bool:
        return posting.reverses_id is not None


class HistoryFilterSerializer(serializers.Serializer):
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    date_from = serializers.DateField(required=False, help_text="Local day, inclusive")
    date_to = serializers.DateField(required=False, help_text="Local day, inclusive")


class BoardSerializer(serializers.ModelSerializer):
    current_period = serializers.SerializerMethodField()

    class Meta:
        model = Board
        fields = [
            "id",
            "name",
            "scope",
            "period",
            "currency",
            "starts_at",
            "ends_at",
            "current_period",
        ]
        read_only_fields = fields

    def get_current_period(self, board) -> str:
        return current_period_key(board)


class RankedEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField(source="public_name", help_text="Masked for privacy")
    score = serializers.IntegerField()
    reached_at = serializers.DateTimeField()
    is_me = serializers.SerializerMethodField()

    def get_is_me(self, entry) -> bool:
        return entry.user_id == self.context["request"].user.pk


class BoardTopSerializer(serializers.Serializer):
    board = serializers.IntegerField()
    period = serializers.CharField()
    entries = RankedEntrySerializer(many=True)


class MyRankSerializer(serializers.Serializer):
    board = serializers.IntegerField()
    period = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="null when not on the board")
    score = serializers.IntegerField()
    neighbours = RankedEntrySerializer(many=True)


class PeriodQuerySerializer(serializers.Serializer):
    period = serializers.CharField(required=False, help_text='e.g. "2026-W48"; default: current')
    n = serializers.IntegerField(required=False, min_value=1, max_value=100, default=100)
