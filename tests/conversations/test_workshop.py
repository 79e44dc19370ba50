"""The seller's made-to-order board: open quotes, pieces being made by due date, late ones
highlighted; on the dashboard as icon tiles. Arabic-first and readable on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.conversations.services import (
    commission_sync,
    conversation_start,
    quote_accept,
    quote_create,
)
from marketplace.orders.services import order_mark_paid
from tests.factories.accounts import PASSWORD

from .conftest import US_ADDRESS

pytestmark = pytest.mark.django_db


def _commission(cast, text, lead):
    conversation, _ = conversation_start(buyer=cast.buyer, shop_id=cast.shop.pk, text=text)
    quote = quote_create(
        conversation_id=conversation.pk,
        actor=cast.manager,
        description=text,
        price_mad="1000",
        lead_time_days=lead,
        deposit_percent=50,
    )
    commission = quote_accept(
        quote_id=quote.pk, buyer=cast.buyer, address=US_ADDRESS, currency="MAD"
    )
    order_mark_paid(order_id=commission.deposit_order_id)
    return commission_sync(commission_id=commission.pk)


def test_late_pieces_are_highlighted_on_the_board_and_the_dashboard(cast, client):
    late = _commission(cast, "Red kilim", 5)
    _commission(cast, "Blue kilim", 30)
    late.due_at = timezone.now() - timedelta(days=2)
    late.save(update_fields=["due_at"])
    conversation, _ = conversation_start(buyer=cast.stranger, shop_id=cast.shop.pk, text="Hi")
    quote_create(
        conversation_id=conversation.pk,
        actor=cast.manager,
        description="Open one",
        price_mad="500",
        lead_time_days=3,
        deposit_percent=20,
    )
    client.login(email=cast.manager.email, password=PASSWORD)
    board = client.get("/ar/messages/workshop/")
    body = board.content.decode()
    assert board.status_code == 200 and 'dir="rtl"' in body
    rows = body.split('data-testid="commission-row"')[1:]
    assert len(rows) == 2
    first_li = body.split('data-testid="commission-row"')[0].rsplit("<li", 1)[1]
    assert "Red kilim" in rows[0] and 'class="overdue"' in first_li
    assert "Blue kilim" in rows[1]
    assert re.search(
        r'data-testid="overdue-count"><svg class="icon icon-clock"[^>]*>.*?</svg> 1<', body
    )
    assert "Open one" in body
    dashboard = client.get("/ar/sell/dashboard/").content.decode()
    assert 'data-testid="made-to-order"' in dashboard
    tile = dashboard.split('data-testid="overdue-tile"')[1].split("</a>")[0]
    assert "<strong>1</strong>" in tile
    # A plain member of the cooperative does not handle orders: no board for them.
    client.login(email=cast.member.email, password=PASSWORD)
    assert client.get("/ar/messages/workshop/").status_code == 404
