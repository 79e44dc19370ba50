"""Demo conversations, made through the real services: a question with a hidden phone number,
an open quote, and a carpet being made for buyer@souk.test with two progress photos.

The deposit is marked paid with the orders service the payment webhook applies (the demo is
seeded without the payment provider running). Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from artisans.models import Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.conversations.models import Conversation
from marketplace.conversations.selectors import pair_has_paid_order
from marketplace.conversations.services import (
    commission_post_progress,
    commission_sync,
    conversation_start,
    message_send,
    quote_accept,
    quote_create,
)

ADDRESS = {
    "name": "Emily Carter",
    "line1": "12 Main Street",
    "city": "Boston",
    "postal_code": "02110",
    "country": "US",
    "phone": "+1 617 555 0100",
}


def _photo(shop_slug: str, seed: int) -> SimpleUploadedFile:
    from demo.images import draw_product_image

    data = draw_product_image("carpets", shop_slug, seed)
    return SimpleUploadedFile(f"demo-{seed}.jpg", data, content_type="image/jpeg")


def _manager(shop: Shop) -> User | None:
    if shop.artisan_id:
        return User.objects.filter(artisan__pk=shop.artisan_id).first()
    return User.objects.filter(
        artisan__memberships__cooperative_id=shop.cooperative_id,
        artisan__memberships__role="manager",
    ).first()


def seed(now=None) -> int:
    """Create the demo conversations, quote and commission in progress; answer how many new."""
    from django.core.cache import cache

    from marketplace.orders.services import order_mark_paid

    now = now or timezone.now()
    buyer = User.objects.filter(email="buyer@souk.test").first()
    coop = Shop.objects.filter(slug="tifawin-azilal").first()
    pottery = Shop.objects.filter(artisan__user__email="artisan@souk.test").first()
    second = User.objects.filter(email="buyer-02@demo.souk.test").first()
    if buyer is None or coop is None or Conversation.objects.filter(shop=coop).exists():
        return 0
    manager = _manager(coop)
    if manager is None:
        return 0
    made = 0
    carpet = Product.objects.filter(shop=coop, status=Product.Status.PUBLISHED).first()
    conversation, _ = conversation_start(
        buyer=buyer,
        shop_id=coop.pk,
        product_id=carpet.pk if carpet else None,
        text="Hello! Could you weave a carpet like this one, 200 × 300 cm, in indigo and "
        "saffron? It is for our living room in Boston.",
        now=now - timedelta(days=9),
    )
    message_send(
        conversation_id=conversation.pk,
        sender=manager,
        text="مرحبا إميلي! نعم، نستطيع نسجها بالصوف الطبيعي. سنرسل لك عرض السعر الآن.",
    )
    quote = quote_create(
        conversation_id=conversation.pk,
        actor=manager,
        description="Azilal carpet, hand-knotted in natural wool\nIndigo field, saffron lozenges",
        dimensions="200 × 300 cm",
        colours="indigo, saffron, undyed ivory",
        price_mad="6500",
        lead_time_days=35,
        deposit_percent=30,
        valid_days=14,
    )
    commission = quote_accept(quote_id=quote.pk, buyer=buyer, address=ADDRESS, currency="USD")
    order_mark_paid(order_id=commission.deposit_order_id)  # what the payment webhook applies
    commission_sync(commission_id=commission.pk)
    for seed, text in (
        (101, "السدى على المنسج. The warp is on the loom."),
        (102, "نصف الزربية جاهز: الشريط النيلي. Half-way: the indigo band is done."),
    ):
        commission_post_progress(
            commission_id=commission.pk,
            actor=manager,
            text=text,
            photos=[_photo(coop.slug, seed)],
        )
    made += 1
    if second is not None:
        other, _ = conversation_start(
            buyer=second,
            shop_id=coop.pk,
            text="Bonjour, pourriez-vous faire un kilim de 120 × 180 cm en rouge garance ?",
        )
        quote_create(
            conversation_id=other.pk,
            actor=manager,
            description="Kilim tissé à plat, laine teinte à la garance",
            dimensions="120 × 180 cm",
            colours="rouge garance, écru",
            price_mad="2400",
            lead_time_days=20,
            deposit_percent=40,
            valid_days=10,
        )
        made += 1
    # A buyer who never paid this potter: their phone number is hidden.
    stranger = next(
        (
            user
            for user in User.objects.filter(email__endswith="@demo.souk.test").order_by("pk")
            if pottery is not None and not pair_has_paid_order(buyer_id=user.pk, shop_id=pottery.pk)
        ),
        None,
    )
    if pottery is not None and stranger is not None:
        potter = _manager(pottery)
        if potter is not None:
            talk, _ = conversation_start(
                buyer=stranger,
                shop_id=pottery.pk,
                text="Can I call you? My number is +33 6 12 34 56 78",
            )
            message_send(
                conversation_id=talk.pk,
                sender=potter,
                text="Merci ! Écrivez-moi ici, je réponds vite. Les tajines partent sous 3 jours.",
            )
            made += 1
    # Demo seeding runs in one process: the send rate counts must not follow the visitor.
    cache.delete_many([f"conversations:rate:message:{u.pk}" for u in (buyer, manager)])
    return made
