"""The venue a session or a meeting holds, as other apps' APIs show it (events, consultations)."""

from rest_framework import serializers

from bookings.models import Booking


class HeldVenueSerializer(serializers.ModelSerializer):
    """A venue booking seen from what it was made for. Read with
    `select_related("<booking>__venue__node")` so a list adds no query per row."""

    booking_id = serializers.IntegerField(source="pk", read_only=True)
    venue_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="venue.name", read_only=True)
    place = serializers.CharField(
        source="venue.node.full_name", read_only=True, help_text="The venue's place on the tree"
    )
    address = serializers.CharField(source="venue.address", read_only=True)
    # A plain string (pending, approved, refused or cancelled): an enum named "status" would
    # collide with other apps' enums of the same name.
    status = serializers.CharField(
        read_only=True, help_text="pending, approved, refused or cancelled"
    )

    class Meta:
        model = Booking
        fields = [
            "booking_id",
            "venue_id",
            "name",
            "place",
            "address",
            "status",
            "starts_at",
            "ends_at",
        ]
        read_only_fields = fields
