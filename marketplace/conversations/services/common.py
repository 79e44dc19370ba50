"""What every conversation write shares: sending limits, masking decisions, photos, audit."""

from __future__ import annotations

import io
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

from marketplace.core.audit import audit_record
from marketplace.core.images import generated_name, image_clean

from ..errors import ConversationError, ConversationErrorCode
from ..masking import mask_contacts
from ..models import Conversation, MessagePhoto, MessagingBan, Side
from ..selectors import pair_has_paid_order

log = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_PHOTOS = 6
THUMB_WIDTH = 640
_PERIODS = {"s": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def _rate(name: str, default: str) -> tuple[int, int]:
    """Read a rate like "30/10min" from settings: (count, seconds)."""
    text = str(getattr(settings, name, default))
    count, _slash, period = text.partition("/")
    number = "".join(ch for ch in period if ch.isdigit()) or "1"
    unit = period.lstrip("0123456789") or "s"
    return int(count), int(number) * _PERIODS.get(unit, 1)


def rate_check(*, kind: str, user) -> None:
    """Count one send by `user`; RATE_LIMITED (429) past the setting's rate, nothing written.

    Kinds: "message" (CONVERSATION_MESSAGE_RATE, 30/10min) and "start" (new conversations,
    CONVERSATION_START_RATE, 10/day). Counted in the shared cache; when it is down the send
    goes through (a cache outage must not stop conversations).
    """
    setting, default = {
        "message": ("CONVERSATION_MESSAGE_RATE", "30/10min"),
        "start": ("CONVERSATION_START_RATE", "10/day"),
    }[kind]
    limit, window = _rate(setting, default)
    key = f"conversations:rate:{kind}:{user.pk}"
    try:
        if cache.add(key, 1, window):
            return
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return
    except Exception:
        log.warning("conversation rate limit unavailable (cache down); letting %s through", key)
        return
    if count > limit:
        raise ConversationError(ConversationErrorCode.RATE_LIMITED)


def check_not_banned(user) -> None:
    """Refuse an account a moderator suspended from messaging."""
    if MessagingBan.objects.filter(user_id=user.pk).exists():
        raise ConversationError(ConversationErrorCode.SUSPENDED)


def check_not_blocked(conversation: Conversation, side: str) -> None:
    """Refuse a side the other side has blocked."""
    if side == Side.BUYER and conversation.blocked_by_shop_at:
        raise ConversationError(ConversationErrorCode.BLOCKED)
    if side == Side.SHOP and conversation.blocked_by_buyer_at:
        raise ConversationError(ConversationErrorCode.BLOCKED)


def own_hosts() -> frozenset[str]:
    """Return the hosts of Souk itself: links to them are never masked."""
    hosts = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h and h != "*"}
    site = urlsplit(settings.SITE_URL).hostname
    if site:
        hosts.add(site.lower())
    return frozenset(hosts)


def shown_text(conversation: Conversation, text: str) -> tuple[str, bool]:
    """Return (what the two sides see, whether anything was masked) for text sent now."""
    if not text or pair_has_paid_order(
        buyer_id=conversation.buyer_id, shop_id=conversation.shop_id
    ):
        return text, False
    masked, kinds = mask_contacts(text, own_hosts=own_hosts())
    return masked, bool(kinds)


def sender_name(user, side: str) -> str:
    """Name a message's author: the buyer's short name, or the member of the shop who wrote."""
    if side == Side.SHOP:
        artisan = getattr(user, "artisan", None)
        if artisan is not None:
            return artisan.name[:120]
    return (user.get_short_name() or "")[:120]


def content_clean(text, photos) -> tuple[str, list]:
    """Return a message's text (trimmed, at most MAX_TEXT) and photos; EMPTY when both lack."""
    text = str(text or "").replace("\x00", "").strip()
    if len(text) > MAX_TEXT:
        raise ConversationError(ConversationErrorCode.TOO_LONG, max=MAX_TEXT)
    photos = [p for p in (photos or []) if p]
    if not text and not photos:
        raise ConversationError(ConversationErrorCode.EMPTY, fields={"text": ["required"]})
    return text, photos


def photos_clean(files) -> list:
    """Check every photo by content and strip its metadata (as for product photos)."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_PHOTOS:
        raise ConversationError(ConversationErrorCode.TOO_MANY_PHOTOS, max=MAX_PHOTOS)
    return [image_clean(f) for f in files]


def _thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        img = img.convert("RGB")
        if img.width > THUMB_WIDTH:
            img = img.resize(
                (THUMB_WIDTH, max(1, round(img.height * THUMB_WIDTH / img.width))),
                Image.Resampling.LANCZOS,
            )
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=82, optimize=True)
    return buf.getvalue()


_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def photos_store(message, cleaned: list) -> list[MessagePhoto]:
    """Store cleaned photos on a message, each with a phone-sized copy, in private storage."""
    stored = []
    for clean in cleaned:
        photo = MessagePhoto(
            message=message,
            width=clean.width,
            height=clean.height,
            content_type=_TYPES[clean.extension],
        )
        photo.image.save(generated_name(clean.extension), ContentFile(clean.data), save=False)
        photo.thumb.save(generated_name("jpg"), ContentFile(_thumbnail(clean.data)), save=False)
        photo.save()
        stored.append(photo)
    return stored


def audit(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> None:
    """Write an audit entry (staff reading a conversation, moderators' decisions)."""
    audit_record(actor=actor, action=action, obj=obj, changes=changes, reason=reason)
