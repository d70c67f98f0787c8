"""The API's day and month inputs, held to the years bookings.dates allows."""

from rest_framework import serializers

from bookings.dates import OUTSIDE_YEARS, within_years


def reasonable_day(day):
    if day is not None and not within_years(day):
        raise serializers.ValidationError(OUTSIDE_YEARS)
    return day


class MonthQuerySerializer(serializers.Serializer):
    month = serializers.DateField(
        required=False,
        input_formats=["%Y-%m"],
        validators=[reasonable_day],
        help_text="YYYY-MM; this month when absent",
    )
