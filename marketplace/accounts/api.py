"""API: tokens, sign-up and the caller's profile."""

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import LoginThrottle, error_responses
from marketplace.core.errors import DomainError

from . import services
from .models import User


def api_token_issue(*, user: User) -> str:
    """Return the user's API token, creating it on first use."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


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
    country = serializers.CharField(max_length=2, allow_blank=True, required=False)

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
        from artisans.api import shop_for_user

        shop = shop_for_user(user)
        if shop is None:
            return None
        return {"slug": shop.slug, "name": shop.name, "status": shop.status}

    def validate_country(self, value):
        if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
            raise serializers.ValidationError("Use an ISO 3166-1 alpha-2 code, like US or MA.")
        return value.upper()


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    display_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=["ar", "fr", "en", "es"], required=False)
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    country = serializers.CharField(max_length=2, min_length=2, required=False)

    def validate_email(self, value):
        value = value.lower()
        if User.objects.filter(email__iexact=value).exists():
            raise serializers.ValidationError("An account with this e-mail already exists.")
        return value

    def validate_country(self, value):
        if not (value.isascii() and value.isalpha()):
            raise serializers.ValidationError("Use an ISO 3166-1 alpha-2 code, like US or MA.")
        return value.upper()

    def validate(self, attrs):
        candidate = User(email=attrs.get("email", ""), display_name=attrs.get("display_name", ""))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class RegisterResponseSerializer(serializers.Serializer):
    user = MeSerializer(read_only=True)
    token = serializers.CharField(read_only=True)


class TokenView(APIView):
    """Exchange an e-mail and password for an API token."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        tags=["auth"],
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"].lower()
        idents = [f"api-email:{email}"]
        if any(services.login_throttle_blocked(ident=i) for i in idents):
            return Response(
                {"code": "throttled", "message": "Too many failed log-ins.", "fields": {}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        user = authenticate(request, username=email, password=data.validated_data["password"])
        if user is None or not user.is_active:
            for ident in idents:
                services.login_throttle_fail(ident=ident)
            raise DomainError(
                "invalid_credentials", "The e-mail or password is not right.", status=400
            )
        for ident in idents:
            services.login_throttle_clear(ident=ident)
        return Response({"token": api_token_issue(user=user)})


class RegisterView(APIView):
    """Create a buyer account and answer its token."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        tags=["auth"],
        operation_id="auth_register",
        request=RegisterSerializer,
        responses={201: RegisterResponseSerializer, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with transaction.atomic():
            user = services.user_create(
                email=values["email"],
                password=values["password"],
                display_name=values.get("display_name", ""),
                language=values.get("language", "fr"),
                currency=values.get("currency", "MAD"),
                country=values.get("country", ""),
            )
            token = api_token_issue(user=user)
        return Response(
            {"user": MeSerializer(user).data, "token": token}, status=status.HTTP_201_CREATED
        )


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
