"""Error codes for conversations, quotes and commissions, with the message a person sees."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ConversationErrorCode(ErrorCode):
    NOT_FOUND = "not_found"
    EMPTY = "message_empty"
    TOO_LONG = "message_too_long"
    TOO_MANY_PHOTOS = "too_many_photos"
    RATE_LIMITED = "too_many_messages"
    BLOCKED = "conversation_blocked"
    SUSPENDED = "messaging_suspended"
    OWN_SHOP = "own_shop"
    SHOP_UNAVAILABLE = "shop_unavailable"
    NOT_ALLOWED = "not_allowed"
    QUOTE_INVALID = "quote_invalid"
    QUOTE_NOT_OPEN = "quote_not_open"
    QUOTE_EXPIRED = "quote_expired"
    NO_SHIPPING = "no_shipping"
    WRONG_STATE = "commission_wrong_state"
    NOTHING_TO_PAY = "nothing_to_pay"


class ConversationError(DomainError):
    """A refusal about a conversation, a quote or a commissioned piece."""

    messages = {
        ConversationErrorCode.NOT_FOUND: _("Conversation not found."),
        ConversationErrorCode.EMPTY: _("Write a message or add a photo."),
        ConversationErrorCode.TOO_LONG: _("A message has at most %(max)s characters."),
        ConversationErrorCode.TOO_MANY_PHOTOS: _("At most %(max)s photos per message."),
        ConversationErrorCode.RATE_LIMITED: _(
            "You have sent many messages in a short time. Please wait a little and try again."
        ),
        ConversationErrorCode.BLOCKED: _("This conversation is closed: messages are blocked."),
        ConversationErrorCode.SUSPENDED: _(
            "Your account can no longer send messages. Contact Souk's team if you think this "
            "is a mistake."
        ),
        ConversationErrorCode.OWN_SHOP: _("You cannot start a conversation with your own shop."),
        ConversationErrorCode.SHOP_UNAVAILABLE: _("This shop cannot receive messages."),
        ConversationErrorCode.NOT_ALLOWED: _(
            "Only the shop's people who handle orders can do this."
        ),
        ConversationErrorCode.QUOTE_INVALID: _("Please check the quote."),
        ConversationErrorCode.QUOTE_NOT_OPEN: _("This quote is no longer open."),
        ConversationErrorCode.QUOTE_EXPIRED: _(
            "This quote has expired. Ask the shop for a new one."
        ),
        ConversationErrorCode.NO_SHIPPING: _("%(shop)s does not ship to this destination."),
        ConversationErrorCode.WRONG_STATE: _("This cannot be done at this stage of the piece."),
        ConversationErrorCode.NOTHING_TO_PAY: _("There is nothing to pay now."),
    }
    statuses = {
        ConversationErrorCode.NOT_FOUND: 404,
        ConversationErrorCode.RATE_LIMITED: 429,
        ConversationErrorCode.BLOCKED: 403,
        ConversationErrorCode.SUSPENDED: 403,
        ConversationErrorCode.NOT_ALLOWED: 403,
        ConversationErrorCode.OWN_SHOP: 403,
        # A well-formed address the shop has no shipping to: the shop's settings refuse it.
        ConversationErrorCode.NO_SHIPPING: 409,
        ConversationErrorCode.SHOP_UNAVAILABLE: 409,
        ConversationErrorCode.QUOTE_NOT_OPEN: 409,
        ConversationErrorCode.QUOTE_EXPIRED: 409,
        ConversationErrorCode.WRONG_STATE: 409,
        ConversationErrorCode.NOTHING_TO_PAY: 409,
    }
