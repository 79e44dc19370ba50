"""URL map: language-prefixed pages, plus admin, API, webhooks and infrastructure."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path, re_path

from marketplace.catalogue import views as catalogue_views
from marketplace.catalogue.sitemaps import SITEMAPS
from marketplace.core import converters  # noqa: F401  (registers the <id:> converter)
from marketplace.core import views as core_views
from marketplace.provenance import views as provenance_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(settings.CSP_REPORT_PATH.lstrip("/"), core_views.csp_report, name="csp_report"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("marketplace.caching.urls")),
    path(
        ".well-known/souk-provenance-keys.json",
        provenance_views.public_keys,
        name="provenance_keys",
    ),
    path(
        ".well-known/souk-verify-certificate.py",
        provenance_views.verify_script,
        name="provenance_verify_script",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("marketplace.api_urls")),
    path("payments/", include("payments.webhook_urls")),
    # Product photos not on public media (unpublished products, originals): checked per reader.
    path("photos/<id:image_id>/<str:variant>", catalogue_views.photo, name="photo"),
]

urlpatterns += i18n_patterns(
    path("", catalogue_views.home, name="home"),
    path("account/", include("marketplace.accounts.urls")),
    path("", include("marketplace.core.urls")),
    path("", include("marketplace.catalogue.urls")),
    path("", include("marketplace.orders.urls")),
    path("pay/", include("payments.urls")),
    path("sell/", include("marketplace.seller.urls")),
    path("shipping/", include("marketplace.shipping.urls")),
    path("moderation/", include("marketplace.moderation.urls")),
    path("reviews/", include("marketplace.reviews.urls")),
    path("messages/", include("marketplace.conversations.urls")),
    path("", include("marketplace.provenance.urls")),
    path("favourites/", include("marketplace.favourites.urls")),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    # The demo serves uploads itself; production puts them behind the web server or a bucket.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", core_views.media),
    ]
