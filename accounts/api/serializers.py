from rest_framework import serializers

from accounts.models import User
from accounts.roles import user_roles


class MeSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="masked_phone", read_only=True)
    name = serializers.CharField(source="name_for_display", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "phone",
            "email",
            "real_name",
            "display_name",
            "name",
            "id_number_masked",
            "roles",
        ]
        read_only_fields = fields

    def get_roles(self, user) -> list[str]:
        return sorted(user_roles(user))


class TokenRequestSerializer(serializers.Serializer):
    login = serializers.CharField(help_text="Mobile number or email address")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
