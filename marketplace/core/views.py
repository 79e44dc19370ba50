"""Infrastructure views: health check, robots.txt, the currency switch."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .hooks import Hook
from .middleware import CURRENCY_COOKIE
from .middleware import SESSION_KEY as CURRENCY_SESSION_KEY

# The signed-in user's preferred currency is the accounts app's to save (provided there).
currency_preference_save = Hook(
    "core.currency_preference_save",
    "Save a signed-in user's preferred currency: currency_preference_save(*, user, currency).",
)


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        return False


def _check_cache() -> bool:
    try:
        cache.set("healthz:probe", "ok", 10)
        return cache.get("healthz:probe") == "ok"
    except Exception:
        return False


def _check_broker() -> bool:
    from marketplace.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    """Report whether the database, cache and broker answer (503 when one does not)."""
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
    }
    ok = all(checks.values())
    body = {"status": "ok" if ok else "degraded", "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)


@require_GET
def robots_txt(request):
    """Tell crawlers what to index and where the sitemap is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/account/",
        "Disallow: /*/cart/",
        "Disallow: /*/checkout/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_POST
def set_currency(request):
    """Remember the visitor's currency (session, and preference when logged in); go back."""
    currency = request.POST.get("currency", "")
    if currency not in settings.CURRENCIES:
        return HttpResponse("Unknown currency.", status=400, content_type="text/plain")
    request.session[CURRENCY_SESSION_KEY] = currency
    if request.user.is_authenticated and request.user.currency != currency:
        currency_preference_save(user=request.user, currency=currency)
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        nxt = "/"
    response = redirect(nxt)
    response.set_cookie(
        CURRENCY_COOKIE,
        currency,
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


@require_GET
def media(request, path: str):
    """Serve public media in development (SERVE_MEDIA): MEDIA_ROOT read at each request."""
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


@csrf_exempt
@require_POST
def csp_report(request):
    """Log a Content-Security-Policy violation a browser reports (settings.CSP_REPORT_PATH)."""
    import json
    import logging

    try:
        report = json.loads(request.body[:16384] or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        report = {}
    if not isinstance(report, dict):
        report = {}
    logging.getLogger("souk.csp").warning(
        "CSP violation: %s blocked %s on %s",
        str(report.get("violated-directive") or report.get("effective-directive", "?"))[:200],
        str(report.get("blocked-uri", "?"))[:200],
        str(report.get("document-uri", "?"))[:200],
    )
    return HttpResponse(status=204)
