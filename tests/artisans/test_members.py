"""Cooperative members: invite by e-mail, accept, roles, removal, the last manager stays."""

import pytest
from django.urls import reverse

from artisans.models import CooperativeInvite, Membership
from marketplace.core.models import OutboxEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_invite_accept_role_and_remove(
    client, login, coop_manager, django_capture_on_commit_callbacks
):
    login(coop_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("artisans:members"), {"email": "Aicha@Example.com", "role": "member"})
    invite = CooperativeInvite.objects.get()
    mail = OutboxEmail.objects.get(kind="coop_invite")
    assert mail.to_email == "aicha@example.com" and invite.token in mail.body_text

    # Someone else cannot use the link.
    stranger = UserFactory()
    login(stranger)
    assert client.get(reverse("artisans:invite_accept", args=[invite.token])).status_code == 404

    aicha = UserFactory(email="aicha@example.com")
    login(aicha)
    client.post(
        reverse("artisans:invite_accept", args=[invite.token]),
        {"name": "Aïcha", "craft": "carpets"},
    )
    membership = Membership.objects.get(artisan__user=aicha)
    assert membership.role == "member"
    assert client.get(reverse("artisans:products")).status_code == 200
    assert client.get(reverse("artisans:members")).status_code == 404  # members cannot manage
    # The link works once.
    assert client.get(reverse("artisans:invite_accept", args=[invite.token])).status_code == 404

    login(coop_manager)
    client.post(reverse("artisans:member_role", args=[membership.pk]), {"role": "manager"})
    membership.refresh_from_db()
    assert membership.role == "manager"
    client.post(reverse("artisans:member_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_last_manager_cannot_be_demoted_or_removed(client, login, coop_manager):
    login(coop_manager)
    mine = Membership.objects.get(artisan__user=coop_manager)
    r = client.post(
        reverse("artisans:member_role", args=[mine.pk]), {"role": "member"}, follow=True
    )
    assert "at least one manager" in r.content.decode()
    client.post(reverse("artisans:member_remove", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.role == "manager"
