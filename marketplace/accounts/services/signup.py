"""Sign-up with a confirmed e-mail, answering alike whether the address has an account.

A public sign-up (web, API, a guest's order) makes an account that cannot be used until its
owner opens the signed, expiring link e-mailed to the address and types the password chosen at
sign-up: the link proves the inbox, the password proves it is the person who signed up (a
stranger who signed up with someone else's address never gets the link; the owner who gets an
unasked-for link does not know the stranger's password). An address that already has a
confirmed account gets a "you already have an account" e-mail instead, and the visitor sees
the same answer either way. Signing up again for an unconfirmed address replaces its password
(nobody proved it) and sends a fresh link; the old links stop working.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from marketplace.core.emails import email_queue

from ..errors import AccountError, AccountErrorCode
from ..models import User
from .email_limits import account_email_allowed

_SALT = "accounts.verify-email"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _password_mark(user: User) -> str:
    # Ties a link to the password it was sent for: a new sign-up or a reset voids old links.
    return salted_hmac(_SALT, user.password).hexdigest()[:20]


def verification_token(user: User) -> str:
    """Return the signed, expiring token of the user's confirmation link."""
    return signing.dumps({"u": user.pk, "p": _password_mark(user)}, salt=_SALT, compress=True)


def verification_link(user: User) -> str:
    """Return the absolute confirmation URL, in the user's language."""
    language = user.language if user.language in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("accounts:verify", kwargs={"token": verification_token(user)})
    return f"{settings.SITE_URL}{path}"


def _language(value: str) -> str:
    return value if value in LANGUAGES else settings.LANGUAGE_CODE


def _send(user: User, *, kind: str, template: str, ip: str, context: dict) -> bool:
    """Queue one account e-mail unless this inbox had enough; raise when the visitor did."""
    limit = account_email_allowed(kind=kind, email=user.email, ip=ip)
    if limit == "address":
        raise AccountError(AccountErrorCode.TOO_MANY_EMAILS)
    if limit == "account":
        return False
    email_queue(
        key=f"account:{kind}:{user.pk}:{time.time_ns()}",
        kind=f"account_{kind}",
        to=user.email,
        template=template,
        context={"user": user, "site_url": settings.SITE_URL, **context},
        language=_language(user.language),
    )
    return True


def account_verification_send(*, user: User, ip: str) -> bool:
    """E-mail an unconfirmed account a fresh confirmation link (rate-limited); True if queued."""
    return _send(
        user,
        kind="verify",
        template="account_verify",
        ip=ip,
        context={"link": verification_link(user)},
    )


def _already_registered(user: User, *, ip: str) -> None:
    with translation.override(_language(user.language)):
        login = f"{settings.SITE_URL}{reverse('accounts:login')}"
        reset = f"{settings.SITE_URL}{reverse('accounts:password_reset')}"
    _send(
        user,
        kind="exists",
        template="account_exists",
        ip=ip,
        context={"login_link": login, "reset_link": reset},
    )


def account_sign_up(
    *,
    email: str,
    password: str,
    ip: str,
    display_name: str = "",
    language: str = "fr",
    currency: str = "MAD",
    country: str = "",
) -> User | None:
    """Start a sign-up: an unconfirmed account and its link, or a note to the existing owner.

    Answers the unconfirmed account (new, or an unconfirmed one taken over), or None when the
    address already has a confirmed account. The caller shows the same page in both cases.
    """
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and user.email_verified:
            make_password(password)  # the same work as a sign-up: the timing tells nothing
            _already_registered(user, ip=ip)
            return None
        if user is None:
            user = User(email=email, email_verified=False)
        user.set_password(password)
        user.display_name = display_name[:120]
        user.language = _language(language)
        user.currency = currency if currency in settings.CURRENCIES else settings.BASE_CURRENCY
        user.country = country
        user.save()
        account_verification_send(user=user, ip=ip)
    return user


def _user_for_token(token: str) -> User:
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise AccountError(AccountErrorCode.LINK_EXPIRED) from None
    except signing.BadSignature:
        raise AccountError(AccountErrorCode.LINK_INVALID) from None
    if not isinstance(data, dict):
        raise AccountError(AccountErrorCode.LINK_INVALID)
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email_verified:
        raise AccountError(AccountErrorCode.LINK_INVALID)
    if not constant_time_compare(str(data.get("p", "")), _password_mark(user)):
        raise AccountError(AccountErrorCode.LINK_INVALID)
    return user


def account_for_verification(*, token: str) -> User:
    """Return the unconfirmed account a confirmation link is for (AccountError if none)."""
    return _user_for_token(token)


def account_verify(*, token: str, password: str) -> User:
    """Confirm an account's e-mail: the link's token and the password chosen at sign-up."""
    with transaction.atomic():
        user = _user_for_token(token)
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.check_password(password):
            raise AccountError(AccountErrorCode.WRONG_PASSWORD)
        if not user.email_verified:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
    return user


def account_mark_verified(*, user: User) -> None:
    """Record that the user proved the address another way (a password reset link)."""
    if not user.email_verified:
        User.objects.filter(pk=user.pk).update(email_verified=True)
        user.email_verified = True
