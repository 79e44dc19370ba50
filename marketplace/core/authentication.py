"""API authentication that also sets the answer's language from the account.

A request that names its language (`Accept-Language`) is answered in it, by LocaleMiddleware.
One that names none would get the site's default (French) even for an account whose language
is English — an English account's empty cart error came back in French. Once DRF knows the
account, these classes switch to the account's language in that case only, so one answer is
always in one language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from drf_spectacular import authentication as spectacular_auth
from rest_framework import authentication

_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _account_language(request, result):
    if result is None or request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return result
    language = getattr(result[0], "language", None)
    if language in _LANGUAGES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    return result


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, answering in the account's language by default."""

    def authenticate(self, request):
        return _account_language(request._request, super().authenticate(request))


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, answering in the account's language by default."""

    def authenticate(self, request):
        return _account_language(request._request, super().authenticate(request))


class TokenScheme(spectacular_auth.TokenScheme):
    """The schema names these classes as drf-spectacular names DRF's own (tokenAuth)."""

    target_class = TokenAuthentication


class SessionScheme(spectacular_auth.SessionScheme):
    """The schema's cookieAuth, for the session class above."""

    target_class = SessionAuthentication
