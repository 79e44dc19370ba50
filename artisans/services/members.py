"""Cooperative members: invitations by e-mail, roles, removal."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.core.emails import email_queue

from ..errors import SellerError, SellerErrorCode
from ..models import Artisan, CooperativeInvite, Membership, Shop
from .application import unique_slug


def cooperative_invite_create(*, shop_id: int, actor, email: str, role: str) -> CooperativeInvite:
    """Invite someone by e-mail to join the shop's cooperative with a role."""
    email = email.strip().lower()
    with transaction.atomic():
        shop = (
            Shop.objects.select_for_update(of=("self",))
            .select_related("cooperative")
            .get(pk=shop_id)
        )
        if Membership.objects.filter(
            cooperative_id=shop.cooperative_id, artisan__user__email__iexact=email
        ).exists():
            raise SellerError(SellerErrorCode.ALREADY_MEMBER)
        invite = CooperativeInvite.objects.filter(
            cooperative_id=shop.cooperative_id,
            email=email,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
        ).first()
        if invite is None:
            invite = CooperativeInvite.objects.create(
                cooperative_id=shop.cooperative_id,
                email=email,
                role=role,
                token=secrets.token_urlsafe(32),
                invited_by=actor,
            )
        elif invite.role != role:
            invite.role = role
            invite.save(update_fields=["role"])
        email_queue(
            key=f"coop-invite:{invite.pk}",
            kind="coop_invite",
            to=email,
            template="artisans_coop_invite",
            context={
                "cooperative": shop.cooperative.name,
                "inviter": str(actor),
                "role": invite.get_role_display(),
                "token": invite.token,
                "site_url": settings.SITE_URL,
            },
            language=_invitee_language(email, actor),
        )
        return invite


def _invitee_language(email: str, actor) -> str:
    """The invitee's own language when they have an account, else the inviter's."""
    from marketplace.accounts.models import User

    invitee = User.objects.filter(email__iexact=email).only("language").first()
    if invitee is not None and invitee.language:
        return invitee.language
    return getattr(actor, "language", "ar") or "ar"


def cooperative_invite_cancel(*, shop_id: int, actor, invite_id: int) -> None:
    """Withdraw an invitation not yet accepted."""
    with transaction.atomic():
        shop = Shop.objects.get(pk=shop_id)
        updated = CooperativeInvite.objects.filter(
            pk=invite_id, cooperative_id=shop.cooperative_id, accepted_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if not updated:
            raise SellerError(SellerErrorCode.NOT_FOUND)


def cooperative_invite_accept(*, token: str, user, name: str, craft: str) -> Membership:
    """Join a cooperative through an invitation sent to the user's own e-mail."""
    with transaction.atomic():
        invite = (
            CooperativeInvite.objects.select_for_update()
            .select_related("cooperative")
            .filter(token=token)
            .first()
        )
        if invite is None or not invite.is_open:
            raise SellerError(SellerErrorCode.INVITE_INVALID, status=404)
        if invite.email.lower() != user.email.lower():
            raise SellerError(SellerErrorCode.INVITE_OTHER_EMAIL, status=403)
        coop = invite.cooperative
        artisan = Artisan.objects.filter(user=user).first()
        if artisan is None:
            artisan = Artisan.objects.create(
                user=user,
                name=name,
                slug=unique_slug(Artisan, name),
                craft=craft,
                region=coop.region,
                city=coop.city,
            )
        membership, _created = Membership.objects.get_or_create(
            cooperative=coop, artisan=artisan, defaults={"role": invite.role}
        )
        invite.accepted_at = timezone.now()
        invite.save(update_fields=["accepted_at"])
        return membership


def _managers_left(cooperative_id: int, *, without: int) -> int:
    return (
        Membership.objects.filter(cooperative_id=cooperative_id, role=Membership.Role.MANAGER)
        .exclude(pk=without)
        .count()
    )


def membership_set_role(*, shop_id: int, actor, membership_id: int, role: str) -> Membership:
    """Make a member a manager or a member (a cooperative keeps at least one manager)."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        membership = (
            Membership.objects.select_for_update()
            .filter(cooperative_id=shop.cooperative_id, pk=membership_id)
            .first()
        )
        if membership is None:
            raise SellerError(SellerErrorCode.NOT_FOUND)
        if role != Membership.Role.MANAGER and not _managers_left(
            shop.cooperative_id, without=membership.pk
        ):
            raise SellerError(SellerErrorCode.LAST_MANAGER)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        return membership


def membership_remove(*, shop_id: int, actor, membership_id: int) -> None:
    """Remove a member from the cooperative (never the last manager)."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        membership = Membership.objects.filter(
            cooperative_id=shop.cooperative_id, pk=membership_id
        ).first()
        if membership is None:
            raise SellerError(SellerErrorCode.NOT_FOUND)
        if membership.role == Membership.Role.MANAGER and not _managers_left(
            shop.cooperative_id, without=membership.pk
        ):
            raise SellerError(SellerErrorCode.LAST_MANAGER)
        membership.delete()
