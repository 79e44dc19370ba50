"""The public REST API v1 (mounted at /api/v1/): URL map, schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from artisans import api as artisans_api
from marketplace.accounts import api as accounts_api
from marketplace.catalogue import api as catalogue_api
from marketplace.orders import api as orders_api

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
    # Cart, checkout, orders
    path("cart/", orders_api.CartView.as_view(), name="cart"),
    path("cart/lines/", orders_api.CartLines.as_view(), name="cart_lines"),
    path("cart/lines/<int:line_id>/", orders_api.CartLineDetail.as_view(), name="cart_line"),
    path("checkout/", orders_api.CheckoutView.as_view(), name="checkout"),
    path("orders/", orders_api.OrderList.as_view(), name="orders"),
    path("orders/<str:number>/", orders_api.OrderDetail.as_view(), name="order_detail"),
    path("orders/<str:number>/cancel/", orders_api.OrderCancel.as_view(), name="order_cancel"),
    path("orders/<str:number>/payment/", orders_api.OrderPayment.as_view(), name="order_payment"),
    path(
        "orders/<str:number>/payment/setup/",
        orders_api.OrderPaymentSetup.as_view(),
        name="order_payment_setup",
    ),
]
