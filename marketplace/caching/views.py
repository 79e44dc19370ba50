"""Views of the caching package: the no-script answer to a form sent without a fresh token."""

from __future__ import annotations

from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure as django_csrf_failure

from .personal import personal  # noqa: F401  (the endpoint lives with its registry)

# A page served by a shared cache carries no token; without JavaScript its forms arrive with
# none (and, for a first visit, without the cookie): those are asked to confirm, nothing else.
CONFIRMABLE = {REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING}


def csrf_failure(request, reason=""):
    """Ask a visitor whose form came from a shared page to confirm it, with a fresh token.

    The form's fields are shown back as hidden inputs in a page of our own, with a token for
    this visitor; nothing is done until they press the button, so a forged form changes
    nothing. Any other CSRF failure gets Django's 403.
    """
    if request.method != "POST" or reason not in CONFIRMABLE or request.FILES:
        return django_csrf_failure(request, reason=reason)
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    response = render(
        request,
        "caching/confirm_form.html",
        {"action": request.path, "fields": fields, "back": back},
        status=403,
    )
    response["Cache-Control"] = "no-store, private"
    return response
