"""Joining Souk: the application, its documents, and submitting it for verification."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from marketplace.core.emails import email_queue
from marketplace.core.images import ImageRejected, generated_name, image_clean

from ..errors import SellerError, SellerErrorCode
from ..models import Artisan, Cooperative, Membership, Shop, ShopDocument
from ..selectors import application_missing, seller_access

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
DOCUMENTS_MAX = 6
EDITABLE_STATUSES = (Shop.Status.DRAFT, Shop.Status.REJECTED)


def unique_slug(model, text: str, *, max_length: int = 120) -> str:
    """Return a slug for `text` not yet used by `model` (adds -2, -3 … when taken)."""
    base = (slugify(text, allow_unicode=False) or "shop")[:max_length]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _photo(upload) -> ContentFile | None:
    if not upload:
        return None
    clean = image_clean(upload)
    return ContentFile(clean.data, name=generated_name(clean.extension))


def seller_application_start(
    *,
    user,
    kind: str,
    name: str,
    craft: str,
    region: str,
    city: str = "",
    registry_number: str = "",
    registration_number: str = "",
    founded_year: int | None = None,
    women_led: bool = False,
) -> Shop:
    """Open a draft shop for an artisan or a cooperative the user manages."""
    with transaction.atomic():
        if seller_access(user) is not None:
            raise SellerError(SellerErrorCode.ALREADY_SELLER)
        artisan = Artisan.objects.select_for_update().filter(user=user).first()
        if kind == "cooperative":
            if artisan is None:
                artisan = Artisan.objects.create(
                    user=user,
                    name=user.display_name or user.email.split("@")[0],
                    slug=unique_slug(Artisan, user.display_name or user.email.split("@")[0]),
                    craft=craft,
                    region=region,
                    city=city,
                )
            coop = Cooperative.objects.create(
                name=name,
                slug=unique_slug(Cooperative, name),
                registration_number=registration_number,
                region=region,
                city=city,
                founded_year=founded_year or 2000,
                women_led=women_led,
            )
            Membership.objects.create(
                cooperative=coop, artisan=artisan, role=Membership.Role.MANAGER
            )
            owner = {"cooperative": coop}
        else:
            if artisan is None:
                artisan = Artisan.objects.create(
                    user=user,
                    name=name,
                    slug=unique_slug(Artisan, name),
                    craft=craft,
                    region=region,
                    city=city,
                    registry_number=registry_number,
                )
            else:
                artisan.name, artisan.craft, artisan.region = name, craft, region
                artisan.city, artisan.registry_number = city, registry_number
                artisan.save()
            owner = {"artisan": artisan}
        return Shop.objects.create(
            name=name,
            slug=unique_slug(Shop, name),
            region=region,
            city=city,
            status=Shop.Status.DRAFT,
            **owner,
        )


def _lock_editable(shop_id: int) -> Shop:
    shop = Shop.objects.select_for_update().get(pk=shop_id)
    if shop.status not in EDITABLE_STATUSES:
        raise SellerError(SellerErrorCode.WRONG_STATUS, current=shop.get_status_display())
    return shop


def seller_identity_update(*, shop_id: int, actor, **fields) -> Shop:
    """Correct the identity part of an application still in draft or refused."""
    allowed_artisan = {"name", "craft", "region", "city", "registry_number"}
    allowed_coop = {"name", "registration_number", "region", "city", "founded_year", "women_led"}
    with transaction.atomic():
        shop = _lock_editable(shop_id)
        owner = shop.owner
        allowed = allowed_coop if shop.is_cooperative else allowed_artisan
        for key, value in fields.items():
            if key in allowed:
                setattr(owner, key, value)
        owner.save()
        if "region" in fields:
            shop.region = fields["region"]
        if "city" in fields:
            shop.city = fields["city"]
        shop.save(update_fields=["region", "city", "updated_at"])
        return shop


def shop_profile_update(
    *,
    shop_id: int,
    actor,
    tagline: str,
    story: str,
    city: str = "",
    photo=None,
) -> Shop:
    """Update the shop's public story (and the maker's or cooperative's photo)."""
    cleaned = _photo(photo)  # checked before anything is written
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        shop.tagline, shop.story = tagline.strip(), story.strip()
        if city:
            shop.city = city
        shop.save(update_fields=["tagline", "story", "city", "updated_at"])
        owner = shop.owner
        if not owner.story:
            owner.story = shop.story
            owner.save(update_fields=["story", "updated_at"])
        if cleaned is not None:
            owner.photo.save(cleaned.name, cleaned, save=True)
        return shop


def document_clean(upload) -> tuple[str, ContentFile]:
    """Check a document by content; return its MIME type and the file to store."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = upload.read()
        # A PDF ends with an %%EOF marker; a cut or disguised file does not.
        if b"%%EOF" not in data[-2048:]:
            raise SellerError(SellerErrorCode.DOCUMENT_REFUSED)
        return "application/pdf", ContentFile(data, name=generated_name("pdf"))
    try:
        clean = image_clean(upload)
    except ImageRejected:
        raise SellerError(SellerErrorCode.DOCUMENT_REFUSED) from None
    if clean.format not in ("JPEG", "PNG"):
        raise SellerError(SellerErrorCode.DOCUMENT_REFUSED)
    mime = "image/jpeg" if clean.format == "JPEG" else "image/png"
    return mime, ContentFile(clean.data, name=generated_name(clean.extension))


def shop_document_add(*, shop_id: int, actor, kind: str, upload) -> ShopDocument:
    """Attach a supporting document (PDF, JPEG or PNG, 5 MB at most) to an application."""
    if getattr(upload, "size", 0) > DOCUMENT_MAX_BYTES:
        raise SellerError(SellerErrorCode.DOCUMENT_TOO_LARGE)
    mime, content = document_clean(upload)
    with transaction.atomic():
        shop = _lock_editable(shop_id)
        if shop.documents.count() >= DOCUMENTS_MAX:
            raise SellerError(SellerErrorCode.TOO_MANY_DOCUMENTS)
        doc = ShopDocument(
            shop=shop, kind=kind, content_type=mime, size=len(content), uploaded_by=actor
        )
        doc.file.save(content.name, content, save=False)
        doc.save()
        return doc


def shop_document_delete(*, shop_id: int, actor, document_id: int) -> None:
    """Remove a document from an application still in draft or refused."""
    with transaction.atomic():
        shop = _lock_editable(shop_id)
        doc = ShopDocument.objects.filter(shop=shop, pk=document_id).first()
        if doc is None:
            raise SellerError(SellerErrorCode.NOT_FOUND)
        doc.file.delete(save=False)
        doc.delete()


def shop_submit_for_verification(*, shop_id: int, actor) -> Shop:
    """Send a complete draft (or corrected refused) application to the moderators."""
    with transaction.atomic():
        shop = _lock_editable(shop_id)
        missing = application_missing(shop)
        if missing:
            raise SellerError(SellerErrorCode.APPLICATION_INCOMPLETE, missing=", ".join(missing))
        shop.status = Shop.Status.PENDING
        shop.save(update_fields=["status", "updated_at"])
        if actor is not None and getattr(actor, "email", ""):
            email_queue(
                key=f"shop-submitted:{shop.pk}:{shop.updated_at.timestamp():.0f}",
                kind="shop_submitted",
                to=actor.email,
                template="artisans_application_received",
                context={"shop_name": shop.name},
                language=getattr(actor, "language", "fr") or "fr",
            )
        return shop
