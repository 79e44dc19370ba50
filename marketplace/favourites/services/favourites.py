"""Favourite pieces and followed shops: add, remove, and merge a session's into an account."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from artisans.models import Shop
from marketplace.catalogue.selectors import products_public

from ..errors import FavouriteError, FavouriteErrorCode
from ..models import Favourite, Follow

MAX_FAVOURITES = 1000
MAX_FOLLOWS = 500


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND) from None
    if pk <= 0 or pk > 2**31 - 1:
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
    return pk


def favourable_product_id(product_id) -> int:
    """Return the id of a public piece, or refuse (404) anything else."""
    pk = _pk(product_id)
    if not products_public().filter(pk=pk).exists():
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
    return pk


def followable_shop_id(shop_id) -> int:
    """Return the id of a verified shop, or refuse (404) anything else."""
    pk = _pk(shop_id)
    if not Shop.objects.filter(pk=pk, status=Shop.Status.VERIFIED).exists():
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
    return pk


def favourite_add(*, user, product_id) -> Favourite:
    """Save a public piece to the buyer's favourites (saving it twice keeps one)."""
    pk = favourable_product_id(product_id)
    found = Favourite.objects.filter(user=user, product_id=pk).first()
    if found is not None:
        return found
    if Favourite.objects.filter(user=user).count() >= MAX_FAVOURITES:
        raise FavouriteError(FavouriteErrorCode.TOO_MANY)
    try:
        with transaction.atomic():
            return Favourite.objects.create(user=user, product_id=pk)
    except IntegrityError:  # saved by a parallel request
        return Favourite.objects.get(user=user, product_id=pk)


def favourite_remove(*, user, product_id) -> bool:
    """Take a piece out of the buyer's favourites; answer whether it was there."""
    deleted, _ = Favourite.objects.filter(user=user, product_id=_pk(product_id)).delete()
    return bool(deleted)


def follow_add(*, user, shop_id, digest: bool = True) -> Follow:
    """Follow a verified shop; with `digest`, its new pieces come by e-mail, weekly at most."""
    pk = followable_shop_id(shop_id)
    found = Follow.objects.filter(user=user, shop_id=pk).first()
    if found is not None:
        return found
    if Follow.objects.filter(user=user).count() >= MAX_FOLLOWS:
        raise FavouriteError(FavouriteErrorCode.TOO_MANY)
    try:
        with transaction.atomic():
            return Follow.objects.create(
                user=user, shop_id=pk, digest=digest, told_until=timezone.now()
            )
    except IntegrityError:
        return Follow.objects.get(user=user, shop_id=pk)


def follow_remove(*, user, shop_id) -> bool:
    """Stop following a shop (and its e-mails); answer whether it was followed."""
    deleted, _ = Follow.objects.filter(user=user, shop_id=_pk(shop_id)).delete()
    return bool(deleted)


def follow_set_digest(*, user, shop_id, digest: bool) -> Follow:
    """Turn a followed shop's weekly e-mail of new pieces on or off."""
    follow = Follow.objects.filter(user=user, shop_id=_pk(shop_id)).first()
    if follow is None:
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
    if follow.digest != digest:
        follow.digest = digest
        if digest:  # pieces listed while it was off are not told late
            follow.told_until = max(follow.told_until, timezone.now())
        follow.save(update_fields=["digest", "told_until"])
    return follow


def favourites_merge(*, user, product_ids, shop_ids) -> tuple[int, int]:
    """Make a session's favourites and follows the account's; answer how many were new.

    Pieces withdrawn and shops closed since are left out; the rest is added once.
    """
    products = set(products_public().filter(pk__in=list(product_ids)).values_list("pk", flat=True))
    shops = set(
        Shop.objects.filter(pk__in=list(shop_ids), status=Shop.Status.VERIFIED).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    with transaction.atomic():
        had_products = set(
            Favourite.objects.filter(user=user, product_id__in=products).values_list(
                "product_id", flat=True
            )
        )
        had_shops = set(
            Follow.objects.filter(user=user, shop_id__in=shops).values_list("shop_id", flat=True)
        )
        Favourite.objects.bulk_create(
            [Favourite(user=user, product_id=pk) for pk in products - had_products],
            ignore_conflicts=True,
        )
        Follow.objects.bulk_create(
            [Follow(user=user, shop_id=pk, told_until=now) for pk in shops - had_shops],
            ignore_conflicts=True,
        )
    return len(products - had_products), len(shops - had_shops)
