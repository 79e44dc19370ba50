"""What every moderator page shares: the access check, the refusal page, the queue counts."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from marketplace.core.errors import DomainError

from .. import selectors


def moderator_required(view):
    """Let moderators and administrators in; send visitors to log in; others get a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_moderator:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def refused(request, exc: DomainError, back: str):
    """Render the refusal page for a domain error, with the error's status."""
    return render(
        request, "moderation/refused.html", {"error": exc, "back": back}, status=exc.status
    )


def base(request, active: str) -> dict:
    """Return the context every moderator page starts from: queue counts, active tab."""
    return {"counts": selectors.queue_counts(), "active": active}
