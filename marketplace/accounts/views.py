"""Sign-up (confirmed by e-mail), log-in (guarded), log-out, password reset, preferences."""

import contextlib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.core.net import client_ip
from marketplace.core.ratelimit import LimitUnavailable

from . import services
from .errors import AccountError, AccountErrorCode, AddressError
from .forms import (
    AddressForm,
    ConfirmEmailForm,
    EmailAuthenticationForm,
    PasswordResetRequestForm,
    PreferencesForm,
    SignUpForm,
)
from .models import SavedAddress

_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, fallback="home"):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return fallback


def unavailable(request):
    """Answer 503 with Retry-After: the counters that guard this form cannot be read now."""
    response = render(request, "accounts/unavailable.html", status=503)
    response["Retry-After"] = str(LimitUnavailable.retry_after)
    return response


def throttled(request, *, status=429):
    """Answer the 'too many attempts' page."""
    response = render(request, "accounts/throttled.html", status=status)
    response["Retry-After"] = "300"
    return response


@require_http_methods(["GET", "POST"])
def signup(request):
    """Start a sign-up; the same answer whether or not the address has an account."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                language=request.LANGUAGE_CODE,
                currency=request.currency,
                ip=client_ip(request),
            )
        except LimitUnavailable:
            return unavailable(request)
        except AccountError as exc:
            if exc.code == AccountErrorCode.TOO_MANY_EMAILS:
                return throttled(request)
            raise
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("accounts:signup_sent")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def signup_sent(request):
    """Tell the visitor to open the link e-mailed to them."""
    return render(
        request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


@require_http_methods(["GET", "POST"])
def verify(request, token: str):
    """Confirm an account from its e-mailed link and the password chosen at sign-up."""
    try:
        user = services.account_for_verification(token=token)
    except AccountError as exc:
        return render(request, "accounts/verify_invalid.html", {"error": exc.message}, status=400)
    form = ConfirmEmailForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        try:
            if services.login_guard_blocked(email=user.email, ip=ip):
                return throttled(request)
            user = services.account_verify(token=token, password=form.cleaned_data["password"])
        except LimitUnavailable:
            return unavailable(request)
        except AccountError as exc:
            try:
                services.login_guard_failed(email=user.email, ip=ip)
            except LimitUnavailable:
                return unavailable(request)
            form.add_error("password", exc.message)
        else:
            services.login_guard_passed(email=user.email, ip=ip)
            login(request, user, backend=_BACKEND)
            messages.success(request, _("Your e-mail is confirmed. Welcome to Souk!"))
            return redirect("home")
    if form.errors:
        status = 400
    context = {"form": form, "email": user.email}
    return render(request, "accounts/verify.html", context, status=status)


class LoginView(auth_views.LoginView):
    """Log in by e-mail, guarded per (account, address), per address and per account."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def _email(self):
        return (self.request.POST.get("username") or "").strip().lower()

    def post(self, request, *args, **kwargs):
        try:
            if services.login_guard_blocked(email=self._email(), ip=client_ip(request)):
                return throttled(request)
            return super().post(request, *args, **kwargs)
        except LimitUnavailable:
            return unavailable(request)

    def form_invalid(self, form):
        ip = client_ip(self.request)
        user = form.unverified_user
        if user is not None:
            # The right password for an account not yet confirmed: send its link again.
            # Enough links may have gone out; the message still says where to look.
            with contextlib.suppress(AccountError):
                services.account_verification_send(user=user, ip=ip)
        else:
            services.login_guard_failed(email=self._email(), ip=ip)
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form):
        services.login_guard_passed(email=self._email(), ip=client_ip(self.request))
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Log out (POST only) and go home; the user's API tokens are revoked (accounts.signals)."""


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: at most a few per address and per account in an hour."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            limit = services.account_email_allowed(
                kind="reset", email=form.cleaned_data["email"], ip=client_ip(self.request)
            )
        except LimitUnavailable:
            return unavailable(self.request)
        if limit == "address":
            return throttled(self.request)
        if limit is None:
            form.queue_emails()
        # Over the account's limit: the same answer, and nothing more lands in that inbox.
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The reset link reached the inbox: the address is proven (an unconfirmed account
        # becomes usable, with the password chosen now).
        services.account_mark_verified(user=form.user)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Edit name, language, currency and country."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_preferences(user=request.user, **form.cleaned_data)
        request.session["currency"] = form.cleaned_data["currency"]
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
@require_GET
def addresses(request):
    """List the buyer's saved addresses (the default first)."""
    return render(request, "accounts/addresses.html", {"addresses": request.user.addresses.all()})


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, pk=None):
    """Add an address, or change one (orders already placed keep their own copy)."""
    address = None
    if pk is not None:
        address = request.user.addresses.filter(pk=pk).first()
        if address is None:
            raise Http404
    if address is not None:
        initial = {f: getattr(address, f) for f in ("label", *SavedAddress.ADDRESS_FIELDS)}
        initial["is_default"] = address.is_default
    else:
        initial = {"country": request.user.country or "", "name": request.user.display_name}
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if address is None:
                services.address_create(user=request.user, **form.cleaned_data)
            else:
                services.address_update(
                    user=request.user, address_id=address.pk, **form.cleaned_data
                )
        except AddressError as exc:
            for field in exc.fields or [None]:
                form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your address was saved."))
            return redirect("accounts:addresses")
    return render(
        request,
        "accounts/address_form.html",
        {"form": form, "address": address},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def address_action(request, pk):
    """Make an address the default, or delete it."""
    try:
        if request.POST.get("action") == "delete":
            services.address_delete(user=request.user, address_id=pk)
            messages.success(request, _("The address was removed."))
        else:
            services.address_set_default(user=request.user, address_id=pk)
            messages.success(request, _("This is now your default address."))
    except AddressError:
        raise Http404 from None
    return redirect("accounts:addresses")


@login_required
@require_GET
def data_export(request):
    """Download everything Souk keeps about the account, as JSON."""
    data = services.account_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="souk-my-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response
