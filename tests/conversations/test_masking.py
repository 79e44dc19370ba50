"""Contact details are masked before a first paid order between the two, and only then.

A table of messages in Arabic, French and English with the text the other side sees.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from marketplace.conversations.masking import mask_contacts
from marketplace.conversations.services import conversation_start, message_send
from tests.factories.orders import OrderFactory, ShopOrderFactory

pytestmark = pytest.mark.django_db

P, E, L = "⟦phone⟧", "⟦email⟧", "⟦link⟧"
TABLE = [
    # English
    ("Call me on 06 12 34 56 78 tomorrow", f"Call me on {P} tomorrow"),
    ("My number is +212 6 61 23 45 67", f"My number is {P}"),
    ("whatsapp: 0661.23.45.67", f"whatsapp: {P}"),
    ("zero six one two three four five six seven eight", P),
    ("text me: double five five one two three four five six", f"text me: {P}"),
    ("US cell (617) 555-0100 after 6pm", f"US cell {P} after 6pm"),
    ("write to karim at gmail dot com please", f"write to {E} please"),
    ("karim (at) gmail (dot) com", E),
    ("see my site www.karim-rugs.com", f"see my site {L}"),
    ("order direct: https://karimrugs.shop/blue?ref=souk", f"order direct: {L}"),
    ("follow me on insta @karim_rugs", f"follow me on insta {L}"),
    ("It is 200 x 300 cm and costs 4500 MAD, ready on 12.05.2025", None),
    # French
    (
        "Mon numéro : zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        f"Mon numéro : {P}",
    ),
    ("Écrivez-moi à fatima.b arobase hotmail point fr", f"Écrivez-moi à {E}"),
    ("mon mail : k.b@yahoo.fr merci", f"mon mail : {E} merci"),
    ("appelez le 06-61-23-45-67 ou le fixe 05 24 12 34 56", f"appelez le {P} ou le fixe {P}"),
    ("Le tapis fait deux mètres sur trois, livré en quinze jours", None),
    ("mon site fatima-tapis point com", f"mon site {L}"),
    # Arabic
    ("واتساب ٠٦١٢٣٤٥٦٧٨ من فضلك", f"واتساب {P} من فضلك"),
    ("رقمي ٠٦ ٦١ ٢٣ ٤٥ ٦٧", f"رقمي {P}"),
    ("رقمي زيرو ستة واحد اثنين ثلاثة اربعة خمسة ستة سبعة ثمانية", f"رقمي {P}"),
    ("راسلني على fatima@gmail.com", f"راسلني على {E}"),
    ("الثمن ١٢٠٠ درهم والمقاس ٢٠٠ في ٣٠٠", None),
    ("صفحتي facebook.com/tifawin.coop", f"صفحتي {L}"),
    # Links to Souk itself stay
    ("Here is the piece: http://testserver/en/p/tagine-1/", None),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_masking_table(text, expected):
    masked, kinds = mask_contacts(text, own_hosts=frozenset({"testserver", "127.0.0.1"}))
    assert masked == (text if expected is None else expected)
    assert bool(kinds) == (expected is not None)


def test_the_table_covers_three_languages_and_twenty_messages():
    assert len(TABLE) >= 20
    arabic = [t for t, _e in TABLE if any("\u0600" <= ch <= "\u06ff" for ch in t)]
    assert len(arabic) >= 5


def test_masking_in_conversations_stops_after_a_first_paid_order(cast):
    conversation, first = conversation_start(
        buyer=cast.buyer, shop_id=cast.shop.pk, text="Call me on 06 12 34 56 78"
    )
    assert (first.shown, first.masked) == ("Call me on ⟦phone⟧", True)
    assert first.body == "Call me on 06 12 34 56 78"  # kept as written for moderators
    answer = message_send(
        conversation_id=conversation.pk, sender=cast.manager, text="راسلني على fatima@gmail.com"
    )
    assert answer.shown == "راسلني على ⟦email⟧"
    # An order to another shop changes nothing; one paid to this shop ends masking.
    ShopOrderFactory(order=OrderFactory(buyer=cast.buyer), paid_at="2025-05-01T10:00Z")
    assert message_send(
        conversation_id=conversation.pk, sender=cast.buyer, text="06 12 34 56 78"
    ).masked
    ShopOrderFactory(
        order=OrderFactory(buyer=cast.buyer),
        shop=cast.shop,
        status="paid",
        paid_at="2025-05-02T10:00Z",
    )
    after = message_send(conversation_id=conversation.pk, sender=cast.buyer, text="06 12 34 56 78")
    assert (after.shown, after.masked) == ("06 12 34 56 78", False)


def test_the_sender_is_told_why(cast, client):
    from tests.factories.accounts import PASSWORD

    client.login(email=cast.buyer.email, password=PASSWORD)
    response = client.post(
        f"/en/messages/new/?shop={cast.shop.slug}", {"text": "mail me k.b@yahoo.fr"}, follow=True
    )
    page = response.content.decode()
    assert "We hid contact details" in page
    assert "[e-mail address hidden]" in page and "k.b@yahoo.fr" not in page
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(cast.buyer)
    pk = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    answer = api.post(f"/api/v1/conversations/{pk}/messages/", {"text": "+212 6 61 23 45 67"})
    assert answer.json()["masked"] is True
    assert answer.json()["text"] == "[phone number hidden]"
    assert api.get(f"/api/v1/conversations/{pk}/").json()["contact_details_hidden"] is True
