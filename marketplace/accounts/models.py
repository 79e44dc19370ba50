"""Users log in by e-mail and carry their language, currency and country."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import CURRENCY_CHOICES

MODERATORS_GROUP = "moderators"


class UserManager(BaseUserManager):
    """Create users keyed by a normalised e-mail address."""

    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        """Create a buyer."""
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        """Create an administrator."""
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person on Souk: a buyer by default; maybe an artisan, manager, moderator or admin."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    currency = models.CharField(
        _("preferred currency"), max_length=3, choices=CURRENCY_CHOICES, default="MAD"
    )
    country = models.CharField(_("country"), max_length=2, blank=True, help_text="ISO 3166-1")
    # False for an account made by a public sign-up until its owner opens the signed link sent
    # to the address (accounts/services/signup.py); such an account cannot log in or get a
    # token. Accounts made by staff or the demo are trusted as they are.
    email_verified = models.BooleanField(_("e-mail confirmed"), default=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until the save: a changed
        # password (reset, change form, admin) revokes every API token, as it ends sessions.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user_id=self.pk).delete()

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return (self.display_name or self.email).split(" ")[0]

    @property
    def is_moderator(self) -> bool:
        """Staff who moderate: superusers and members of the moderators group."""
        if self.is_superuser:
            return True
        if not self.is_active:
            return False
        if not hasattr(self, "_is_moderator"):
            self._is_moderator = self.groups.filter(name=MODERATORS_GROUP).exists()
        return self._is_moderator


class SavedAddress(models.Model):
    """A shipping address a buyer keeps for checkout; one of them may be the default.

    Orders copy the address they ship to (Order.ship_*), so editing or deleting a saved
    address never changes an order placed with it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("Home, work…"))
    name = models.CharField(_("full name"), max_length=120)
    line1 = models.CharField(_("street and number"), max_length=200)
    line2 = models.CharField(_("apartment, building"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ADDRESS_FIELDS = ("name", "line1", "line2", "city", "postal_code", "country", "phone")

    class Meta:
        verbose_name = _("saved address")
        verbose_name_plural = _("saved addresses")
        ordering = ["-is_default", "-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="one_default_address_per_user",
            )
        ]

    def __str__(self):
        return self.label or f"{self.name}, {self.city}"

    def as_checkout(self) -> dict:
        """Return the address in the shape checkout takes."""
        return {field: getattr(self, field) for field in self.ADDRESS_FIELDS}
