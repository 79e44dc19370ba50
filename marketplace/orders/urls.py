from django.urls import path

from marketplace.core import converters  # noqa: F401  (registers <id:>)

from . import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_view, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<id:line_id>/update/", views.cart_line_update, name="cart_line_update"),
    path("cart/lines/<id:line_id>/remove/", views.cart_line_remove, name="cart_line_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<str:number>/", views.order_detail, name="order_detail"),
    path("orders/<str:number>/account/", views.guest_account, name="guest_account"),
    path(
        "orders/<str:number>/parts/<id:shop_order_id>/cancel/",
        views.shop_order_cancel,
        name="shop_order_cancel",
    ),
]
