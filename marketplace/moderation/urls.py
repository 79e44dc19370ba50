from django.urls import path

from marketplace.core import converters  # noqa: F401  (registers <id:>)

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("shops/", views.shop_queue, name="shop_queue"),
    path("shops/<id:pk>/", views.shop_detail, name="shop_detail"),
    path("shops/<id:pk>/documents/<id:doc>/", views.shop_document, name="shop_document"),
    path("shops/<id:pk>/<slug:action>/", views.shop_action, name="shop_action"),
    path("products/", views.product_queue, name="product_queue"),
    path("products/bulk/", views.product_bulk, name="product_bulk"),
    path("products/<id:pk>/", views.product_detail, name="product_detail"),
    path("products/<id:pk>/<slug:action>/", views.product_action, name="product_action"),
    path("reports/", views.report_queue, name="report_queue"),
    path("reports/<slug:kind>/<id:pk>/", views.report_detail, name="report_detail"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<id:pk>/<slug:action>/", views.review_action, name="review_action"),
    path("labels/", views.label_queue, name="label_queue"),
    path("labels/<id:pk>/document/", views.label_claim_document, name="label_document"),
    path("labels/<id:pk>/<slug:action>/", views.label_action, name="label_action"),
    path("maker-payments/<id:pk>/resolve/", views.dispute_resolve, name="dispute_resolve"),
    path("audit/", views.audit_log, name="audit_log"),
    path("analytics/", views.analytics_page, name="analytics"),
    path("analytics/<slug:table>.csv", views.analytics_csv, name="analytics_csv"),
    path("report/<slug:kind>/<id:pk>/", views.report_create, name="report"),
]
