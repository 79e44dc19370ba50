"""The one module that talks to Stripe (or localstripe): minor units, retries, our errors.

Everything else in the project calls these functions and gets plain dicts back, with amounts
as Decimal in major units and currencies upper-case. The same code runs against real Stripe
test mode (`STRIPE_API_BASE=https://api.stripe.com`) and against the offline localstripe.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

import requests
import stripe
from django.conf import settings

from marketplace.core.money import CURRENCY_DECIMALS

from .errors import PaymentError, PaymentErrorCode

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
WEBHOOK_TOLERANCE_SECONDS = 300
# What the app listens to (also the list to select in Stripe's dashboard).
WEBHOOK_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")


def is_localstripe() -> bool:
    """Tell whether we talk to the offline stand-in rather than api.stripe.com."""
    return "api.stripe.com" not in settings.STRIPE_API_BASE


def to_minor(amount: Decimal, currency: str) -> int:
    """Convert a Decimal in major units to Stripe's integer minor units (cents)."""
    exponent = CURRENCY_DECIMALS[currency.upper()]
    scaled = Decimal(amount).scaleb(exponent)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more precision than {currency} allows")
    return int(scaled)


def from_minor(amount: int, currency: str) -> Decimal:
    """Convert Stripe's integer minor units back to a Decimal in major units."""
    exponent = CURRENCY_DECIMALS[currency.upper()]
    return Decimal(int(amount)).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


_clients: dict[tuple[str, str], stripe.StripeClient] = {}


def _client() -> stripe.StripeClient:
    # One client per key and address, kept: its HTTP connection is reused (keep-alive, a
    # session per thread inside RequestsClient) instead of a new client and TCP connection per
    # call. Looked up on every call, as settings may change between tests.
    key = (settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": settings.STRIPE_API_BASE},
            # localstripe answers instantly or not at all; real Stripe deserves a couple of
            # retries (safe: every mutating call carries an idempotency key).
            max_network_retries=0 if is_localstripe() else 2,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        )
    return client


def _options(idempotency_key: str | None) -> dict:
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


def _about_payment_method(exc) -> bool:
    param = str(getattr(exc, "param", "") or "")
    text = str(getattr(exc, "user_message", "") or exc).lower().replace(" ", "_")
    return param.startswith("payment_method") or "payment_method" in text or "paymentmethod" in text


def _translate(exc: stripe.StripeError) -> PaymentError:
    """Turn a Stripe error into our domain error (a clear 4xx, never a 500)."""
    if isinstance(exc, stripe.CardError):
        code = getattr(exc, "code", None) or "card_declined"
        decline = (getattr(exc, "error", None) and getattr(exc.error, "decline_code", None)) or ""
        return PaymentError(
            PaymentErrorCode.CARD_DECLINED, decline_code=decline or code, provider_code=code
        )
    if isinstance(exc, (stripe.APIConnectionError, stripe.RateLimitError)):
        return PaymentError(PaymentErrorCode.PROVIDER_UNAVAILABLE)
    if isinstance(exc, stripe.InvalidRequestError) and _about_payment_method(exc):
        # The browser sent a payment method Stripe does not know (or cannot use): the
        # buyer's input, so a 400 asking for the card again, not a 502.
        return PaymentError(PaymentErrorCode.PAYMENT_METHOD_INVALID)
    if isinstance(exc, stripe.AuthenticationError):
        log.error("Stripe rejected our API key: %s", exc)
        return PaymentError(PaymentErrorCode.PROVIDER_UNAVAILABLE)
    return PaymentError(PaymentErrorCode.PROVIDER_REFUSED, provider_message=str(exc)[:200])


def _charge_id(value: Any) -> str:
    # Real Stripe answers an id; localstripe answers the whole charge object.
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id", "") if isinstance(value, dict) else getattr(value, "id", "")


def _plain(obj: Any) -> dict:
    # stripe 16 objects are not dicts; webhook payloads already are.
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _intent_dict(pi: Any) -> dict:
    pi = _plain(pi)
    currency = str(pi["currency"]).upper()
    error = pi.get("last_payment_error") or None
    return {
        "id": pi["id"],
        "status": pi["status"],
        "amount": from_minor(pi["amount"], currency),
        "currency": currency,
        "client_secret": pi.get("client_secret") or "",
        "charge_id": _charge_id(pi.get("latest_charge")),
        "metadata": dict(pi.get("metadata") or {}),
        "error_code": (error.get("decline_code") or error.get("code") or "") if error else "",
        "created": pi.get("created"),
    }


def intent_from_event_object(obj: dict) -> dict:
    """Normalise a PaymentIntent found in a webhook event's data.object."""
    return _intent_dict(obj)


def intent_create(
    *, amount: Decimal, currency: str, order_number: str, idempotency_key: str
) -> dict:
    """Create a PaymentIntent for exactly `amount` in `currency`, tagged with the order."""
    params: dict[str, Any] = {
        "amount": to_minor(amount, currency),
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "metadata": {"order_number": order_number},
    }
    if not is_localstripe():
        # localstripe rejects these; real Stripe shows them in the dashboard.
        params["description"] = f"Souk order {order_number}"
    try:
        pi = _client().v1.payment_intents.create(params, _options(idempotency_key))
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    return _intent_dict(pi)


def intent_retrieve(intent_id: str) -> dict:
    """Fetch a PaymentIntent's current state."""
    try:
        return _intent_dict(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise _translate(exc) from exc


def intent_cancel(intent_id: str) -> dict | None:
    """Cancel a PaymentIntent that will not be used any more (best effort); None if refused."""
    try:
        return _intent_dict(_client().v1.payment_intents.cancel(intent_id))
    except stripe.StripeError as exc:
        log.warning("could not cancel %s: %s", intent_id, exc)
        return None


def intent_confirm(*, intent_id: str, payment_method_id: str, idempotency_key: str) -> dict:
    """Attach the card collected by Stripe.js to the intent and confirm it.

    Two calls (update, then confirm without parameters) because localstripe refuses
    `payment_method` on confirm; real Stripe accepts both forms.
    """
    client = _client()
    try:
        client.v1.payment_intents.update(
            intent_id,
            {"payment_method": payment_method_id},
            _options(f"{idempotency_key}-pm"),
        )
        pi = client.v1.payment_intents.confirm(intent_id, {}, _options(idempotency_key))
    except stripe.InvalidRequestError as exc:
        if getattr(exc, "http_status", None) == 404 or _about_payment_method(exc):
            # The intent was just read, so what is missing is the browser's payment method
            # (localstripe answers a bare 404 for it): the buyer's input, a 400.
            raise PaymentError(PaymentErrorCode.PAYMENT_METHOD_INVALID) from exc
        raise _translate(exc) from exc
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    return _intent_dict(pi)


def setup_intent_create() -> dict:
    """Create a SetupIntent whose client secret lets Stripe.js collect a card."""
    try:
        si = _client().v1.setup_intents.create(
            {"usage": "on_session", "payment_method_types": ["card"]}
        )
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    si = _plain(si)
    return {"id": si["id"], "client_secret": si["client_secret"]}


def refund_create(
    *, intent_id: str, amount: Decimal, currency: str, idempotency_key: str, metadata: dict
) -> dict:
    """Refund part or all of a PaymentIntent's charge."""
    params = {
        "payment_intent": intent_id,
        "amount": to_minor(amount, currency),
        "metadata": metadata,
    }
    try:
        refund = _client().v1.refunds.create(params, _options(idempotency_key))
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    refund = _plain(refund)
    return {
        "id": refund["id"],
        "status": refund["status"],
        "amount": from_minor(refund["amount"], currency),
    }


def webhook_event(payload: bytes, signature: str | None) -> dict:
    """Verify a webhook's Stripe-Signature (5 minutes' tolerance) and return the event."""
    if not signature:
        raise PaymentError(PaymentErrorCode.BAD_SIGNATURE)
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"),
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            WEBHOOK_TOLERANCE_SECONDS,
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        raise PaymentError(PaymentErrorCode.BAD_SIGNATURE) from exc
    try:
        event = json.loads(payload)
        assert isinstance(event, dict) and event.get("id") and event.get("type")
    except (ValueError, AssertionError) as exc:
        raise PaymentError(PaymentErrorCode.BAD_SIGNATURE) from exc
    return event


def localstripe_register_webhook(*, url: str, secret: str, name: str = "souk") -> None:
    """Tell localstripe where to post events (it forgets this on restart)."""
    response = requests.post(
        f"{settings.STRIPE_API_BASE}/_config/webhooks/{name}",
        json={"url": url, "secret": secret, "events": list(WEBHOOK_EVENTS)},
        timeout=TIMEOUT_SECONDS,
    )
    response.raise_for_status()


def localstripe_flush() -> None:
    """Empty localstripe's store (between tests)."""
    requests.delete(f"{settings.STRIPE_API_BASE}/_config/data", timeout=TIMEOUT_SECONDS)
