"""API plumbing shared by every app: the error shape, money, pagination, throttles, schema."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import Busy, DomainError
from .money import Money
from .throttles import AnonThrottle, LoginThrottle, ReportThrottle, UserThrottle
from .transactions import is_db_timeout

ONCE_MESSAGE = _("Give this parameter only once.")


def refuse_repeated(query_params, names) -> None:
    """Refuse (400) a query that repeats any of these single-valued parameters."""
    repeated = {name: [str(ONCE_MESSAGE)] for name in names if len(query_params.getlist(name)) > 1}
    if repeated:
        raise exceptions.ValidationError(repeated)


class QuerySerializer(serializers.Serializer):
    """A serializer of query parameters: a single-valued one given twice is refused."""

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):
            single = [
                name
                for name, field in self.fields.items()
                if not isinstance(field, serializers.ListField)
            ]
            refuse_repeated(data, single)
        return super().to_internal_value(data)


class Pagination(PageNumberPagination):
    """Page-number pagination with a client-chosen size up to 100 (larger sizes clamped)."""

    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """Read page_size strictly: given once, a whole number from 1 (else a 400)."""
        refuse_repeated(request.query_params, [self.page_size_query_param, self.page_query_param])
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1 or not raw.strip().isdigit():
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to 100.")]}
            )
        return min(size, self.max_page_size)


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing a NUL (400) before it reaches the database query."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class CountryField(serializers.ChoiceField):
    """A country as ISO 3166-1 alpha-2, one of `codes()` (read each time a serializer is made).

    The schema lists the codes; the API also takes them in lower case.
    """

    def __init__(self, *, codes, **kwargs):
        self._codes = codes
        super().__init__(choices=list(codes()), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().upper()
        return super().to_internal_value(data)


# --- The one error shape ------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer: a stable code, a readable message and per-field messages."""

    code = serializers.CharField(help_text="Stable machine-readable code, e.g. 'out_of_stock'.")
    message = serializers.CharField(help_text="A sentence for the user, in their language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (empty when the error is not about a field).",
    )


ERROR_DESCRIPTIONS = {
    400: "Input the schema does not allow; `fields` says which.",
    401: "Not authenticated (missing or invalid token, or wrong credentials).",
    403: "Authenticated but not allowed.",
    404: "Not found, or not yours (also an object the body names, listed in `fields`).",
    409: "Conflict: wrong state or out of stock.",
    429: "Too many requests; retry later.",
}


def absolute_url(context: dict, url: str | None) -> str | None:
    """Return a media URL absolute for the serializer context's request (as is without one)."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url else url


def error_responses(*codes: int) -> dict:
    """Return extend_schema responses for the given error status codes."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS.get(code, "Error."))
        for code in codes
    }


def _flatten_fields(detail, prefix: str = "") -> dict:
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                fields.update(_flatten_fields(value, prefix=f"{name}."))
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    fields.update(_flatten_fields(item, prefix=f"{name}.{index}."))
            elif isinstance(value, list):
                fields[name] = [str(v) for v in value]
            else:
                fields[name] = [str(value)]
    return fields


# Validation codes that mean "no such object" (DRF's related fields, and fields of ours).
MISSING_OBJECT_CODES = {"does_not_exist", "not_found"}


def _codes(codes) -> list[str]:
    if isinstance(codes, dict):
        return [c for value in codes.values() for c in _codes(value)]
    if isinstance(codes, list):
        return [c for value in codes for c in _codes(value)]
    return [str(codes)]


def _only_missing_objects(exc: exceptions.ValidationError) -> bool:
    codes = _codes(exc.get_codes())
    return bool(codes) and all(code in MISSING_OBJECT_CODES for code in codes)


def exception_handler(exc, context):
    """Turn every error into {"code", "message", "fields"} with the right 4xx status."""
    if isinstance(exc, DomainError):
        response = Response(exc.as_dict(), status=exc.status)
        response.data["fields"] = {
            key: [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            for key, value in (exc.fields or {}).items()
        }
        if getattr(exc, "extra", None):
            response.data.update(exc.extra)
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        if exc.status == status.HTTP_401_UNAUTHORIZED:  # wrong credentials: say which scheme
            response["WWW-Authenticate"] = "Token"
        return response
    if is_db_timeout(exc):  # a lock or statement timeout on a path without its own handling
        exc = Busy()
        response = Response(exc.as_dict(), status=exc.status)
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and _only_missing_objects(exc):
        # Well-formed input naming an object that does not exist (an unknown category slug):
        # the 404 of an object the caller cannot see, with the fields that name it.
        fields = _flatten_fields(exc.detail)
        response.data = {
            "code": "not_found",
            "message": gettext("Not found: see fields."),
            "fields": fields,
        }
        response.status_code = status.HTTP_404_NOT_FOUND
    elif isinstance(exc, exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        if isinstance(exc.detail, list):
            message = " ".join(str(d) for d in exc.detail)
        else:
            message = gettext("Some fields are not valid: see fields.")
        if "non_field_errors" in fields:
            message = " ".join(fields.pop("non_field_errors"))
        response.data = {"code": "invalid", "message": message, "fields": fields}
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": str(code), "message": str(detail), "fields": {}}
        if getattr(exc, "retry_after", None) and "Retry-After" not in response:
            response["Retry-After"] = str(exc.retry_after)
    return response


# --- Money ---------------------------------------------------------------------------------------


class MoneySerializer(serializers.Serializer):
    """A price: the amount as a decimal string (never a float) and its ISO currency."""

    amount = serializers.CharField(help_text="Decimal string with 2 places, e.g. '123.00'.")
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"])


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field):
    """Read-only money: takes a Money (or an (amount, currency) pair) and answers Money.as_dict."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if isinstance(value, tuple):
            value = Money(Decimal(value[0]), value[1])
        return value.as_dict()


def mad(amount) -> Money:
    """Wrap a MAD amount."""
    return Money(Decimal(amount), "MAD")


__all__ = [
    "AnonThrottle",
    "ErrorSerializer",
    "LoginThrottle",
    "MoneyField",
    "MoneySerializer",
    "Pagination",
    "ReportThrottle",
    "UserThrottle",
    "error_responses",
    "exception_handler",
]


def request_currency(request) -> str:
    """Return the currency an API answer shows prices in: ?currency=, the user's, then MAD.

    The API's one resolver (pages use request.currency, set by core.middleware from the
    switcher's cookie and session).
    """
    chosen = (request.query_params.get("currency") or "").upper()
    if chosen in settings.CURRENCIES:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.currency in settings.CURRENCIES:
        return user.currency
    return settings.BASE_CURRENCY
