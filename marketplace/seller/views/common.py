"""What every seller page shares: the access check, the page renderer, the shop's own objects.

Every page checks the object belongs to the user's shop and their role allows the action;
anything else is a 404, the same answer as for an object that does not exist. Anonymous
visitors are sent to log in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from artisans import selectors as artisans_selectors
from marketplace.catalogue.models import Product
from marketplace.core.web import refuse  # noqa: F401  (the seller views' one way to refuse)


def seller_required(permission: str):
    """Log in first; then the user's shop and role must allow `permission` (else 404)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            request.seller = artisans_selectors.seller_access_or_404(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def seller_page(request, template: str, context: dict, form=None):
    """Render a seller template (400 when a bound form has errors) with the seller's access."""
    status = 400 if form is not None and form.is_bound and form.errors else 200
    context.setdefault("seller", getattr(request, "seller", None))
    return render(request, f"artisans/{template}", context, status=status)


def own_product(request, pk) -> Product:
    """Return one of the seller's shop's products, or 404."""
    return get_object_or_404(Product, pk=pk, shop=request.seller.shop)
