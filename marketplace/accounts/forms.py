import time

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from marketplace.core.bidi import input_attrs
from marketplace.core.emails import email_queue

from .hooks import country_choices
from .models import User


class SignUpForm(forms.Form):
    """Create a buyer account (confirmed by a link e-mailed to the address)."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        # Whether the address has an account is never said here: the owner gets an e-mail.
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            password_validation.validate_password(data["password"], candidate)
        return data


class ConfirmEmailForm(forms.Form):
    """The password chosen at sign-up, typed again to confirm the account from its link."""

    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with e-mail and password; an unconfirmed account is asked to confirm first."""

    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True})
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(
                _(
                    "Please confirm your e-mail address first: we sent a new link to your "
                    "inbox. Open it to finish creating your account."
                ),
                code="email_unverified",
            )

    @property
    def unverified_user(self):
        """The account whose right password was typed but whose e-mail is not confirmed."""
        user = getattr(self, "user_cache", None)
        return user if user is not None and not user.email_verified else None


class PasswordResetRequestForm(PasswordResetForm):
    """Ask for a reset link: e-mailed through the outbox, with the site's own address."""

    def queue_emails(self) -> None:
        """Queue a reset link to each active account of the address (none: nothing, silently)."""
        for user in self.get_users(self.cleaned_data["email"]):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            language = user.language if user.language in dict(settings.LANGUAGES) else "fr"
            with translation.override(language):
                path = reverse(
                    "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
                )
            email_queue(
                key=f"account:reset:{user.pk}:{time.time_ns()}",
                kind="account_reset",
                to=user.email,
                template="account_password_reset",
                context={"user": user, "link": f"{settings.SITE_URL}{path}"},
                language=language,
            )


class LanguageSelect(forms.Select):
    """Each language named in itself and marked so (`<option lang="fr">Français`)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language", "currency", "country"]
        widgets = {"language": LanguageSelect}


class AddressForm(forms.Form):
    """A saved shipping address (checked again by the service)."""

    label = forms.CharField(label=_("Label (Home, Work…)"), max_length=60, required=False)
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Street and number"), max_length=200)
    line2 = forms.CharField(
        label=_("Apartment, building (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=())
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    is_default = forms.BooleanField(label=_("Use it by default"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        input_attrs(self, prefix="shipping")  # tel/ltr phone, autofill hints
