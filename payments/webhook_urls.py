"""Provider webhooks: outside the language prefix, CSRF-exempt, verified by signature."""

from django.urls import path  # noqa: F401

urlpatterns = []
