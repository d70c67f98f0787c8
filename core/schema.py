"""The OpenAPI schema tells the truth about errors: every operation documents the error answers
it can give, from one default here rather than per view.

Every error body is `{"detail", "code"}` (plus `errors` for field errors, see core.api):
- 400 on every operation: core.middleware refuses malformed input anywhere, and every input is
  validated;
- 401 or 403 for a missing or wrong credential, even where no log-in is needed (DRF says 401 only
  when the first authenticator sends a challenge; ours is the session, so 403);
- 403 where a permission is checked or the method writes (a session without a CSRF token);
- 404 where the path, the query or the body can name an object, or the answer is paginated;
- 429 where a throttle applies.

Fields that can answer null say so (nullable), found from the model: see
_model_source_can_be_null. Optional query parameters may be sent empty, which means "not given" (DRF's reading of forms).
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="A sentence in the user's language.")
    code = serializers.CharField(help_text="A stable machine-readable code.")
    errors = serializers.DictField(
        required=False, help_text="Field errors, by field name (400 on invalid input only)."
    )

    class Meta:
        ref_name = "Error"


class GongzhiSessionScheme(SessionScheme):
    """Our session log-in (core.authentication) is DRF's, documented the same way."""

    target_class = "core.authentication.SessionAuthentication"


ERROR_DESCRIPTIONS = {
    "400": "Invalid input",
    "401": "Not logged in, or the token is not valid",
    "403": "Not allowed",
    "404": "Not found, or outside your area",
    "429": "Too many requests",
}


def _model_source_can_be_null(field) -> bool:
    """Whether a field of a ModelSerializer reads through a nullable column or relation.

    `merged_into = PrimaryKeyRelatedField(read_only=True)` over a nullable foreign key, or
    `CharField(source="team.name")` when the team is optional: DRF answers null, the schema
    must say so.
    """
    if isinstance(field, serializers.ListSerializer | serializers.ManyRelatedField):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", []):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if model_field.is_relation and not (model_field.many_to_one or model_field.one_to_one):
            return False
        if model_field.null:
            return True
        model = model_field.related_model
    return False


class GongzhiAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and schema.get("format") in {"email", "uri"}:
            # An optional email or web address answers "" when there is none (read-only fields
            # of a ModelSerializer lose allow_blank, so it cannot be asked), which is no valid
            # "email"/"uri": the schema says "that format, or empty".
            return {
                "anyOf": [
                    {key: value for key, value in schema.items() if key != "readOnly"},
                    {"type": "string", "maxLength": 0},
                ]
            }
        return schema

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # A field that falls back to None, or reads a nullable column, can answer null.
        if (
            direction == "response"
            and isinstance(field, serializers.Field)
            and (field.default is None or _model_source_can_be_null(field))
        ):
            meta["nullable"] = True
        return meta

    def _error_codes(self) -> list[str]:
        codes = ["400"]
        authenticators = self.view.get_authenticators()
        # DRF answers a missing or wrong credential with 401 only when the first authenticator
        # sends a challenge (a token does, a session does not); otherwise with 403.
        challenges = bool(authenticators) and bool(authenticators[0].authenticate_header(None))
        if challenges:
            codes.append("401")
        writes = self.method not in permissions.SAFE_METHODS
        open_to_all = all(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )
        if writes or not open_to_all or (authenticators and not challenges):
            codes.append("403")
        # An id in the path, query or body names something that may not exist (or lie outside
        # the caller's area); a page past the last one is not found either.
        if (
            "{" in self.path
            or self._get_parameters()
            or self.method in ("POST", "PUT", "PATCH")
            or (self._is_list_view() and self._get_paginator())
        ):
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # DRF reads an optional query parameter sent empty (`?sort=`, an HTML form's empty
            # select) as not sent: the default applies. Documented so, not left as a surprise.
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
