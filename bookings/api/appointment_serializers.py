from rest_framework import serializers

from accounts.masking import name_in_full
from bookings.models import Appointment, ServiceOffer, Slot


class ServiceOfferSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name", read_only=True)
    # A plain string in the schema: an enum named "kind" would collide with other apps' enums.
    kind = serializers.CharField(
        read_only=True,
        help_text="meal, bath, cleaning, medical, haircut, repair, free_clinic, legal or other",
    )
    price_minutes = serializers.IntegerField(
        read_only=True, help_text="Price in time-bank minutes; 0 when not payable in hours"
    )

    class Meta:
        model = ServiceOffer
        fields = [
            "id",
            "provider",
            "kind",
            "name",
            "description",
            "duration_minutes",
            "price_minutes",
        ]
        read_only_fields = fields


class SlotSerializer(serializers.ModelSerializer):
    offer = ServiceOfferSerializer(read_only=True)
    left = serializers.IntegerField(read_only=True, help_text="Places still to be booked")

    class Meta:
        model = Slot
        fields = ["id", "offer", "starts_at", "ends_at", "capacity", "left"]
        read_only_fields = fields


class AppointmentSerializer(serializers.ModelSerializer):
    slot = SlotSerializer(read_only=True)
    person = serializers.SerializerMethodField(help_text="Whom the service is for")
    status = serializers.CharField(read_only=True, help_text="booked, cancelled, done or no_show")

    class Meta:
        model = Appointment
        fields = ["id", "slot", "person", "status", "paid_minutes", "rating", "created_at"]
        read_only_fields = fields

    def get_person(self, appointment) -> str:
        return name_in_full(appointment.person)


class SlotQuerySerializer(serializers.Serializer):
    for_user = serializers.IntegerField(
        required=False, help_text="Book for this person (oneself when absent)"
    )


class BookInputSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    person = serializers.IntegerField(required=False, help_text="Oneself when absent")
    pay_with_hours = serializers.BooleanField(default=False)
