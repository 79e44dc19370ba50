"""API: favourites, followed shops, back-in-stock alerts and alert settings of the caller."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import error_responses

from . import selectors, services
from .errors import FavouriteError, FavouriteErrorCode
from .models import Favourite, Follow, StockAlert

TAGS = ["favourites"]


class FavouriteProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class FollowedShopSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class FavouriteSerializer(serializers.Serializer):
    product = FavouriteProductSerializer()
    saved_at = serializers.DateTimeField(source="created_at")


class FavouriteCreateSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1, help_text="The piece's id.")


class FollowSerializer(serializers.Serializer):
    shop = FollowedShopSerializer()
    digest = serializers.BooleanField(help_text="E-mail its new pieces, once a week at most.")
    followed_at = serializers.DateTimeField(source="created_at")


class FollowCreateSerializer(serializers.Serializer):
    shop = serializers.IntegerField(min_value=1, help_text="The shop's id.")
    digest = serializers.BooleanField(required=False, default=True)


class FollowUpdateSerializer(serializers.Serializer):
    digest = serializers.BooleanField()


class AlertVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())


class StockAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = FavouriteProductSerializer(source="variant.product")
    variant = AlertVariantSerializer()
    asked_at = serializers.DateTimeField(source="created_at")


class StockAlertCreateSerializer(serializers.Serializer):
    variant = serializers.IntegerField(min_value=1, help_text="A sold-out variant's id.")


class _RequiredBooleanField(serializers.BooleanField):
    """A boolean a form body must name too (DRF reads a missing form checkbox as False)."""

    default_empty_html = serializers.empty


class AlertSettingsSerializer(serializers.Serializer):
    cart_reminder = _RequiredBooleanField(
        help_text="One e-mail about a cart left for 24 hours (off until you turn it on)."
    )


class _Mine(APIView):
    permission_classes = [permissions.IsAuthenticated]


class FavouriteList(_Mine):
    """The pieces the caller loves; add one (adding twice keeps one)."""

    @extend_schema(
        tags=TAGS,
        operation_id="favourites_list",
        responses={200: FavouriteSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        rows = Favourite.objects.filter(user=request.user).select_related("product")[:1000]
        return Response(FavouriteSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="favourites_create",
        request=FavouriteCreateSerializer,
        responses={201: FavouriteSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request):
        data = FavouriteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        favourite = services.favourite_add(
            user=request.user, product_id=data.validated_data["product"]
        )
        favourite = Favourite.objects.select_related("product").get(pk=favourite.pk)
        return Response(FavouriteSerializer(favourite).data, status=status.HTTP_201_CREATED)


class FavouriteDetail(_Mine):
    """Take a piece out of the caller's favourites."""

    @extend_schema(
        tags=TAGS,
        operation_id="favourites_destroy",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request, product_id):
        if not services.favourite_remove(user=request.user, product_id=product_id):
            raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FollowList(_Mine):
    """The shops the caller follows; follow one."""

    @extend_schema(
        tags=TAGS,
        operation_id="follows_list",
        responses={200: FollowSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        return Response(
            FollowSerializer(selectors.followed_shops(user=request.user), many=True).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="follows_create",
        request=FollowCreateSerializer,
        responses={201: FollowSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request):
        data = FollowCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow = services.follow_add(
            user=request.user,
            shop_id=data.validated_data["shop"],
            digest=data.validated_data["digest"],
        )
        follow = Follow.objects.select_related("shop").get(pk=follow.pk)
        return Response(FollowSerializer(follow).data, status=status.HTTP_201_CREATED)


class FollowDetail(_Mine):
    """Turn a followed shop's weekly e-mail on or off, or stop following it."""

    @extend_schema(
        tags=TAGS,
        operation_id="follows_partial_update",
        request=FollowUpdateSerializer,
        responses={200: FollowSerializer, **error_responses(400, 401, 404)},
    )
    def patch(self, request, shop_id):
        data = FollowUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow = services.follow_set_digest(
            user=request.user, shop_id=shop_id, digest=data.validated_data["digest"]
        )
        follow = Follow.objects.select_related("shop").get(pk=follow.pk)
        return Response(FollowSerializer(follow).data)

    @extend_schema(
        tags=TAGS,
        operation_id="follows_destroy",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request, shop_id):
        if not services.follow_remove(user=request.user, shop_id=shop_id):
            raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StockAlertList(_Mine):
    """The caller's waiting back-in-stock alerts; ask for one on a sold-out variant."""

    @extend_schema(
        tags=TAGS,
        operation_id="alerts_list",
        responses={200: StockAlertSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        return Response(
            StockAlertSerializer(selectors.stock_alerts_of(request.user), many=True).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="alerts_create",
        request=StockAlertCreateSerializer,
        responses={201: StockAlertSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request):
        data = StockAlertCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = services.stock_alert_create(
            user=request.user, variant_id=data.validated_data["variant"]
        )
        alert = StockAlert.objects.select_related("variant__product").get(pk=alert.pk)
        return Response(StockAlertSerializer(alert).data, status=status.HTTP_201_CREATED)


class StockAlertDetail(_Mine):
    """Withdraw a waiting alert."""

    @extend_schema(
        tags=TAGS,
        operation_id="alerts_destroy",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request, pk):
        if not services.stock_alert_cancel(user=request.user, alert_id=pk):
            raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlertSettingsView(_Mine):
    """The caller's e-mail choices not tied to a piece or shop (the cart reminder)."""

    @extend_schema(
        tags=TAGS,
        operation_id="alert_settings_retrieve",
        responses={200: AlertSettingsSerializer, **error_responses(401)},
    )
    def get(self, request):
        return Response(AlertSettingsSerializer(services.alert_settings_for(request.user)).data)

    @extend_schema(
        tags=TAGS,
        operation_id="alert_settings_update",
        request=AlertSettingsSerializer,
        responses={200: AlertSettingsSerializer, **error_responses(400, 401)},
    )
    def put(self, request):
        data = AlertSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.alert_settings_update(
            user=request.user, cart_reminder=data.validated_data["cart_reminder"]
        )
        return Response(AlertSettingsSerializer(found).data)
