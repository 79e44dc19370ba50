"""Seller pages, mounted at /<lang>/sell/ (namespace "artisans", as before the move)."""

from django.urls import path

from . import views

app_name = "artisans"

urlpatterns = [
    path("", views.sell_home, name="home"),
    path("apply/<str:kind>/", views.apply, name="apply"),
    path("application/", views.application, name="application"),
    path("application/identity/", views.identity, name="identity"),
    path("application/documents/", views.documents, name="documents"),
    path("application/documents/<id:pk>/", views.document_file, name="document_file"),
    path("application/documents/<id:pk>/delete/", views.document_delete, name="document_delete"),
    path("application/submit/", views.application_submit, name="application_submit"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.shop_settings, name="settings"),
    path("settings/shipping/", views.shipping, name="shipping"),
    path("settings/shipping/profile/", views.shipping_profile, name="shipping_profile"),
    path("settings/payout/", views.payout, name="payout"),
    path("settings/cash/", views.cash_on_delivery, name="cash_on_delivery"),
    path("members/", views.members, name="members"),
    path("members/<id:pk>/role/", views.member_role, name="member_role"),
    path("members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/invites/<id:pk>/cancel/", views.invite_cancel, name="invite_cancel"),
    path("invite/<str:token>/", views.invite_accept, name="invite_accept"),
    path("products/", views.products, name="products"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/<id:pk>/", views.product, name="product"),
    path("products/<id:pk>/text/", views.product_text, name="product_text"),
    path("products/<id:pk>/details/", views.product_details, name="product_details"),
    path("products/<id:pk>/customs/", views.product_customs, name="product_customs"),
    path("products/<id:pk>/variants/", views.variants, name="variants"),
    path("products/<id:pk>/variants/<id:vid>/", views.variant_edit, name="variant_edit"),
    path(
        "products/<id:pk>/variants/<id:vid>/delete/",
        views.variant_delete,
        name="variant_delete",
    ),
    path("products/<id:pk>/photos/", views.photos, name="photos"),
    path("products/<id:pk>/photos/order/", views.photos_order, name="photos_order"),
    path("products/<id:pk>/photos/<id:iid>/", views.photo_edit, name="photo_edit"),
    path("products/<id:pk>/photos/<id:iid>/move/", views.photo_move, name="photo_move"),
    path("products/<id:pk>/photos/<id:iid>/delete/", views.photo_delete, name="photo_delete"),
    path("products/<id:pk>/submit/", views.product_submit, name="product_submit"),
    path("products/<id:pk>/duplicate/", views.product_duplicate, name="product_duplicate"),
    path("products/<id:pk>/archive/", views.product_archive, name="product_archive"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:number>/", views.order, name="order"),
    path("orders/<str:number>/accept/", views.order_accept, name="order_accept"),
    path("orders/<str:number>/ship/", views.order_ship, name="order_ship"),
    path("orders/<str:number>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<str:number>/slip/", views.packing_slip, name="packing_slip"),
    path("orders/<str:number>/documents/", views.order_documents, name="order_documents"),
    path("orders/<str:number>/cards.pdf", views.certificate_cards, name="certificate_cards"),
]
