"""Serializers of the provider's side of the API: its catalogue, its slots, the counter's day
and its staff. Input serializers only type the values; the rules (ranges, places, times) are
the services' (bookings/services/catalogue.py), which answer a refusal with its code."""

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.masking import mask_phone, name_in_full
from bookings.models import Appointment, ProviderStaff, ServiceOffer, Slot

KINDS_HELP = "meal, bath, cleaning, medical, haircut, repair, free_clinic, legal or other"


class ProviderOfferSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=KINDS_HELP)
    places = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Places it is limited to; none: all the provider's"
    )
    slots_ahead = serializers.IntegerField(read_only=True, help_text="Open slots to come")
    booked_ahead = serializers.SerializerMethodField(help_text="Places booked in them")

    class Meta:
        model = ServiceOffer
        fields = [
            "id",
            "kind",
            "name",
            "description",
            "duration_minutes",
            "capacity",
            "price_minutes",
            "places",
            "is_active",
            "slots_ahead",
            "booked_ahead",
        ]
        read_only_fields = fields

    def get_booked_ahead(self, offer) -> int:
        return offer.booked_ahead or 0


class ProviderOfferInputSerializer(serializers.Serializer):
    """Create: kind and name required; update (PATCH): any of them."""

    kind = serializers.CharField(max_length=16, help_text=KINDS_HELP)
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    duration_minutes = serializers.IntegerField(required=False, help_text="5 to 720")
    capacity = serializers.IntegerField(required=False, help_text="People per slot, 1 to 1000")
    price_minutes = serializers.IntegerField(
        required=False, help_text="Time-bank minutes taken; 0: not payable in hours"
    )
    places = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        max_length=100,
        help_text="Ids of places within the provider's (communities, grids); [] for all",
    )
    is_active = serializers.BooleanField(required=False, help_text="Update only")


class ProviderSlotSerializer(serializers.ModelSerializer):
    left = serializers.IntegerField(read_only=True, help_text="Places still to be booked")

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "ends_at", "capacity", "booked", "left", "cancelled_at"]
        read_only_fields = fields


class ProviderSlotInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(
        required=False, help_text="As long as the service takes when absent"
    )
    capacity = serializers.IntegerField(
        required=False, help_text="The service's people per slot when absent"
    )


class ProviderWeeklySlotsInputSerializer(serializers.Serializer):
    first_day = serializers.DateField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(), max_length=7, help_text="0 Monday … 6 Sunday"
    )
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    weeks = serializers.IntegerField(help_text="1 to 26")
    capacity = serializers.IntegerField(required=False)
    split = serializers.BooleanField(
        default=False, help_text="Cut each day's time into slots as long as the service"
    )


class ProviderSlotCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Told to those booked"
    )


class ProviderCounterQuerySerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="YYYY-MM-DD; today when absent")

    def validate_day(self, day):
        # The day's end (and the next day) must be a date too: 9999-12-31 has none.
        if not dt.date.min < day < dt.date.max:
            raise serializers.ValidationError(_("This day is out of range."))
        return day


class CounterAppointmentSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    service = serializers.CharField(source="slot.offer.name", read_only=True)
    person = serializers.SerializerMethodField(help_text="Whom the service is for")
    status = serializers.CharField(read_only=True, help_text="booked, cancelled, done or no_show")

    class Meta:
        model = Appointment
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "service",
            "person",
            "status",
            "paid_minutes",
            "rating",
        ]
        read_only_fields = fields

    def get_person(self, appointment) -> str:
        return name_in_full(appointment.person)


class AppointmentMarkInputSerializer(serializers.Serializer):
    status = serializers.CharField(
        max_length=12, help_text="done (served) or no_show (did not come)"
    )


class AppointmentRateInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(help_text="1 to 5 stars")


class ProviderStaffSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField(help_text="Masked")

    class Meta:
        model = ProviderStaff
        fields = ["id", "name", "phone", "is_manager", "created_at"]
        read_only_fields = fields

    def get_name(self, member) -> str:
        return name_in_full(member.user)

    def get_phone(self, member) -> str:
        return mask_phone(member.user.phone or "")


class ProviderStaffInputSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, help_text="The person's mobile number")
    is_manager = serializers.BooleanField(default=False)
