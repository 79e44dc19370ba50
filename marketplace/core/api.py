"""API plumbing shared by every app: the error shape and pagination."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Pagination(PageNumberPagination):
    """Page-number pagination with a client-chosen size up to 100."""

    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 100


def _flatten_fields(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for key, value in detail.items()
        }
    return {}


def exception_handler(exc, context):
    """Turn every error into {"code", "message", "fields"} with the right 4xx status."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        if isinstance(exc.detail, list):
            message = " ".join(str(d) for d in exc.detail)
        else:
            message = "Invalid input."
        if "non_field_errors" in fields:
            message = " ".join(fields.pop("non_field_errors"))
        response.data = {"code": "invalid", "message": message, "fields": fields}
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": str(code), "message": str(detail), "fields": {}}
    return response
