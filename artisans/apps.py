from django.apps import AppConfig


def _shop_before(shop):
    return type(shop).objects.filter(pk=shop.pk).values("status").first()


def _shop_tags(shop, old, deleted):
    tags = {f"shop:{shop.pk}"}
    if deleted or old is None or old["status"] != shop.status:
        # Its pieces enter or leave every listing they are in, and the related pieces.
        tags.add("catalogue")
    return tags


class ArtisansConfig(AppConfig):
    name = "artisans"

    def ready(self):
        from marketplace.accounts.hooks import user_shop
        from marketplace.caching import register

        from .models import (
            Artisan,
            Cooperative,
            CooperativeInvite,
            Membership,
            ShippingRate,
            Shop,
            ShopDocument,
        )
        from .selectors import shop_for_user

        # What the catalogue's cached pages show of this app (marketplace/caching).
        register(Shop, _shop_tags, before=_shop_before)
        for maker in (Artisan, Cooperative, Membership):
            register(maker, lambda instance, old, deleted: {"makers"})
        for unseen in (ShippingRate, ShopDocument, CooperativeInvite):  # on no cached page
            register(unseen, lambda instance, old, deleted: set())
        # The account API's "shop" (accounts sits below artisans: it asks through a hook).
        user_shop.register(shop_for_user)
