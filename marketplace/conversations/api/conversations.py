"""Conversations API: threads, messages with photos, read marks and blocks."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.core.api import Pagination, error_responses

from .. import selectors, services
from ..photos import photo_response
from .serializers import (
    SIDE_PARAM,
    TAG,
    BlockSerializer,
    ConversationSerializer,
    ConversationStartSerializer,
    ConversationStartTextSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    MessageTextSerializer,
    ReadSerializer,
    _access,
    _currency,
    _side,
    conversation_data,
    message_data,
)

# --- views ---------------------------------------------------------------------------------------


class ConversationList(generics.GenericAPIView):
    """The caller's conversations (as a buyer, or for their shops); start one with a shop."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = ConversationSerializer
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_list",
        parameters=[SIDE_PARAM],
        responses=ConversationSerializer(many=True),
    )
    def get(self, request):
        side = _side(request)
        page = self.paginate_queryset(selectors.inbox(user=request.user, side=side))
        return self.get_paginated_response([conversation_data(c, side) for c in page])

    @extend_schema(
        tags=TAG,
        operation_id="conversations_create",
        request={
            "application/json": ConversationStartTextSerializer,
            "multipart/form-data": ConversationStartSerializer,
        },
        responses={201: MessageSerializer, **error_responses(409)},
        description="Start (or continue) the conversation with a shop, from a piece or an order.",
    )
    def post(self, request):
        data = ConversationStartSerializer(
            data={**_form(request), "photos": request.FILES.getlist("photos")}
        )
        data.is_valid(raise_exception=True)
        values = data.validated_data
        shop = get_object_or_404(Shop, slug=values["shop"])
        product_id = None
        if values.get("product"):
            product_id = get_object_or_404(Product, slug=values["product"], shop=shop).pk
        conversation, message = services.conversation_start(
            buyer=request.user,
            shop_id=shop.pk,
            text=values["text"],
            photos=values["photos"],
            product_id=product_id,
            order_number=values.get("order"),
        )
        access = selectors.conversation_access(user=request.user, conversation_id=conversation.pk)
        return Response(
            message_data(request, message, access, _currency(request)),
            status=status.HTTP_201_CREATED,
        )


def _form(request) -> dict:
    """The request's fields as plain values (multipart lists flattened, files left out)."""
    if hasattr(request.data, "getlist"):
        return {k: request.data.get(k) for k in request.data if k != "photos"}
    return {k: v for k, v in dict(request.data).items() if k != "photos"}


class ConversationDetail(APIView):
    """One conversation (404 unless you are its buyer, its shop or staff — audited)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG, operation_id="conversations_retrieve", responses=ConversationSerializer
    )
    def get(self, request, pk: int):
        access = _access(request, pk)
        return Response(conversation_data(access.conversation, access.side))


class MessageList(generics.GenericAPIView):
    """A conversation's messages (oldest first, paginated); send text and photos (multipart)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = MessageSerializer
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG, operation_id="conversations_messages_list", responses=MessageSerializer(many=True)
    )
    def get(self, request, pk: int):
        access = _access(request, pk)
        messages = selectors.conversation_messages(
            conversation=access.conversation, staff=access.staff
        )
        page = self.paginate_queryset(messages)
        currency = _currency(request)
        return self.get_paginated_response(
            [message_data(request, m, access, currency) for m in page]
        )

    @extend_schema(
        tags=TAG,
        operation_id="conversations_messages_create",
        request={
            "multipart/form-data": MessageCreateSerializer,
            "application/json": MessageTextSerializer,
        },
        responses={201: MessageSerializer, **error_responses(409)},
        description="Contact details are masked until a first paid order between the two "
        "(the answer's `masked` says so); 429 when sending too fast.",
    )
    def post(self, request, pk: int):
        data = MessageCreateSerializer(
            data={**_form(request), "photos": request.FILES.getlist("photos")}
        )
        data.is_valid(raise_exception=True)
        message = services.message_send(
            conversation_id=pk,
            sender=request.user,
            text=data.validated_data["text"],
            photos=data.validated_data["photos"],
        )
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
        return Response(
            message_data(request, message, access, _currency(request)),
            status=status.HTTP_201_CREATED,
        )


class ConversationRead(APIView):
    """Mark the conversation read for your side (read receipts, unread counts)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG, operation_id="conversations_read", request=None, responses=ReadSerializer
    )
    def post(self, request, pk: int):
        upto = services.conversation_mark_read(conversation_id=pk, user=request.user)
        return Response({"read_upto": upto})


class ConversationBlock(APIView):
    """Block (or unblock) the other side of the conversation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_block",
        request=BlockSerializer,
        responses=ConversationSerializer,
    )
    def post(self, request, pk: int):
        data = BlockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = services.conversation_block(
            conversation_id=pk, user=request.user, blocked=data.validated_data["blocked"]
        )
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
        return Response(conversation_data(conversation, access.side))


class ConversationPhoto(APIView):
    """A photo of the conversation (only for its people and staff); `size=thumb` for a copy."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_photo",
        parameters=[OpenApiParameter("size", str, enum=["full", "thumb"], required=False)],
        responses={
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, pk: int, photo_id: int):
        photo, _access = selectors.message_photo_for(user=request.user, photo_id=photo_id)
        if photo.message.conversation_id != pk:
            return Response(
                {"code": "not_found", "message": "Not found.", "fields": {}}, status=404
            )
        return photo_response(photo, request.query_params.get("size", "full"))
