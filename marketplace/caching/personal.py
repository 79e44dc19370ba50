"""The personal endpoint: what a shared page cannot hold, fetched by the visitor's browser.

`GET /_personal/` answers JSON for this visitor only (`Cache-Control: no-store, private`,
`Vary: Cookie`): a fresh CSRF token (and its cookie), and every registered part. A page served
by a shared cache holds no token; static/core/personal.js fills the page's token fields from
here before a form is sent, then dispatches a `souk:personal` event with the whole answer so
each part's own script can apply it. Without JavaScript, a form sent without a token gets the
confirmation page (caching.views.csrf_failure), which carries a fresh one.

A new personal part (favourite hearts, recently viewed pieces): `register_part("name", fn)`
in the app's ready(); `fn(request)` returns JSON-able data for this visitor only; a script
listens for `souk:personal` and applies `event.detail.name`. Never render such a part into a
cached page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

_PARTS: dict[str, Callable] = {}


def register_part(name: str, provider: Callable) -> None:
    """Add a personal part to /_personal/: `provider(request)` returns JSON-able data."""
    _PARTS[name] = provider


@require_GET
def personal(request):
    """Answer this visitor's personal parts and a fresh CSRF token; never cached."""
    data = {"csrf_token": get_token(request)}
    for name, provider in _PARTS.items():
        data[name] = provider(request)
    response = JsonResponse(data)
    patch_cache_control(response, no_store=True, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response
