"""Provenance pages, mounted under the language prefix (namespace "provenance")."""

from django.urls import path

from marketplace.core import converters  # noqa: F401  (registers <id:>)

from . import views

app_name = "provenance"

urlpatterns = [
    path("v/", views.certificate_lookup, name="lookup"),
    path("v/<str:code>/", views.certificate_page, name="certificate"),
    path("v/<str:code>/certificate.json", views.certificate_json, name="certificate_json"),
    path("v/<str:code>/card.pdf", views.certificate_card, name="certificate_card"),
    path("m/<str:token>/", views.member_payment, name="member_payment"),
    path("sell/labels/", views.seller_labels, name="seller_labels"),
    path("sell/labels/<id:pk>/withdraw/", views.seller_claim_withdraw, name="claim_withdraw"),
    path("sell/labels/<id:pk>/document/", views.claim_document, name="claim_document"),
    path("sell/splits/", views.seller_splits, name="seller_splits"),
    path("sell/member-payments/", views.seller_member_payments, name="seller_member_payments"),
]
