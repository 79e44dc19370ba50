"""Provenance's background work: certificates after shipping, expired labels, a catch-up sweep."""

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS


@shared_task(
    name="provenance.issue_certificates",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def certificates_issue_task(shop_order_id: int) -> int:
    """Make the certificates of a shipped shop order (nothing when already made)."""
    from .errors import ProvenanceError
    from .services import certificates_issue

    try:
        return len(certificates_issue(shop_order_id=shop_order_id))
    except ProvenanceError:  # gone, or no longer shipped: nothing to certify
        return 0


@shared_task(name="provenance.sweep_certificates")
def certificates_sweep_task() -> int:
    """Make the certificates any shipped shop order still lacks (a lost task); answer how many."""
    from .selectors import shop_orders_uncertified

    return sum(certificates_issue_task(pk) for pk in shop_orders_uncertified())


@shared_task(name="provenance.lapse_claims")
def label_claims_lapse_task() -> int:
    """Mark label claims past their expiry date lapsed; answer how many."""
    from .services import label_claims_lapse

    return label_claims_lapse()
