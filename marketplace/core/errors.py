"""Domain errors: each carries a code that maps to an HTTP status and a translated message."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    """Base for each app's error codes; `status` and `message` are looked up per code."""


class DomainError(Exception):
    """A refusal the user can understand: a 4xx answer, never a 500."""

    status = 400
    messages: dict = {}
    statuses: dict = {}
    # Seconds a client should wait before trying again (a Retry-After header), per code.
    retry_afters: dict = {}

    def __init__(self, code: ErrorCode | str, message=None, *, fields=None, status=None, **params):
        self.code = str(code)
        self.params = params
        self.fields = fields or {}
        template = message or self.messages.get(code) or _("This request cannot be completed.")
        self.message = str(template) % params if params else str(template)
        self.status = status or self.statuses.get(code, self.status)
        self.retry_after = self.retry_afters.get(code)
        super().__init__(self.message)

    def as_dict(self) -> dict:
        """Answer the API error shape."""
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    """The object does not exist or is not the caller's."""

    status = 404


class PermissionDenied(DomainError):
    """The caller may not do this."""

    status = 403


class Conflict(DomainError):
    """The object is not in a state that allows this (wrong status, out of stock)."""

    status = 409


class Busy(DomainError):
    """The rows this needs are held by another request for too long: retry in a moment."""

    status = 503

    def __init__(self, code="busy", message=None, **kwargs):
        super().__init__(
            code,
            message
            or _(
                "Many people are buying this right now. Nothing was changed; please try again "
                "in a moment."
            ),
            **kwargs,
        )
        self.retry_after = 2
