"""Sign-up, log-in (throttled), log-out, preferences."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import EmailAuthenticationForm, PreferencesForm, SignUpForm


def _safe_next(request, fallback="home"):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return fallback


@require_http_methods(["GET", "POST"])
def signup(request):
    """Create a buyer account and log it in."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
            language=request.LANGUAGE_CODE,
            currency=request.currency,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Souk!"))
        return redirect(_safe_next(request))
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


class LoginView(auth_views.LoginView):
    """Log in by e-mail; refuse with 429 after repeated failures from one address."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def _idents(self):
        email = (self.request.POST.get("username") or "").strip().lower()
        ip = self.request.META.get("REMOTE_ADDR", "")
        return [f"ip:{ip}", f"email:{email}"] if email else [f"ip:{ip}"]

    def post(self, request, *args, **kwargs):
        if any(services.login_throttle_blocked(ident=i) for i in self._idents()):
            return render(request, "accounts/throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for ident in self._idents():
            services.login_throttle_fail(ident=ident)
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form):
        for ident in self._idents():
            services.login_throttle_clear(ident=ident)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Log out (POST only) and go home."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


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
