"""What every page view shares: turning a refused action into a message and a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from .errors import DomainError


def refuse(request, error: DomainError, to: str, *args, **kwargs) -> HttpResponseRedirect:
    """Show the domain error's message and redirect to `to` (a URL name, or a path).

    The one convention for a page whose service refused the action: the visitor lands back
    where they were with the reason in words; nothing was changed (the service is atomic).
    """
    messages.error(request, error.message)
    return redirect(to, *args, **kwargs)
