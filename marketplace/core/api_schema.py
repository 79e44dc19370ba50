"""The OpenAPI schema class: drf-spectacular's, plus the error answers every operation can give.

Kept apart from api.py, which DRF imports (pagination) while defining its generic views.
"""

from decimal import Decimal

from django.core import validators
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .api import ERROR_DESCRIPTIONS, ErrorSerializer

# Text never holds NUL (PostgreSQL cannot store it; fields refuse it with a 400).
NO_NUL = r"^[^\u0000]*$"
# A required text field is trimmed, then must not be empty: some character beyond spaces.
NOT_BLANK = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


def decimal_pattern(field: serializers.DecimalField) -> str | None:
    """A pattern for a decimal string that the field takes, within its digits and bounds.

    drf-spectacular's pattern says only the digits; as a string, a decimal loses `minimum` and
    `maximum`. Bounds spelt here: none, from 0, above 0 (the smallest step) or from 1, up to a
    round maximum. Other bounds: None (the default pattern stays).
    """
    places = field.decimal_places or 0
    whole = (field.max_digits - places) if field.max_digits else 15
    low, high = field.min_value, field.max_value
    exact_top = ""
    if high is not None:
        if high != int(high) or high < 1:
            return None
        top = int(high)
        # Whole parts of fewer digits are all below the maximum; the maximum itself is added.
        whole = min(whole, len(str(top)) - 1)
        exact_top = f"{top}" + (rf"(\.0{{0,{places}}})?" if places else "")
    fraction = rf"(\.\d{{0,{places}}})?" if places else ""
    some_whole = rf"\d{{1,{whole}}}" if whole else "0"
    only_fraction = rf"|\.\d{{1,{places}}}" if places else ""
    if low is None:
        body = f"-?({some_whole}{fraction}{only_fraction})"
    elif low == 0:
        body = f"{some_whole}{fraction}{only_fraction}"
    elif low == 1:
        body = rf"0*[1-9]\d{{0,{max(whole - 1, 0)}}}{fraction}"
    elif places and low == Decimal(1).scaleb(-places):
        nonzero_fraction = rf"0*\.(?=\d*[1-9])\d{{1,{places}}}"
        body = rf"0*[1-9]\d{{0,{max(whole - 1, 0)}}}{fraction}|{nonzero_fraction}"
    else:
        return None
    if exact_top:
        body = f"{body}|{exact_top}"
    return f"^({body})$"


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the error answers every operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = [400, 401, 403, 404, 429]
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]),
                    str(code),
                )
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.DecimalField)
            and schema.get("type") == "string"
            and (pattern := decimal_pattern(field))
        ):
            schema["pattern"] = pattern
        elif (
            direction == "request"
            and isinstance(field, serializers.SlugRelatedField)
            and schema.get("type") == "string"
            and "pattern" not in schema
        ):
            schema["pattern"] = NOT_BLANK  # a slug naming an object: no NUL, not blank
        elif (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and not {"enum", "format", "pattern"} & set(schema)
            # A field's own pattern (slugs, RegexField) is added after this and says more.
            and not any(isinstance(v, validators.RegexValidator) for v in field.validators)
        ):
            blank_ok = field.allow_blank or not field.trim_whitespace
            schema["pattern"] = NO_NUL if blank_ok else NOT_BLANK
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        # Rules between fields (one of two must be given...), in JSON Schema, for requests.
        rules = getattr(getattr(serializer, "Meta", None), "request_rules", None)
        if rules and direction == "request":
            schema.update(rules)
        # Fields a serializer answers only to some callers (Meta.optional_fields) are optional.
        optional = set(getattr(getattr(serializer, "Meta", None), "optional_fields", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
