from rest_framework import serializers

from core.request_keys import REQUEST_KEY_HELP, REQUEST_KEY_REGEX
from marketplace.models import Coupon, Merchant, Offer


class MerchantBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Merchant
        fields = ["id", "name", "category", "address"]


class OfferSerializer(serializers.ModelSerializer):
    merchant = MerchantBriefSerializer(read_only=True)
    # A plain string in the schema: "kind" enums of other apps would collide with this name.
    kind = serializers.CharField(read_only=True, help_text="amount_off, percent_off or gift")
    terms = serializers.CharField(read_only=True)
    place = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "terms",
            "threshold",
            "amount_off",
            "percent_off",
            "max_discount",
            "gift",
            "face_value",
            "points_price",
            "stock_total",
            "stock_left",
            "per_user_limit",
            "redeem_from",
            "redeem_until",
            "use_from",
            "use_until",
            "refund_on_expiry",
            "place",
            "issued_count",
            "merchant",
        ]


class MerchantOfferSerializer(OfferSerializer):
    class Meta(OfferSerializer.Meta):
        fields = [*OfferSerializer.Meta.fields, "status", "review_note"]


class OfferSearchSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=50)
    category = serializers.ChoiceField(
        required=False, allow_blank=True, choices=Merchant.Category.choices
    )
    community = serializers.IntegerField(required=False, min_value=1)
    max_points = serializers.IntegerField(required=False, min_value=1)
    sort = serializers.ChoiceField(
        required=False, choices=["newest", "popular", "price", "-price"], default="newest"
    )


class CouponQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Coupon.Status.choices, required=False, default=Coupon.Status.UNUSED
    )


class RedeemInputSerializer(serializers.Serializer):
    request_key = serializers.RegexField(REQUEST_KEY_REGEX, help_text=REQUEST_KEY_HELP)


class CouponSerializer(serializers.ModelSerializer):
    offer = serializers.CharField(source="offer.title", read_only=True)
    offer_id = serializers.IntegerField(read_only=True)
    terms = serializers.CharField(source="offer.terms", read_only=True)
    merchant = serializers.CharField(source="merchant.name", read_only=True)
    code = serializers.CharField(source="display_code", read_only=True)

    class Meta:
        model = Coupon
        fields = [
            "id",
            "code",
            "offer",
            "offer_id",
            "terms",
            "merchant",
            "status",
            "source",
            "points_paid",
            "face_value",
            "issued_at",
            "use_from",
            "use_until",
            "used_at",
        ]


class VerifyInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class VerifiedCouponSerializer(serializers.ModelSerializer):
    offer = serializers.CharField(source="offer.title", read_only=True)
    terms = serializers.CharField(source="offer.terms", read_only=True)
    code = serializers.CharField(source="display_code", read_only=True)

    class Meta:
        model = Coupon
        fields = ["id", "code", "offer", "terms", "face_value", "used_at"]
