"""Provenance pages: the public certificate, the keys, the member's answer, the seller's screens."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from artisans.selectors import cooperative_members, seller_access_or_404
from marketplace.catalogue.models import Product
from marketplace.core.errors import DomainError
from marketplace.core.private_files import private_file_response
from marketplace.core.ratelimit import LimitUnavailable

from . import selectors, services, signing, throttle
from .documents import cards_pdf, qr_svg
from .forms import ClaimForm, MemberPaymentForm, SplitForm
from .models import Certificate, Label, LabelClaim, MemberPayment, SigningKey


def _limited(request) -> HttpResponse | None:
    """Answer 429 (or 503 when the counters are down) if this address looked up too much."""
    try:
        if throttle.lookup_allowed(request):
            return None
        status, retry = 429, throttle.WINDOW_SECONDS
    except LimitUnavailable:
        status, retry = 503, LimitUnavailable.retry_after
    response = render(request, "provenance/throttled.html", status=status)
    response["Retry-After"] = str(retry)
    return response


def _miss(request) -> None:
    throttle.lookup_missed(request)


def _certificate_or_404(request, code: str) -> Certificate:
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        _miss(request)
        raise Http404
    return certificate


def _signed_document(certificate: Certificate) -> dict:
    return {
        "alg": "Ed25519",
        "kid": certificate.kid,
        "payload": certificate.payload,
        "signature": certificate.signature,
    }


@require_GET
def certificate_lookup(request):
    """Find a certificate by the code typed from the card."""
    code = request.GET.get("code", "")
    if not code:
        return render(request, "provenance/lookup.html", {})
    if (refused := _limited(request)) is not None:
        return refused
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        _miss(request)
        return render(
            request, "provenance/lookup.html", {"code": code[:20], "missing": True}, status=404
        )
    return redirect("provenance:certificate", code=certificate.code)


@require_GET
def certificate_page(request, code: str):
    """Show a piece's signed certificate: who made it, where, under which labels, her pay."""
    if (refused := _limited(request)) is not None:
        return refused
    certificate = _certificate_or_404(request, code)
    key = SigningKey.objects.filter(kid=certificate.kid).first()
    valid = key is not None and signing.verify(
        key.public_key, certificate.payload, certificate.signature
    )
    payload = certificate.payload
    lang = (get_language() or "en")[:2]
    document = _signed_document(certificate)
    return render(
        request,
        "provenance/certificate.html",
        {
            "certificate": certificate,
            "p": payload,
            "lang": lang,
            "labels": [
                {**label, "shown_name": label["name"].get(lang) or label["name"].get("fr")}
                for label in payload.get("labels", [])
            ],
            "region_name": _region_name(payload["region"]["code"]) or payload["region"]["name"],
            "valid": valid,
            "signed_json": json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True),
            "qr": qr_svg(services.certificate_url(certificate.code, lang)),
            "url": services.certificate_url(certificate.code, lang),
        },
    )


def _region_name(code: str) -> str:
    from artisans.models import Region

    return str(dict(Region.choices).get(code, ""))


@require_GET
def certificate_json(request, code: str):
    """Answer the signed certificate as JSON (what the offline check reads)."""
    if (refused := _limited(request)) is not None:
        return refused
    certificate = _certificate_or_404(request, code)
    response = JsonResponse(
        _signed_document(certificate), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def certificate_card(request, code: str):
    """Answer the small printable card of one certificate (PDF)."""
    if (refused := _limited(request)) is not None:
        return refused
    certificate = _certificate_or_404(request, code)
    lang = (get_language() or "en")[:2]
    pdf = cards_pdf(
        [{"payload": certificate.payload, "url": services.certificate_url(certificate.code, lang)}],
        language=lang,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="souk-{certificate.code}.pdf"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def public_keys(request):
    """Publish every signing key (active and retired) at a stable address."""
    keys = [
        {
            "kid": key.kid,
            "alg": key.algorithm,
            "public_key": key.public_key,
            "created": key.created_at.isoformat(),
            "retired": key.retired_at.isoformat() if key.retired_at else None,
        }
        for key in SigningKey.objects.order_by("created_at", "pk")
    ]
    response = JsonResponse({"issuer": "Souk", "encoding": "base64url, raw 32 bytes", "keys": keys})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def verify_script(request):
    """Serve the offline verification script (the same file as scripts/ in the source)."""
    script = Path(settings.BASE_DIR, "scripts", "verify_certificate.py").read_text("utf-8")
    response = HttpResponse(script, content_type="text/x-python; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The member's answer ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def member_payment(request, token: str):
    """The member confirms or disputes a payment from the link in her text message."""
    payment = (
        MemberPayment.objects.select_related("shop", "artisan").filter(token=token[:32]).first()
    )
    if payment is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "dispute"):
            return render(
                request, "provenance/member_payment.html", {"payment": payment}, status=400
            )
        try:
            services.member_payment_answer(
                token=payment.token, confirm=answer == "confirm", note=request.POST.get("note", "")
            )
        except DomainError as exc:
            return render(
                request,
                "provenance/member_payment.html",
                {"payment": payment, "error": exc.message},
                status=exc.status,
            )
        return redirect("provenance:member_payment", token=payment.token)
    return render(request, "provenance/member_payment.html", {"payment": payment})


# --- The seller's screens -----------------------------------------------------------------------


def _seller(request, permission: str):
    request.seller = seller_access_or_404(request.user, permission)
    return request.seller


def _page(request, template: str, context: dict, status: int = 200):
    context.setdefault("seller", getattr(request, "seller", None))
    return render(request, f"provenance/{template}", context, status=status)


def _submit(request, form, action, done: str, to: str):
    """Run `action(cleaned_data)` for a valid posted form; answer (redirect or None, status)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        action(form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None, 400
    messages.success(request, done)
    return redirect(to), 200


def _pk(value):
    return value.pk if value else None


@login_required
@require_http_methods(["GET", "POST"])
def seller_labels(request):
    """The shop's label claims, and a form to claim one with the certificate's scan."""
    seller = _seller(request, "settings")
    shop = seller.shop
    form = ClaimForm(
        request.POST or None,
        request.FILES or None,
        labels=Label.objects.filter(active=True),
        products=Product.objects.filter(shop=shop).order_by("title_fr"),
    )
    done, status = _submit(
        request,
        form,
        lambda data: services.label_claim_submit(
            shop=shop,
            actor=request.user,
            label_id=data["label"].pk,
            certificate_number=data["certificate_number"],
            document=data["document"],
            expires_on=data.get("expires_on"),
            product_id=_pk(data.get("product")),
        ),
        _("Your claim was sent. A moderator will check it."),
        "provenance:seller_labels",
    )
    if done is not None:
        return done
    return _page(
        request,
        "seller_labels.html",
        {"form": form, "claims": selectors.shop_claims(shop), "today": timezone.localdate()},
        status=status,
    )


@login_required
@require_POST
def seller_claim_withdraw(request, pk: int):
    """Withdraw one of the shop's own claims."""
    seller = _seller(request, "settings")
    try:
        services.label_claim_withdraw(claim_id=pk, shop=seller.shop, actor=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    return redirect("provenance:seller_labels")


@login_required
@require_GET
def claim_document(request, pk: int):
    """Hand out a claim's document to the claiming shop's people and to moderators only."""
    claim = LabelClaim.objects.filter(pk=pk).first()
    if claim is None:
        raise Http404
    if not getattr(request.user, "is_moderator", False) and not request.user.is_staff:
        seller = seller_access_or_404(request.user, "dashboard")
        if seller.shop.pk != claim.shop_id:
            raise Http404
    return private_file_response(request, claim.document, obj=claim)


@login_required
@require_http_methods(["GET", "POST"])
def seller_splits(request):
    """How the cooperative divides a piece's net proceeds (its default, or per piece)."""
    seller = _seller(request, "members")
    shop = seller.shop
    if not shop.cooperative_id:
        raise Http404
    members = [m.artisan for m in cooperative_members(shop)]
    products = Product.objects.filter(shop=shop).order_by("title_fr")
    form = SplitForm(request.POST or None, members=members, products=products)
    done, status = _submit(
        request,
        form,
        lambda data: services.split_rule_set(
            shop=shop,
            actor=request.user,
            fund_percent=data["fund_percent"],
            makers=form.makers(),
            product_id=_pk(data.get("product")),
        ),
        _("The split is saved. It applies to pieces sold from now on."),
        "provenance:seller_splits",
    )
    if done is not None:
        return done
    rules = shop.split_rules.select_related("product").prefetch_related("makers__artisan")
    return _page(request, "seller_splits.html", {"form": form, "rules": rules}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def seller_member_payments(request):
    """What the cooperative owes each member, what it paid, and a form to record a payment."""
    seller = _seller(request, "members")
    shop = seller.shop
    if not shop.cooperative_id:
        raise Http404
    members = [m.artisan for m in cooperative_members(shop)]
    unpaid = list(selectors.shares_unpaid(shop=shop))
    form = MemberPaymentForm(request.POST or None, members=members, shares=unpaid)
    done, status = _submit(
        request,
        form,
        lambda data: services.member_payment_record(
            shop=shop,
            actor=request.user,
            artisan_id=data["artisan"].pk,
            share_ids=data["shares"],
            paid_on=data["paid_on"],
            method=data["method"],
            phone=data["phone"],
            language=data["language"],
        ),
        _("Recorded. The member gets a text message to confirm it."),
        "provenance:seller_member_payments",
    )
    if done is not None:
        return done
    statement = selectors.payout_statement(shop=shop)
    return _page(
        request,
        "seller_member_payments.html",
        {
            "form": form,
            "unpaid": unpaid,
            "statement": [row for row in statement if "fund" not in row],
            "fund": next((row["fund"] for row in statement if "fund" in row), None),
            "payments": MemberPayment.objects.filter(shop=shop).select_related("artisan")[:50],
            "today": date.today(),
        },
        status=status,
    )
