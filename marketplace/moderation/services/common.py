"""Helpers shared by the moderation services: search index, reasons, telling the seller."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from marketplace.catalogue.services.search import product_search_index_update
from marketplace.core.emails import email_queue

from ..errors import ModerationError
from ..errors import ModerationErrorCode as E
from ..reasons import reason_text
from ..selectors import shop_contacts


def reindex(product_ids) -> None:
    """Refresh the search index of these products after a moderation change."""
    for pk in product_ids:
        product_search_index_update(product_id=pk)


def seller_language(shop) -> str:
    """The language the shop's people read their e-mail in."""
    contacts = shop_contacts(shop=shop)
    return contacts[0].language if contacts and contacts[0].language else settings.LANGUAGE_CODE


def compose_reason(*, shop, choices, code: str, text: str, required: bool = True) -> str:
    """Return the reason as the seller will read it (the chosen label in their language)."""
    with translation.override(seller_language(shop)):
        reason = reason_text(choices, code, text) if choices else (text or "").strip()
    if required and not reason:
        raise ModerationError(E.REASON_REQUIRED, fields={"reason": ["required"]})
    return reason


def notify_shop(*, shop, decision: str, key: str, context: dict) -> None:
    """E-mail a moderation decision to everyone who runs the shop, each in their language."""
    for user in shop_contacts(shop=shop):
        email_queue(
            key=f"{key}:{user.pk}",
            kind=f"moderation.{decision}",
            to=user.email,
            template="moderation_decision",
            context={"decision": decision, "shop": shop, "user": user, **context},
            language=user.language or settings.LANGUAGE_CODE,
        )
