from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from accounts.models import ApiToken
from accounts.phones import normalize_phone
from accounts.tokens import api_token_issue, api_token_revoke
from core.api import ServiceError
from core.http import client_ip
from core.schema import ErrorSerializer


def _login_of(request) -> str:
    data = request.data if isinstance(request.data, dict) else {}
    login = str(data.get("login") or "").strip()[:100]
    return login.lower() if "@" in login else normalize_phone(login)


class LoginRateThrottle(SimpleRateThrottle):
    """Attempts per account (the login named in the body), whatever address they come from;
    the per-address limit ("auth", generous) is ScopedRateThrottle's."""

    scope = "auth_login"

    def get_cache_key(self, request, view):
        login = _login_of(request)
        return self.cache_format % {"scope": self.scope, "ident": login} if login else None


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="The signed-in user (personal data masked)")
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenView(APIView):
    """Exchange a mobile number or email and password for an API token (apps, mini-programs).

    The token lasts API_TOKEN_LIFETIME_DAYS, ends with a password change and does not work
    while the account is locked (accounts.tokens).
    """

    permission_classes = [AllowAny]
    throttle_scope = "auth"
    throttle_classes = [ScopedRateThrottle, LoginRateThrottle]

    def throttled(self, request, wait):
        services.login_throttled_record(
            identifier=_login_of(request), ip_address=client_ip(request), limit="api_token"
        )
        super().throttled(request, wait)

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Wrong login or password"),
        },
        summary="Obtain a token",
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
            # Locked account: 403; too many failures from this address (allauth): 429.
            throttled = error.code == "too_many_login_attempts"
            raise ServiceError(
                " ".join(error.messages),
                code="throttled" if throttled else error.code or "refused",
                status_code=429 if throttled else 403,
            ) from None
        if user is None:
            raise ServiceError(
                _("The login or password is not correct."),
                code="invalid_credentials",
                status_code=401,
            )
        services.login_success_record(user=user, ip_address=adapter.get_client_ip(request))
        return Response({"token": api_token_issue(user=user)})

    @extend_schema(request=None, responses={204: None}, summary="Revoke the current token")
    def delete(self, request):
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if isinstance(request.auth, ApiToken):
            api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
