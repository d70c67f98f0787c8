from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from accounts.phones import normalize_phone
from core.api import ServiceError


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="The signed-in user (personal data masked)")
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenView(APIView):
    """Exchange a mobile number or email and password for an API token (apps, mini-programs)."""

    permission_classes = [AllowAny]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRequestSerializer, responses=TokenSerializer, summary="Obtain a token"
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        login = data.validated_data["login"].strip()
        credentials = {"email": login} if "@" in login else {"phone": normalize_phone(login)}
        adapter = get_adapter(request)
        # The same path as the log-in page: lock check, failure count, audit entry.
        try:
            user = adapter.authenticate(
                request, password=data.validated_data["password"], **credentials
            )
        except ValidationError as error:
            raise ServiceError(
                " ".join(error.messages), code=error.code or "refused", status_code=403
            ) from None
        if user is None:
            raise ServiceError(
                _("The login or password is not correct."),
                code="invalid_credentials",
                status_code=401,
            )
        services.login_success_record(user=user, ip_address=adapter.get_client_ip(request))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None}, summary="Revoke the current token")
    def delete(self, request):
        if not request.user or not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
