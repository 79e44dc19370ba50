"""The holes of a stored page: parts filled in on each answer (see pages.py).

- named holes (`{% hole %}`, registered with `register_hole`), cached on their own;
- the header's account area, rendered from base.html's own source;
- CSRF tokens: a fresh masked token for the visitor's secret, and the stored page's tokens
  turned back into holes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.template import engines
from django.template.loader import get_template
from django.utils.translation import get_language

from . import fragments
from . import request as state

CSRF_HOLE = "<!--souk:csrf-token-->"
PERSONAL_HOLE = "<!--souk:personal-->"
PERSONAL_START = '<nav class="header-actions"'
PERSONAL_END = "</nav>"
HOLE_OPEN = "<!--souk:hole:{name}:{arg}-->"
HOLE_CLOSE = "<!--souk:/hole-->"

_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="(?!' + re.escape(CSRF_HOLE) + ")")
_HOLE_RE = re.compile(r"<!--souk:hole:([\w.]+):(\w+)-->(.*?)<!--souk:/hole-->", re.DOTALL)
_MARKER_RE = re.compile(r"<!--souk:hole:([\w.]+):(\w+)-->")


# --- Named holes ---------------------------------------------------------------------------------

_HOLES: dict[str, Callable] = {}


def register_hole(name: str, render: Callable) -> None:
    """Register a hole: `render(request, arg, context=None)` returns its HTML.

    It declares its dependencies with depends_on() like any view; `context` is the page's
    template context when it is rendered inside the page (objects already read may be reused).
    """
    _HOLES[name] = render


def render_hole(name: str, http_request, arg, context=None) -> str:
    """Render a hole inside a page, marked so the page cache can keep it apart.

    A hole kept by an earlier answer (stored with its page, or rendered alone) and still fresh
    is used as it is, with this visitor's CSRF token: a page rendered again because something
    else on it changed (a related piece, the page's age, another currency's page) does not
    render its buy box again while the product and its stock stay as they were.
    """
    with state.collecting() as tags:
        html = _kept_hole(name, http_request, arg)
        if html is None:
            html = _HOLES[name](http_request, arg, context)
    current = state.current()
    if current is not None:
        current.__dict__.setdefault("holes", {})[(name, str(arg))] = set(tags)
    return HOLE_OPEN.format(name=name, arg=arg) + html + HOLE_CLOSE


def _hole_key(name: str, arg: str, language: str, currency: str) -> str:
    return f"hole:{name}:{arg}:{language}:{currency}"


def hole_key(name: str, arg, *, language: str, currency: str) -> str:
    """Return the key a page's hole is kept under (a page may prefetch it)."""
    return _hole_key(name, str(arg), language, currency)


def _kept_hole(name: str, http_request, arg) -> str | None:
    """Return the hole as kept (its CSRF tokens this visitor's), or None to render it."""
    if http_request is None or not fragments.enabled(http_request):
        return None
    current = state.current()
    if current is None or current.clock is None:
        return None
    currency = getattr(http_request, "currency", settings.BASE_CURRENCY)
    key = hole_key(name, arg, language=get_language(), currency=currency)
    html = fragments.get_many([key]).get(key)
    if not isinstance(html, str):
        return None
    return html.replace(CSRF_HOLE, csrf_token(http_request)) if CSRF_HOLE in html else html


# --- The personal fragment ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _personal_template():
    """Compile the header's account area straight from base.html, so it never drifts."""
    source = get_template("base.html").template.source
    start = source.find(PERSONAL_START)
    end = source.find(PERSONAL_END, start)
    if start < 0 or end < 0:
        return None
    loads = "".join(re.findall(r"{%\s*load\s[^%]*%}", source))
    prelude = loads + "{% get_current_language as LANG %}{% get_current_language_bidi as RTL %}"
    return engines["django"].from_string(prelude + source[start : end + len(PERSONAL_END)])


def personal_header(http_request) -> str | None:
    """Render the header's account area for this visitor (None if base.html lost it)."""
    template = _personal_template()
    return template.render({}, http_request) if template is not None else None


def _split_personal(body: str) -> tuple[str, str | None]:
    start = body.find(PERSONAL_START)
    if start < 0:
        return body, None
    end = body.find(PERSONAL_END, start)
    if end < 0:
        return body, None
    end += len(PERSONAL_END)
    return body[:start] + PERSONAL_HOLE + body[end:], body[start:end]


# --- CSRF tokens for served pages --------------------------------------------------------------
_CHAR_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_CHARS = len(CSRF_ALLOWED_CHARS)
_UNBIASED = 256 - 256 % _CHARS  # bytes at or above this are skipped, so every char is as likely


def _random_chars(length: int) -> str:
    """Return `length` characters from CSRF_ALLOWED_CHARS, uniformly, from one urandom call.

    Django's get_random_string draws each character with its own system call; a page served
    from the cache needs 32 or 64 of them per request, which was a tenth of its cost.
    """
    out: list[str] = []
    while len(out) < length:
        out.extend(CSRF_ALLOWED_CHARS[b % _CHARS] for b in os.urandom(length + 8) if b < _UNBIASED)
    return "".join(out[:length])


def csrf_token(http_request, *, renew: bool = False) -> str:
    """Return a fresh masked token for this visitor's CSRF secret, as get_token() does.

    `renew`: send the cookie again even when the visitor has it (get_token() does, to renew
    its expiry; a stored page served to a known visitor does not need to).
    """
    secret = http_request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        http_request.META["CSRF_COOKIE"] = secret
        http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    elif renew:
        http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    http_request.META["CSRF_COOKIE_USED"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % _CHARS]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _tokens_to_holes(body: str, secret: str | None) -> str | None:
    """Replace this visitor's CSRF tokens by holes; None when a token would leak."""
    if secret:

        def hole(match):
            token = match.group(0)
            try:
                return CSRF_HOLE if _unmask_cipher_token(token) == secret else token
            except ValueError:  # a character outside the token alphabet: not a token
                return token

        body = _TOKEN_RE.sub(hole, body)
        if secret in body:
            return None
    if _CSRF_INPUT_RE.search(body):
        return None  # a token we could not recognise: never share it
    return body
