"""The public REST API v1 (mounted at /api/v1/): URL map, schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from artisans import api as artisans_api
from marketplace.accounts import api as accounts_api
from marketplace.catalogue import api as catalogue_api

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # Accounts
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth_token"),
    path("auth/register/", accounts_api.RegisterView.as_view(), name="auth_register"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    # Catalogue
    path("categories/", catalogue_api.CategoryList.as_view(), name="categories"),
    path("shops/", artisans_api.ShopList.as_view(), name="shops"),
    path("shops/<slug:slug>/", artisans_api.ShopDetail.as_view(), name="shop_detail"),
    path("products/", catalogue_api.ProductList.as_view(), name="products"),
    path("products/<slug:slug>/", catalogue_api.ProductDetail.as_view(), name="product_detail"),
]
