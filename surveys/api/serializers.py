from rest_framework import serializers

from surveys.models import Choice, NeedCategory, NeedItem, Question, Survey


class SurveySerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.full_name", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    answered = serializers.BooleanField(source="my_answers", read_only=True, default=False)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "intro",
            "node",
            "place",
            "anonymous",
            "per_household",
            "closes_at",
            "published_at",
            "is_open",
            "answered",
        ]
        read_only_fields = fields


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "label"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    # A plain string: "kind" is a field name of several apps' enums.
    kind = serializers.CharField(read_only=True)
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "kind", "text", "required", "choices"]
        read_only_fields = fields


class SurveyDetailSerializer(SurveySerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "questions"]
        read_only_fields = fields


class SurveyAnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=12
    )
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class AnswerSheetSerializer(serializers.Serializer):
    answers = SurveyAnswerInSerializer(many=True, max_length=30)
    for_user = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="A resident in your scope you answer for (代办); yourself when left out.",
    )


class AnsweredSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    answered_at = serializers.DateTimeField()
    entered_by_other = serializers.BooleanField()


class QuestionSpecSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text = serializers.CharField(max_length=200)
    required = serializers.BooleanField(default=True)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=12
    )


class SurveyCreateSerializer(serializers.Serializer):
    node = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=100)
    intro = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    anonymous = serializers.BooleanField(default=False)
    per_household = serializers.BooleanField(default=False)
    closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    questions = QuestionSpecSerializer(many=True, max_length=30)


class OptionCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class PlaceValueSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    options = OptionCountSerializer(many=True)
    average = serializers.FloatField(allow_null=True)
    by_grid = PlaceValueSerializer(many=True)
    texts = serializers.ListField(child=serializers.CharField())


class GridCountSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    name = serializers.CharField()
    answers = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_grid = GridCountSerializer(many=True)
    questions = QuestionResultSerializer(many=True)


class NeedItemSerializer(serializers.ModelSerializer):
    marked = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = NeedItem
        fields = ["id", "name", "services", "marked"]
        read_only_fields = fields


class NeedCategorySerializer(serializers.ModelSerializer):
    items = NeedItemSerializer(many=True, read_only=True)

    class Meta:
        model = NeedCategory
        fields = ["id", "name", "items"]
        read_only_fields = fields


class NeedMarksSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=200)
    for_user = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="A resident in your scope you mark needs for (代办); yourself when left out.",
    )


class TeamRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DemandRowSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    name = serializers.CharField(source="item.name")
    category = serializers.CharField(source="item.category.name")
    services = serializers.CharField(source="item.services")
    total = serializers.IntegerField()
    per_place = serializers.ListField(child=serializers.IntegerField())
    teams = TeamRefSerializer(many=True)


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DemandSerializer(serializers.Serializer):
    place = PlaceRefSerializer()
    columns = PlaceRefSerializer(many=True)
    rows = DemandRowSerializer(many=True)
