"""API: tokens (issued, revoked), sign-up confirmed by e-mail, the caller's profile."""

import contextlib

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import CountryField, ErrorSerializer, LoginThrottle, error_responses
from marketplace.core.authentication import TokenAuthentication
from marketplace.core.net import client_ip
from marketplace.core.ratelimit import LimitUnavailable

from . import services
from .errors import AccountError, AccountErrorCode
from .hooks import country_choices, user_shop
from .models import User
from .services import api_token_issue

UNAVAILABLE = OpenApiResponse(
    ErrorSerializer, description="The limits cannot be checked now; retry after Retry-After."
)


# Django's password validators as far as a schema can say them: 8 characters or more, not
# only digits (and no NUL); too common or too close to the e-mail is said in the description.
PASSWORD_SCHEMA = {
    "type": "string",
    "minLength": 8,
    "maxLength": 128,
    "pattern": r"^[^\u0000]*[^\d\u0000][^\u0000]*$",
    "description": "At least 8 characters, not only digits, not a common password and not "
    "close to the e-mail address or name (refused with a 400 naming `password`).",
}


@extend_schema_field(PASSWORD_SCHEMA)
class NewPasswordField(serializers.CharField):
    """A password being chosen: Django's validators run on it (in the serializer)."""

    def __init__(self, **kwargs):
        super().__init__(min_length=8, max_length=128, trim_whitespace=False, **kwargs)


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class MyShopSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class MeSerializer(serializers.ModelSerializer):
    """The caller's profile; only the preferences are writable."""

    is_moderator = serializers.SerializerMethodField()
    shop = serializers.SerializerMethodField()
    country = serializers.RegexField(
        r"^([A-Za-z]{2})?$",
        max_length=2,
        allow_blank=True,
        required=False,
        help_text="ISO 3166-1 alpha-2, e.g. US or MA (blank: none).",
        error_messages={"invalid": "Use an ISO 3166-1 alpha-2 code, like US or MA."},
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "language",
            "currency",
            "country",
            "is_moderator",
            "shop",
        ]
        read_only_fields = ["id", "email", "is_moderator", "shop"]

    def get_is_moderator(self, user) -> bool:
        return bool(user.is_moderator)

    @extend_schema_field(MyShopSerializer(allow_null=True))
    def get_shop(self, user):
        shop = user_shop(user)
        if shop is None:
            return None
        return {"slug": shop.slug, "name": shop.name, "status": shop.status}

    def validate_country(self, value):
        return value.upper()


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = NewPasswordField(write_only=True)
    display_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$",
        max_length=2,
        min_length=2,
        required=False,
        help_text="ISO 3166-1 alpha-2, e.g. US or MA.",
        error_messages={"invalid": "Use an ISO 3166-1 alpha-2 code, like US or MA."},
    )

    def validate_email(self, value):
        # Whether the address has an account is never said: its owner gets an e-mail instead.
        return value.lower()

    def validate_country(self, value):
        return value.upper()

    def validate(self, attrs):
        candidate = User(email=attrs.get("email", ""), display_name=attrs.get("display_name", ""))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class RegisterResponseSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="Always 'confirmation_sent'.")
    message = serializers.CharField(read_only=True)


class VerifySerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text="From the link e-mailed at sign-up.")
    password = serializers.CharField(max_length=128, trim_whitespace=False)


def _guard(email: str, ip: str) -> None:
    """Refuse a log-in attempt a limit stops (429), or when limits cannot be read (503)."""
    try:
        blocked = services.login_guard_blocked(email=email, ip=ip)
    except LimitUnavailable:
        raise AccountError(AccountErrorCode.UNAVAILABLE) from None
    if blocked:
        raise AccountError(AccountErrorCode.TOO_MANY_ATTEMPTS)


def _failed(email: str, ip: str) -> None:
    try:
        services.login_guard_failed(email=email, ip=ip)
    except LimitUnavailable:
        raise AccountError(AccountErrorCode.UNAVAILABLE) from None


class _PublicAuthView(APIView):
    """A view anyone may call without credentials, under the log-in throttle."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginThrottle]


class TokenView(_PublicAuthView):
    """Exchange an e-mail and password for an API token."""

    @extend_schema(
        tags=["auth"],
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            **error_responses(400, 403, 429),
            401: OpenApiResponse(
                ErrorSerializer,
                description="The e-mail or password is not right (`invalid_credentials`).",
            ),
            503: UNAVAILABLE,
        },
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email, ip = data.validated_data["email"].lower(), client_ip(request)
        _guard(email, ip)
        user = authenticate(request, username=email, password=data.validated_data["password"])
        if user is None or not user.is_active:
            _failed(email, ip)
            raise AccountError(AccountErrorCode.WRONG_PASSWORD)
        if not user.email_verified:
            # Enough links may have gone out already; the answer says where to look either way.
            with contextlib.suppress(AccountError, LimitUnavailable):
                services.account_verification_send(user=user, ip=ip)
            raise AccountError(AccountErrorCode.EMAIL_UNVERIFIED)
        services.login_guard_passed(email=email, ip=ip)
        return Response({"token": api_token_issue(user=user)})


class TokenRevokeView(APIView):
    """Revoke the caller's API token (log out of the API); a new log-in makes a new one."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        operation_id="auth_token_revoke",
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def post(self, request):
        services.api_tokens_revoke(user_id=request.user.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegisterView(_PublicAuthView):
    """Start a buyer sign-up: a confirmation link goes to the address (same answer for all)."""

    @extend_schema(
        tags=["auth"],
        operation_id="auth_register",
        request=RegisterSerializer,
        responses={202: RegisterResponseSerializer, **error_responses(400, 429), 503: UNAVAILABLE},
        auth=[],
    )
    def post(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.account_sign_up(
                email=values["email"],
                password=values["password"],
                display_name=values.get("display_name", ""),
                language=values.get("language", "fr"),
                currency=values.get("currency", "MAD"),
                country=values.get("country", ""),
                ip=client_ip(request),
            )
        except LimitUnavailable:
            raise AccountError(AccountErrorCode.UNAVAILABLE) from None
        return Response(
            {
                "code": "confirmation_sent",
                "message": "Check your e-mail: open the link in it to finish creating your "
                "account, then ask for a token.",
            },
            status=status.HTTP_202_ACCEPTED,
        )


class VerifyView(_PublicAuthView):
    """Confirm a sign-up with the e-mailed link's token and its password; answer a token."""

    @extend_schema(
        tags=["auth"],
        operation_id="auth_verify",
        request=VerifySerializer,
        responses={
            200: TokenSerializer,
            **error_responses(400, 429),
            401: OpenApiResponse(
                ErrorSerializer,
                description="Not the password chosen at sign-up (`invalid_credentials`).",
            ),
            404: OpenApiResponse(
                ErrorSerializer,
                description="No sign-up waits on this token: not one, or already used "
                "(`link_invalid`).",
            ),
            410: OpenApiResponse(
                ErrorSerializer, description="The link has expired (`link_expired`)."
            ),
            503: UNAVAILABLE,
        },
        auth=[],
    )
    def post(self, request):
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, ip = data.validated_data["token"], client_ip(request)
        user = services.account_for_verification(token=token)
        _guard(user.email, ip)
        try:
            user = services.account_verify(token=token, password=data.validated_data["password"])
        except AccountError as exc:
            if exc.code == AccountErrorCode.WRONG_PASSWORD:
                _failed(user.email, ip)
            raise
        services.login_guard_passed(email=user.email, ip=ip)
        return Response({"token": api_token_issue(user=user)})


class MeView(APIView):
    """The caller's profile and preferences."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["me"], operation_id="me_retrieve", responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        tags=["me"],
        operation_id="me_partial_update",
        request=MeSerializer(partial=True),
        responses={200: MeSerializer},
    )
    def patch(self, request):
        data = MeSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update_preferences(user=request.user, **data.validated_data)
        return Response(MeSerializer(user).data)


class SavedAddressSerializer(serializers.Serializer):
    """A saved shipping address; checkout takes its id as `address`."""

    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=120)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    country = CountryField(
        codes=lambda: [code for code, _name in country_choices()],
        help_text="ISO 3166-1 alpha-2 of a country Souk ships to.",
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    is_default = serializers.BooleanField(required=False, default=False)
    updated_at = serializers.DateTimeField(read_only=True)


class AddressList(APIView):
    """The caller's saved shipping addresses (the default first); add one."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["me"],
        operation_id="addresses_list",
        responses={200: SavedAddressSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        mine = request.user.addresses.all()
        return Response(SavedAddressSerializer(mine, many=True).data)

    @extend_schema(
        tags=["me"],
        operation_id="addresses_create",
        request=SavedAddressSerializer,
        responses={201: SavedAddressSerializer, **error_responses(400, 401, 409)},
    )
    def post(self, request):
        data = SavedAddressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_create(user=request.user, **data.validated_data)
        return Response(SavedAddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetail(APIView):
    """One saved address of the caller: read, change, make default, delete.

    Changing or deleting it never changes an order already placed with it.
    """

    permission_classes = [permissions.IsAuthenticated]

    def _get(self, request, pk):
        from .errors import AddressError, AddressErrorCode

        address = request.user.addresses.filter(pk=pk).first()
        if address is None:
            raise AddressError(AddressErrorCode.NOT_FOUND)
        return address

    @extend_schema(
        tags=["me"],
        operation_id="addresses_retrieve",
        responses={200: SavedAddressSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(SavedAddressSerializer(self._get(request, pk)).data)

    @extend_schema(
        tags=["me"],
        operation_id="addresses_update",
        request=SavedAddressSerializer,
        responses={200: SavedAddressSerializer, **error_responses(400, 401, 404)},
    )
    def put(self, request, pk):
        self._get(request, pk)
        data = SavedAddressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_update(user=request.user, address_id=pk, **data.validated_data)
        return Response(SavedAddressSerializer(address).data)

    @extend_schema(
        tags=["me"],
        operation_id="addresses_destroy",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request, pk):
        services.address_delete(user=request.user, address_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DataExportView(APIView):
    """Everything Souk keeps about the caller (account, addresses, favourites, alerts…)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["me"],
        operation_id="me_export",
        responses={200: OpenApiResponse(description="A JSON document of the account's data.")},
    )
    def get(self, request):
        response = Response(services.account_data_export(user=request.user))
        response["Cache-Control"] = "no-store, private"
        return response
