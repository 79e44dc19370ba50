"""Provenance API: public certificates and keys; label claims, certificates, splits and members'
payments for sellers (their own shop only: anything else is a 404)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans import selectors as artisans_selectors
from marketplace.core.api import error_responses
from marketplace.core.ratelimit import LimitUnavailable
from marketplace.orders.models import ShopOrder

from . import selectors, services, throttle
from .errors import ProvenanceError, ProvenanceErrorCode
from .models import LabelClaim, MemberPayment, SigningKey

# --- Public -------------------------------------------------------------------------------------


class SignedCertificateSerializer(serializers.Serializer):
    alg = serializers.CharField()
    kid = serializers.CharField()
    payload = serializers.DictField()
    signature = serializers.CharField(help_text="Ed25519 over the payload's canonical JSON.")


def certificate_data(certificate) -> dict:
    return {
        "alg": "Ed25519",
        "kid": certificate.kid,
        "payload": certificate.payload,
        "signature": certificate.signature,
    }


class CertificateDetail(APIView):
    """A piece's signed certificate (public; look-ups are rate-limited per address)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["provenance"],
        operation_id="certificates_retrieve",
        responses={200: SignedCertificateSerializer, **error_responses(404, 429)},
    )
    def get(self, request, code: str):
        try:
            allowed = throttle.lookup_allowed(request)
        except LimitUnavailable:
            raise ProvenanceError(ProvenanceErrorCode.TOO_MANY_TRIES, status=503) from None
        if not allowed:
            raise ProvenanceError(ProvenanceErrorCode.TOO_MANY_TRIES)
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            throttle.lookup_missed(request)
            raise NotFound("No certificate has this code.")
        return Response(certificate_data(certificate))


class PublicKeySerializer(serializers.Serializer):
    kid = serializers.CharField()
    alg = serializers.CharField()
    public_key = serializers.CharField(help_text="Raw 32-byte Ed25519 key, base64url.")
    created = serializers.DateTimeField()
    retired = serializers.DateTimeField(allow_null=True)


class PublicKeys(APIView):
    """Every key that ever signed a certificate (the active one has no `retired`)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["provenance"],
        operation_id="provenance_keys_list",
        responses={200: PublicKeySerializer(many=True)},
    )
    def get(self, request):
        return Response(
            [
                {
                    "kid": key.kid,
                    "alg": key.algorithm,
                    "public_key": key.public_key,
                    "created": key.created_at,
                    "retired": key.retired_at,
                }
                for key in SigningKey.objects.order_by("created_at", "pk")
            ]
        )


# --- Sellers ------------------------------------------------------------------------------------


class IsSeller(permissions.BasePermission):
    message = "Only sellers may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and (
            artisans_selectors.seller_access(user) is not None
        )


def _shop(request, permission: str):
    access = artisans_selectors.seller_access(request.user)
    if access is None or not access.can(permission):
        raise NotFound("Not found.")
    return access.shop


class ClaimSerializer(serializers.ModelSerializer):
    label = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    product = serializers.PrimaryKeyRelatedField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = LabelClaim
        fields = [
            "id", "label", "product", "certificate_number", "expires_on", "status", "reason",
            "verified_at", "created_at",
        ]  # fmt: skip


class ClaimInSerializer(serializers.Serializer):
    label = serializers.SlugField(max_length=80)
    product = serializers.IntegerField(required=False, min_value=1)
    certificate_number = serializers.CharField(max_length=80)
    expires_on = serializers.DateField(required=False)
    document = serializers.FileField()


class SellerLabelClaims(APIView):
    """The shop's label claims; POST (multipart) claims a label with the certificate's scan."""

    permission_classes = [IsSeller]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=["seller"], operation_id="seller_label_claims_list",
                   responses={200: ClaimSerializer(many=True)})  # fmt: skip
    def get(self, request):
        shop = _shop(request, "settings")
        return Response(ClaimSerializer(selectors.shop_claims(shop), many=True).data)

    @extend_schema(
        tags=["seller"],
        operation_id="seller_label_claims_create",
        request={"multipart/form-data": ClaimInSerializer},
        responses={201: ClaimSerializer, **error_responses(400, 404)},
    )
    def post(self, request):
        shop = _shop(request, "settings")
        data = ClaimInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        from .models import Label

        label = Label.objects.filter(slug=values["label"]).first()
        if label is None:
            raise NotFound("No such label.")
        claim = services.label_claim_submit(
            shop=shop,
            actor=request.user,
            label_id=label.pk,
            certificate_number=values["certificate_number"],
            document=values["document"],
            expires_on=values.get("expires_on"),
            product_id=values.get("product"),
        )
        return Response(ClaimSerializer(claim).data, status=201)


class SellerCertificates(APIView):
    """The certificates of the shop's part of an order; POST makes any still missing."""

    permission_classes = [IsSeller]

    def _shop_order(self, request, number: str):
        shop = _shop(request, "orders")
        shop_order = ShopOrder.objects.filter(shop=shop, order__number=number).first()
        if shop_order is None:  # another shop's order, or none: the same answer
            raise NotFound("Not found.")
        return shop, shop_order

    @extend_schema(tags=["seller"], operation_id="seller_certificates_list",
                   responses={200: SignedCertificateSerializer(many=True)})  # fmt: skip
    def get(self, request, number: str):
        _shop, shop_order = self._shop_order(request, number)
        return Response([certificate_data(c) for c in selectors.certificates_of(shop_order)])

    @extend_schema(
        tags=["seller"],
        operation_id="seller_certificates_issue",
        request=None,
        responses={200: SignedCertificateSerializer(many=True), **error_responses(404, 409)},
    )
    def post(self, request, number: str):
        shop, shop_order = self._shop_order(request, number)
        services.certificates_issue(shop_order_id=shop_order.pk, actor=request.user, shop=shop)
        return Response([certificate_data(c) for c in selectors.certificates_of(shop_order)])


class SplitInSerializer(serializers.Serializer):
    product = serializers.IntegerField(required=False, min_value=1, allow_null=True)
    fund_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    makers = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), max_length=20
    )


class SellerSplit(APIView):
    """Set the cooperative's split (default or per product): makers' % + fund % = 100."""

    permission_classes = [IsSeller]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_split_set",
        request=SplitInSerializer,
        responses={200: SplitInSerializer, **error_responses(400, 404)},
    )
    def post(self, request):
        shop = _shop(request, "members")
        data = SplitInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        makers = [(row.get("artisan", ""), row.get("percent", "")) for row in values["makers"]]
        rule = services.split_rule_set(
            shop=shop,
            actor=request.user,
            fund_percent=values["fund_percent"],
            makers=makers,
            product_id=values.get("product"),
        )
        return Response(
            {
                "product": rule.product_id,
                "fund_percent": str(rule.fund_percent),
                "makers": [
                    {"artisan": str(m.artisan_id), "percent": str(m.percent)}
                    for m in rule.makers.all()
                ],
            }
        )


class ShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    artisan = serializers.IntegerField(source="artisan_id")
    line = serializers.IntegerField(source="line_id")
    piece = serializers.IntegerField()
    title = serializers.CharField(source="line.title")
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount_mad = serializers.DecimalField(max_digits=12, decimal_places=2)


class MemberPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberPayment
        fields = ["id", "artisan", "amount_mad", "paid_on", "method", "status", "answered_at"]


class PaymentInSerializer(serializers.Serializer):
    artisan = serializers.IntegerField(min_value=1)
    shares = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=500)
    paid_on = serializers.DateField()
    method = serializers.ChoiceField(choices=MemberPayment.Method.choices)
    phone = serializers.CharField(max_length=32)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="ar")


class SellerMemberShares(APIView):
    """Makers' shares not yet paid (cooperative managers)."""

    permission_classes = [IsSeller]

    @extend_schema(tags=["seller"], operation_id="seller_member_shares_list",
                   responses={200: ShareSerializer(many=True)})  # fmt: skip
    def get(self, request):
        shop = _shop(request, "members")
        return Response(ShareSerializer(selectors.shares_unpaid(shop=shop), many=True).data)


class SellerMemberPayments(APIView):
    """Payments to members (cooperative managers); POST records one and texts the member."""

    permission_classes = [IsSeller]
    parser_classes = [JSONParser]

    @extend_schema(tags=["seller"], operation_id="seller_member_payments_list",
                   responses={200: MemberPaymentSerializer(many=True)})  # fmt: skip
    def get(self, request):
        shop = _shop(request, "members")
        return Response(
            MemberPaymentSerializer(MemberPayment.objects.filter(shop=shop)[:200], many=True).data
        )

    @extend_schema(
        tags=["seller"],
        operation_id="seller_member_payments_create",
        request=PaymentInSerializer,
        responses={201: MemberPaymentSerializer, **error_responses(400, 404)},
    )
    def post(self, request):
        shop = _shop(request, "members")
        data = PaymentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        payment = services.member_payment_record(
            shop=shop,
            actor=request.user,
            artisan_id=values["artisan"],
            share_ids=values["shares"],
            paid_on=values["paid_on"],
            method=values["method"],
            phone=values["phone"],
            language=values["language"],
        )
        return Response(MemberPaymentSerializer(payment).data, status=201)
