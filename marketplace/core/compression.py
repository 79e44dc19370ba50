"""Gzip for the app's own text answers (pages, JSON, CSV, robots.txt, the sitemap).

Static files never come here: WhiteNoise answers them above this middleware with the .gz and
.br copies collectstatic wrote. Photos and documents are already compressed, so only text
types are touched. A category page's HTML goes from ~41 KB to ~6 KB.

BREACH (compression + a secret in the body + text an attacker can get reflected, such as the
search query) is why this is not simply on everywhere. It is safe here because:
- the CSRF token in a page is masked with a fresh random mask on every answer (Django's
  get_token() and the page cache's csrf_token()), so no two answers carry the same bytes for
  the attacker to guess against;
- Django's gzip adds up to 100 random bytes to each answer's gzip header ("Heal the Breach"),
  so the compressed length no longer tells whether a guessed byte matched;
- the only other personal values on a page (a signed-in buyer's name and e-mail address in the
  header menu) are not secrets an attacker gains from, and those pages are never shared.
Brotli would save ~10 % more on HTML but needs a compiled dependency for little gain; the
static files WhiteNoise serves already come in Brotli when the `brotli` package is installed.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "application/javascript",
    "application/xml",
    "application/xhtml+xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH padding), for text content types only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
