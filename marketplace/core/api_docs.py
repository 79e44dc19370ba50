"""The API's reference pages (Swagger UI, Redoc) under the strict Content-Security-Policy.

Swagger UI's split view loads its start-up code as a script file instead of an inline one,
and Redoc is started by its <redoc> element: no inline script on either page. Both libraries
write <style> elements at run time, so these two pages alone allow inline styles (never
scripts), and Redoc's search worker is created from a blob.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

_docs_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})


@method_decorator(_docs_policy, name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file."""


@method_decorator(_docs_policy, name="dispatch")
class RedocView(SpectacularRedocView):
    """Redoc, started by its <redoc> element."""
