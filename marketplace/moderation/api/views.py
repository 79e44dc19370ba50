"""API for moderators (queues, decisions with reasons, reports) and for reporting an item."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ReportThrottle, error_responses
from marketplace.core.net import client_ip

from .. import selectors, services
from ..models import Flag
from .serializers import (
    DecisionSerializer,
    HideSerializer,
    NoteSerializer,
    PendingProductSerializer,
    PendingShopSerializer,
    ProductRejectSerializer,
    QueueCountsSerializer,
    ReportCreatedSerializer,
    ReportGroupSerializer,
    ReportSerializer,
    ResolvedSerializer,
    ResolveSerializer,
    ReviewToCheckSerializer,
    ShopRejectSerializer,
    SuspendSerializer,
)


class IsModerator(permissions.BasePermission):
    """Staff of the moderators group (and administrators)."""

    message = "Only moderators may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_moderator)


def _decision(obj) -> Response:
    return Response({"status": obj.status, "status_reason": obj.status_reason})


class Queues(APIView):
    """How many items wait in each queue."""

    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"], operation_id="moderation_queues", responses=QueueCountsSerializer
    )
    def get(self, request):
        return Response(selectors.queue_counts())


class ShopQueue(ListAPIView):
    """Shops waiting for verification, oldest application first."""

    permission_classes = [IsModerator]
    serializer_class = PendingShopSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.shops_pending()

    @extend_schema(tags=["moderation"], operation_id="moderation_shops_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProductQueue(ListAPIView):
    """Products waiting for review, oldest first."""

    permission_classes = [IsModerator]
    serializer_class = PendingProductSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.products_pending()

    @extend_schema(tags=["moderation"], operation_id="moderation_products_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReportQueue(ListAPIView):
    """Open reports gathered per item, the most reported first."""

    permission_classes = [IsModerator]
    serializer_class = ReportGroupSerializer
    filter_backends = []

    def get_queryset(self):
        rows = []
        for row in selectors.flags_open_grouped():
            for kind in ("product", "shop", "review", "message"):
                if row.get(f"{kind}_id"):
                    rows.append({"kind": kind, "id": row[f"{kind}_id"], "count": row["count"]})
        return rows

    @extend_schema(tags=["moderation"], operation_id="moderation_reports_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReviewQueue(ListAPIView):
    """Visible reviews no moderator has read yet (reported first, then low ratings)."""

    permission_classes = [IsModerator]
    serializer_class = ReviewToCheckSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.reviews_to_check()

    @extend_schema(tags=["moderation"], operation_id="moderation_reviews_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _decide(name, request_serializer, call, *, description):
    """Build a moderator POST view that validates a body and calls one service."""

    @extend_schema(
        tags=["moderation"],
        operation_id=f"moderation_{name}",
        description=description,
        request=request_serializer,
        responses={200: DecisionSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        values = {}
        if request_serializer is not None:
            data = request_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
        return _decision(call(pk, request.user, values))

    return type(
        name.title().replace("_", ""),
        (APIView,),
        {"permission_classes": [IsModerator], "post": post, "__doc__": description},
    )


ShopVerify = _decide(
    "shops_verify",
    None,
    lambda pk, user, v: services.shop_verify(shop_id=pk, actor=user),
    description="Verify a pending shop: it can sell.",
)


ShopReject = _decide(
    "shops_reject",
    ShopRejectSerializer,
    lambda pk, user, v: services.shop_reject(
        shop_id=pk, actor=user, reason=v["reason"], reason_code=v["reason_code"]
    ),
    description="Refuse a pending shop with a reason (from the list and/or free text).",
)


ShopSuspend = _decide(
    "shops_suspend",
    SuspendSerializer,
    lambda pk, user, v: services.shop_suspend(
        shop_id=pk, actor=user, reason=v["reason"], reason_code=v["reason_code"]
    ),
    description="Suspend a shop: all its products are hidden and its payouts paused.",
)


ShopReinstate = _decide(
    "shops_reinstate",
    NoteSerializer,
    lambda pk, user, v: services.shop_reinstate(shop_id=pk, actor=user, reason=v["reason"]),
    description="Lift a suspension: the shop's products are visible again.",
)


ProductApprove = _decide(
    "products_approve",
    None,
    lambda pk, user, v: services.product_approve(product_id=pk, actor=user),
    description="Publish a product waiting for review.",
)


ProductReject = _decide(
    "products_reject",
    ProductRejectSerializer,
    lambda pk, user, v: services.product_reject(
        product_id=pk, actor=user, reason=v["reason"], reason_code=v["reason_code"]
    ),
    description="Refuse (or take down) a product with a reason the seller receives.",
)


class ReviewHide(APIView):
    """Hide a review from the public, with a reason."""

    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        operation_id="moderation_reviews_hide",
        request=HideSerializer,
        responses={200: ReviewToCheckSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        from marketplace.reviews.services import review_hide

        data = HideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_hide(review_id=pk, actor=request.user, reason=data.validated_data["reason"])
        return Response(_review_row(review))


class ReviewCheck(APIView):
    """Mark a review as read and left visible."""

    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        operation_id="moderation_reviews_check",
        request=None,
        responses={200: ReviewToCheckSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        from marketplace.reviews.services import review_mark_checked

        return Response(_review_row(review_mark_checked(review_id=pk, actor=request.user)))


def _review_row(review) -> dict:
    review.open_flags = review.flags.filter(status=Flag.Status.OPEN).count()
    return ReviewToCheckSerializer(review).data


class ReportResolve(APIView):
    """Resolve every open report on one item: no action, hide it, or suspend the shop."""

    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        operation_id="moderation_reports_resolve",
        request=ResolveSerializer,
        responses={200: ResolvedSerializer, **error_responses(409)},
    )
    def post(self, request):
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        count = services.flag_resolve(
            kind=v["kind"],
            pk=v["id"],
            actor=request.user,
            resolution=v["resolution"],
            note=v["note"],
        )
        return Response({"resolved": count})


class ReportCreate(APIView):
    """Report a product, shop or review to the moderators (anyone; rate-limited)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [ReportThrottle]

    @extend_schema(
        tags=["reports"],
        operation_id="reports_create",
        request=ReportSerializer,
        responses={201: ReportCreatedSerializer},
    )
    def post(self, request):
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        flag = services.flag_create(
            kind=v["kind"],
            pk=v["id"],
            reason=v["reason"],
            note=v["note"],
            reporter=request.user,
            ip=client_ip(request),
        )
        return Response({"id": flag.pk, "status": flag.status}, status=status.HTTP_201_CREATED)
