"""Reads for sellers: who acts for which shop and with what role, and the dashboard figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from .models import CooperativeInvite, Membership, Shop

# What each role may do; anything else is answered with a 404 like a stranger's object.
OWNER = "owner"  # an individual artisan's own shop
MANAGER = Membership.Role.MANAGER
MEMBER = Membership.Role.MEMBER
PERMISSIONS = {
    OWNER: {"dashboard", "application", "settings", "payout", "products", "orders"},
    MANAGER: {"dashboard", "application", "settings", "payout", "products", "orders", "members"},
    MEMBER: {"dashboard", "products"},
}


@dataclass(frozen=True, slots=True)
class SellerAccess:
    """The shop a user acts for and the role they hold there."""

    shop: Shop
    role: str
    artisan_id: int | None

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, set())


def seller_access(user) -> SellerAccess | None:
    """Return the user's shop and role (own shop first, then a cooperative), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    artisan = getattr(user, "artisan", None)
    if artisan is None:
        return None
    own = Shop.objects.filter(artisan=artisan).first()
    if own is not None:
        return SellerAccess(shop=own, role=OWNER, artisan_id=artisan.pk)
    membership = (
        Membership.objects.filter(artisan=artisan, cooperative__shop__isnull=False)
        .select_related("cooperative__shop")
        .order_by("role", "pk")  # "manager" sorts before "member"
        .first()
    )
    if membership is None:
        return None
    return SellerAccess(
        shop=membership.cooperative.shop, role=membership.role, artisan_id=artisan.pk
    )


def shop_managed_by(*, shop: Shop, user) -> bool:
    """Tell whether the user runs this shop: its artisan, or a manager of its cooperative.

    The one copy of the rule (the catalogue's previews, reviews' replies, moderation use it).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if shop.artisan_id:
        return shop.artisan is not None and shop.artisan.user_id == user.pk
    return Membership.objects.filter(
        cooperative_id=shop.cooperative_id,
        artisan__user_id=user.pk,
        role=Membership.Role.MANAGER,
    ).exists()


def shop_for_user(user) -> Shop | None:
    """Return the shop a user acts for (own shop, or their cooperative's), or None."""
    access = seller_access(user)
    return access.shop if access is not None else None


def shops_contacts(shops) -> dict[int, list]:
    """Return, per shop id, the people who run each shop and can receive its e-mails.

    An individual's shop: its artisan's account; a cooperative's: its managers' accounts.
    Only active accounts with a confirmed e-mail address count (a reachable contact). Two
    queries whatever the number of shops.
    """
    from marketplace.accounts.models import User

    shops = list(shops)
    found: dict[int, list] = {shop.pk: [] for shop in shops}
    reachable = User.objects.filter(is_active=True, email_verified=True).exclude(email="")
    by_artisan = {shop.artisan_id: shop.pk for shop in shops if shop.artisan_id}
    if by_artisan:
        for user in reachable.filter(artisan__pk__in=by_artisan).select_related("artisan"):
            found[by_artisan[user.artisan.pk]].append(user)
    by_cooperative: dict[int, list[int]] = {}
    for shop in shops:
        if shop.cooperative_id:
            by_cooperative.setdefault(shop.cooperative_id, []).append(shop.pk)
    if by_cooperative:
        managers = (
            Membership.objects.filter(
                cooperative_id__in=by_cooperative,
                role=Membership.Role.MANAGER,
                artisan__user__in=reachable,
            )
            .select_related("artisan__user")
            .order_by("artisan__user_id")
        )
        for membership in managers:
            for shop_id in by_cooperative[membership.cooperative_id]:
                if membership.artisan.user not in found[shop_id]:
                    found[shop_id].append(membership.artisan.user)
    return {shop_id: sorted(users, key=lambda u: u.pk) for shop_id, users in found.items()}


def shop_contacts(shop: Shop) -> list:
    """Return the people who run a shop and can receive its e-mails (see shops_contacts)."""
    return shops_contacts([shop])[shop.pk]


def seller_access_or_404(user, permission: str) -> SellerAccess:
    """Return the user's access when their role allows `permission`; 404 otherwise."""
    access = seller_access(user)
    if access is None or not access.can(permission):
        raise Http404
    return access


def shop_makers(shop: Shop) -> QuerySet:
    """Return the artisans who may be named as a product's maker for this shop."""
    from .models import Artisan

    if shop.cooperative_id:
        return Artisan.objects.filter(memberships__cooperative_id=shop.cooperative_id).order_by(
            "name"
        )
    return Artisan.objects.filter(pk=shop.artisan_id)


def cooperative_members(shop: Shop) -> QuerySet[Membership]:
    """Return a cooperative shop's memberships, managers first."""
    return (
        Membership.objects.filter(cooperative_id=shop.cooperative_id)
        .select_related("artisan", "artisan__user")
        .order_by("role", "artisan__name")
    )


def cooperative_open_invites(shop: Shop) -> QuerySet[CooperativeInvite]:
    """Return invitations not yet accepted or cancelled."""
    return CooperativeInvite.objects.filter(
        cooperative_id=shop.cooperative_id, accepted_at__isnull=True, cancelled_at__isnull=True
    )


def application_missing(shop: Shop) -> list[str]:
    """Return what the application still lacks, in words (empty when complete)."""
    from django.utils.translation import gettext as _

    from .rib import rib_is_valid

    missing = []
    owner = shop.owner
    if shop.is_cooperative:
        if not owner.registration_number:
            missing.append(_("the cooperative's registration number"))
    elif not owner.registry_number:
        missing.append(_("your national artisan register number"))
    if not shop.story.strip():
        missing.append(_("your story"))
    if not shop.documents.exists():
        missing.append(_("at least one supporting document"))
    if not (shop.payout_holder and rib_is_valid(shop.payout_rib)):
        missing.append(_("bank details (RIB)"))
    return missing


def shop_order_handlers(shop: Shop) -> list:
    """Return the active accounts that handle a shop's orders: its artisan, or its managers."""
    from marketplace.accounts.models import User

    if shop.artisan_id:
        return list(User.objects.filter(artisan__pk=shop.artisan_id, is_active=True))
    return list(
        User.objects.filter(
            is_active=True,
            artisan__memberships__cooperative_id=shop.cooperative_id,
            artisan__memberships__role=Membership.Role.MANAGER,
        ).order_by("pk")
    )


def shops_handled_by(user) -> list[int]:
    """Return the ids of the shops whose orders this user handles (own shop, managed co-ops)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    own = Shop.objects.filter(artisan__user=user).values_list("pk", flat=True)
    managed = Shop.objects.filter(
        cooperative__memberships__artisan__user=user,
        cooperative__memberships__role=Membership.Role.MANAGER,
    ).values_list("pk", flat=True)
    return sorted(set(own) | set(managed))
