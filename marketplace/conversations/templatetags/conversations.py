"""Template helpers: message text with hidden items, events, and the header's unread count."""

from django import template

from .. import display
from ..selectors import unread_count

register = template.Library()


@register.filter
def shown_html(text):
    """Render a message's shown text: escaped, hidden items marked, line breaks kept."""
    return display.html(text)


@register.filter
def event_text(code):
    """Render an event code as its sentence."""
    return display.event_text(code)


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> int:
    """Return the signed-in visitor's unread messages (0, and no query, for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_inbox_unread", None)
    if cached is None:
        cached = request._inbox_unread = unread_count(user=user)
    return cached


@register.simple_tag
def shop_board(shop):
    """Return the shop's made-to-order board: open quotes, pieces being made, overdue ones."""
    from ..selectors import shop_commission_board

    return shop_commission_board(shop=shop)


@register.simple_tag
def shop_unread(user) -> int:
    """Return the messages waiting for the shops this user answers for."""
    from django.db.models import Sum

    from ..models import Conversation
    from ..selectors import handled_shop_ids

    total = Conversation.objects.filter(shop_id__in=handled_shop_ids(user)).aggregate(
        n=Sum("shop_unread")
    )["n"]
    return total or 0
