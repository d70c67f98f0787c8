"""DRF token log-in on accounts.ApiToken (the key's digest is looked up, the rules checked)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken
from accounts.tokens import api_token_digest, api_token_refusal


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=api_token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        refusal = api_token_refusal(token=token, user=token.user)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        return token.user, token
