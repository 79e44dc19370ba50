"""Pay page (card via Stripe.js, 3-D Secure), its JSON steps, and the Stripe webhook."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.notify.phones import phone_masked
from marketplace.orders.links import order_access
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus

from . import stripe_client
from .errors import CodError, PaymentError, PaymentErrorCode, decline_message
from .models import CodConfirmation, Payment
from .services import (
    cod_code_resend,
    cod_code_verify,
    payment_confirm,
    payment_start,
    payment_sync,
    webhook_receive,
)


def _order_for(request, number: str) -> Order:
    """Return the order if this visitor may pay it: its signed-in buyer; a guest's order only
    to the browser that placed it or the holder of its unexpired signed link (finding 9)."""
    order = Order.objects.filter(number=number).first()
    if order is None:
        raise Http404
    if order.buyer_id:
        if request.user.pk != order.buyer_id:
            raise Http404  # another buyer's order looks like no order at all
    elif not order_access(request, order):
        raise Http404  # the number alone (packing slips, e-mail subjects) proves nothing
    return order


def order_page_url(order: Order) -> str:
    """Return the buyer's order page, or our status page while the orders app has none."""
    try:
        return reverse("orders:order_detail", kwargs={"number": order.number})
    except NoReverseMatch:
        return reverse("payments:done", kwargs={"number": order.number})


def _answer(order: Order, payment: Payment, *, error: str = "", status: int = 200):
    data = {"status": payment.status, "error": error}
    if payment.status == Payment.Status.REQUIRES_ACTION:
        data["client_secret"] = payment.client_secret
    if payment.status in (Payment.Status.PROCESSING, Payment.Status.SUCCEEDED):
        data["next_url"] = reverse("payments:done", kwargs={"number": order.number})
    return JsonResponse(data, status=status)


@require_GET
def pay(request, number):
    order = _order_for(request, number)
    if order.payment_method == "cod":
        return redirect("payments:cod_confirm", number=order.number)
    payment = Payment.objects.filter(order=order).first()
    if order.status != OrderStatus.PENDING_PAYMENT or (
        payment and payment.status == Payment.Status.SUCCEEDED
    ):
        return redirect("payments:done", number=order.number)
    error = ""
    setup = None
    try:
        payment = payment_start(order_id=order.pk)
        if payment.status in (Payment.Status.PROCESSING, Payment.Status.REQUIRES_ACTION):
            payment = payment_sync(order_id=order.pk)
        if payment.status == Payment.Status.PROCESSING:
            return redirect("payments:done", number=order.number)
        setup = stripe_client.setup_intent_create()
    except PaymentError as exc:
        error = exc.message
    if payment and payment.status == Payment.Status.FAILED and not error:
        error = decline_message(payment.last_error)
    context = {
        "order": order,
        "payment": payment,
        "shop_orders": order.shop_orders.select_related("shop").order_by("pk"),
        "setup_secret": setup["client_secret"] if setup else "",
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "error": error,
        "held": order.held_for_review,
    }
    return render(request, "payments/pay.html", context, status=503 if not setup else 200)


@require_POST
def pay_setup(request, number):
    """Give the page a fresh SetupIntent after a failed card, so the buyer can try another."""
    _order_for(request, number)
    try:
        return JsonResponse({"client_secret": stripe_client.setup_intent_create()["client_secret"]})
    except PaymentError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)


@require_POST
def pay_confirm(request, number):
    order = _order_for(request, number)
    payment_method_id = request.POST.get("payment_method", "").strip()
    if not payment_method_id.startswith("pm_") or len(payment_method_id) > 100:
        return JsonResponse({"error": _("Please enter your card details.")}, status=400)
    try:
        payment = payment_confirm(order_id=order.pk, payment_method_id=payment_method_id)
    except PaymentError as exc:
        payment = Payment.objects.get(order=order)
        return _answer(order, payment, error=exc.message, status=exc.status)
    return _answer(order, payment)


@require_POST
def pay_sync(request, number):
    order = _order_for(request, number)
    try:
        payment = payment_sync(order_id=order.pk)
    except (PaymentError, Payment.DoesNotExist) as exc:
        message = getattr(exc, "message", _("This order cannot be paid any more."))
        return JsonResponse({"error": message}, status=getattr(exc, "status", 409))
    error = decline_message(payment.last_error) if payment.status == Payment.Status.FAILED else ""
    return _answer(order, payment, error=error)


@require_GET
def pay_done(request, number):
    """Show whether the payment is received: only once the verified webhook was processed."""
    order = _order_for(request, number)
    payment = Payment.objects.filter(order=order).first()
    received = bool(payment and payment.status == Payment.Status.SUCCEEDED) and (
        order.status != OrderStatus.PENDING_PAYMENT
    )
    context = {
        "order": order,
        "payment": payment,
        "received": received,
        "failed": bool(payment and payment.status == Payment.Status.FAILED),
        "order_url": order_page_url(order),
    }
    return render(request, "payments/done.html", context)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Receive a Stripe event: 400 on a bad signature, 200 once recorded (or a duplicate).

    The event is applied by the worker, so Stripe gets its answer without waiting for it.
    """
    try:
        record = webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except PaymentError as exc:
        if exc.code == PaymentErrorCode.BAD_SIGNATURE:
            return JsonResponse({"error": exc.message}, status=400)
        raise
    if record is None:
        return JsonResponse({"received": True, "duplicate": True})
    return JsonResponse({"received": True})


@require_http_methods(["GET", "POST"])
def cod_confirm(request, number):
    """Ask for the code sent to the buyer's phone; confirm the order or send a new code."""
    order = _order_for(request, number)
    if order.payment_method != "cod":
        return redirect("payments:pay", number=order.number)
    confirmation = CodConfirmation.objects.filter(order=order).first()
    if confirmation is None:
        raise Http404
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "resend":
                cod_code_resend(order_id=order.pk, channel=request.POST.get("channel", "sms"))
                messages.success(request, _("A new code is on its way."))
                return redirect("payments:cod_confirm", number=order.number)
            cod_code_verify(
                order_id=order.pk,
                code=request.POST.get("code", ""),
                actor=request.user if request.user.is_authenticated else None,
            )
        except CodError as exc:
            if exc.code in ("already_confirmed", "order_released"):
                messages.info(request, exc.message)
                return redirect(order_page_url(order))
            messages.error(request, exc.message)
            status = exc.status
            confirmation.refresh_from_db()
        else:
            messages.success(
                request,
                _("Your order is confirmed. You pay in cash when the courier brings it."),
            )
            return redirect(order_page_url(order))
    elif confirmation.confirmed_at is not None or order.status != OrderStatus.PENDING_PAYMENT:
        return redirect(order_page_url(order))
    return render(
        request,
        "payments/cod_confirm.html",
        {
            "order": order,
            "phone": phone_masked(confirmation.phone),
            "confirmation": confirmation,
            "digits": settings.COD_CODE_DIGITS,
            "timeout_minutes": int(settings.UNPAID_ORDER_TIMEOUT.total_seconds() // 60),
            "shop_orders": order.shop_orders.select_related("shop").order_by("pk"),
        },
        status=status,
    )
