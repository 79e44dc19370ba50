"""The public REST API v1 (mounted at /api/v1/)."""

from django.urls import path  # noqa: F401

urlpatterns = []
