"""The workbench's dashboard for a big screen (大屏) or an app: small output serializers."""

from rest_framework import serializers

from cases.api.serializers import IndicatorSerializer
from workbench.forms import PeriodForm


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()


class QueueSerializer(serializers.Serializer):
    group = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField(help_text="The web page where staff act on the queue.")


class WeekItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["session", "consultation"])
    title = serializers.CharField()
    when = serializers.DateTimeField()
    detail = serializers.CharField()
    url = serializers.CharField()


class OverdueProjectSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_on = serializers.DateField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The project's page, where the follow-up is recorded.")


class FiguresIndicatorSerializer(IndicatorSerializer):
    closed = serializers.IntegerField()


class PlaceFiguresSerializer(serializers.Serializer):
    place = PlaceSerializer(source="node")
    cases = FiguresIndicatorSerializer(source="indicators")
    residents = serializers.IntegerField()
    patrol_coverage = serializers.FloatField(allow_null=True, help_text="Percent.")
    volunteer_hours = serializers.FloatField(source="hours")
    event_registrations = serializers.IntegerField(source="registered")
    event_checked_in = serializers.IntegerField(source="checked_in")
    quiz_participation = serializers.FloatField(
        source="quiz_rate", allow_null=True, help_text="Percent of residents."
    )
    coupons_redeemed = serializers.IntegerField(source="coupons_used")


class EquityRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    residents = serializers.IntegerField()
    participants = serializers.IntegerField()
    resident_share = serializers.FloatField(allow_null=True)
    participant_share = serializers.FloatField(allow_null=True)
    turnout = serializers.FloatField(allow_null=True)
    under_half_share = serializers.BooleanField()


class EquitySerializer(serializers.Serializer):
    by_age = EquityRowSerializer(many=True)
    by_residence = EquityRowSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    place = PlaceSerializer()
    breadcrumb = PlaceSerializer(many=True)
    children = PlaceSerializer(many=True)
    queues = QueueSerializer(many=True)
    this_week = WeekItemSerializer(many=True)
    overdue_projects = OverdueProjectSerializer(
        many=True, help_text="Co-building projects (共建项目) past their date and not done."
    )
    ledger_alert = serializers.BooleanField(
        help_text="The latest ledger check failed (street places only)."
    )
    start = serializers.DateField()
    end = serializers.DateField()
    total = PlaceFiguresSerializer()
    places = PlaceFiguresSerializer(many=True)
    equity = EquitySerializer()


class DashboardQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="Default: the 1st of this month.")
    end = serializers.DateField(required=False, help_text="Default: today.")

    def validate(self, data):
        period = {**PeriodForm.default_period(), **data}
        form = PeriodForm(data={key: value.isoformat() for key, value in period.items()})
        if not form.is_valid():
            raise serializers.ValidationError(
                " ".join(str(e) for errors in form.errors.values() for e in errors),
                code="invalid_period",
            )
        return form.cleaned_data
