"""Catalogue pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def home(request):
    """Show the categories and featured pieces."""
    return render(
        request,
        "catalogue/home.html",
        {
            "categories": selectors.categories_top(),
            "featured": selectors.home_featured(),
        },
    )
