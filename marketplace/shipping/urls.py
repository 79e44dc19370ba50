"""Shipping pages, mounted at /<lang>/shipping/."""

from django.urls import path

from . import views

app_name = "shipping"

urlpatterns = [
    path("documents/<id:pk>/", views.document_download, name="document"),
]
