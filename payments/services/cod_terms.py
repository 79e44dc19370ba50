"""Who takes cash on delivery: a shop's terms, and staff's blocks on a phone or a buyer."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from marketplace.notify.errors import NotifyError
from marketplace.notify.phones import phone_normalize

from ..errors import CodError, CodErrorCode
from ..models import CodBlock, CodShopTerms, ReturnCostPayer

_MAX_MAD = Decimal("500.00")


def _mad(value, *, allow_none=False) -> Decimal | None:
    if value in (None, "") and allow_none:
        return None
    try:
        amount = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise CodError(CodErrorCode.BAD_TERMS) from None
    if not amount.is_finite() or amount < 0 or amount > _MAX_MAD:
        raise CodError(CodErrorCode.BAD_TERMS)
    return amount


def cod_terms_set(
    *,
    shop_id: int,
    enabled: bool,
    fee_mad="0",
    return_cost_mad=None,
    return_cost_payer: str = "",
    actor=None,
) -> CodShopTerms:
    """Set a shop's cash-on-delivery terms: taking it or not, its fee, who bears returns."""
    fee = _mad(fee_mad)
    cost = _mad(return_cost_mad, allow_none=True)
    if return_cost_payer not in ("", *ReturnCostPayer.values):
        raise CodError(CodErrorCode.BAD_TERMS)
    with transaction.atomic():
        terms, _created = CodShopTerms.objects.select_for_update().get_or_create(shop_id=shop_id)
        terms.enabled = bool(enabled)
        terms.fee_mad = fee
        terms.return_cost_mad = cost
        terms.return_cost_payer = return_cost_payer
        terms.save()
    return terms


def cod_block_set(*, reason: str, actor, phone: str = "", buyer=None) -> CodBlock:
    """Stop offering cash on delivery to a phone number or a buyer (staff)."""
    reason = (reason or "").strip()[:200]
    if phone:
        try:
            phone = phone_normalize(phone)
        except NotifyError:
            raise CodError(CodErrorCode.BAD_BLOCK) from None
    if not reason or (not phone and buyer is None):
        raise CodError(CodErrorCode.BAD_BLOCK)
    return CodBlock.objects.create(
        phone=phone, buyer=buyer, reason=reason, created_by=actor, active=True
    )


def cod_block_lift(*, block_id: int, actor) -> CodBlock:
    """Offer cash on delivery again to a blocked phone number or buyer (staff)."""
    with transaction.atomic():
        block = CodBlock.objects.select_for_update().get(pk=block_id)
        block.active = False
        block.save(update_fields=["active", "updated_at"])
    return block
