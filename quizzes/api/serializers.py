from rest_framework import serializers


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    place = serializers.CharField(source="node.name")
    rules_text = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    streak_length = serializers.IntegerField()
    points_per_correct = serializers.IntegerField()
    daily_point_cap = serializers.IntegerField()
    seconds_per_question = serializers.IntegerField(allow_null=True)
    daily_draw_limit = serializers.IntegerField(allow_null=True)
    is_open = serializers.SerializerMethodField()

    def get_is_open(self, campaign) -> bool:
        return campaign.is_open()


class StandingSerializer(serializers.Serializer):
    streak = serializers.IntegerField()
    streak_length = serializers.IntegerField()
    day_points = serializers.IntegerField()
    daily_point_cap = serializers.IntegerField()
    draws_available = serializers.IntegerField()
    answers = serializers.IntegerField()
    correct = serializers.IntegerField()
    points = serializers.IntegerField()


class ChoiceOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()


class QuestionOutSerializer(serializers.Serializer):
    """A served question: option ids and texts only, never which option is right."""

    token = serializers.CharField()
    kind = serializers.CharField(source="question.kind")
    text = serializers.CharField(source="question.text")
    category = serializers.CharField(source="question.category.name")
    choices = ChoiceOutSerializer(source="question.choices.all", many=True)
    expires_at = serializers.DateTimeField(allow_null=True)


class AnswerInSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)
    choices = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=6)


class AnswerOutSerializer(serializers.Serializer):
    is_correct = serializers.BooleanField()
    is_late = serializers.BooleanField()
    correct_choices = serializers.ListField(
        child=serializers.IntegerField(), source="correct_choice_ids"
    )
    explanation = serializers.CharField(source="question.explanation")
    points = serializers.IntegerField()
    earned_draw = serializers.BooleanField()
    streak = serializers.IntegerField()
    streak_length = serializers.IntegerField()
    day_points = serializers.IntegerField()
    daily_point_cap = serializers.IntegerField()
    daily_cap_reached = serializers.BooleanField(
        help_text="True once today's points have reached the daily cap: further correct "
        "answers still count for accuracy and streaks, but earn no points until tomorrow."
    )
    notice = serializers.CharField(
        help_text="What to tell the resident, in their language (the daily cap reached); "
        "empty when there is nothing to say."
    )
    draws_available = serializers.IntegerField()


class DrawOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField(source="prize_name")
    kind = serializers.CharField()
    points = serializers.IntegerField()
    is_win = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class RankSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField(source="public_name")
    score = serializers.IntegerField()


class BoardOutSerializer(serializers.Serializer):
    board = serializers.IntegerField(source="board.pk")
    name = serializers.CharField(source="board.name")
    period = serializers.CharField(source="period_key")
    my_rank = serializers.IntegerField(allow_null=True)
    my_score = serializers.IntegerField(allow_null=True)
    top = RankSerializer(many=True)


class LeaderboardsSerializer(serializers.Serializer):
    campaign = BoardOutSerializer(allow_null=True)
    week = BoardOutSerializer(allow_null=True)
    annual = BoardOutSerializer(allow_null=True)
