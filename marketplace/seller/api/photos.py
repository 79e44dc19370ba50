"""API for sellers: their products' photos (multipart upload, alt text, removal)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.api import ProductImageSerializer
from marketplace.catalogue.models import ProductImage
from marketplace.core.api import error_responses

from .access import IsSeller, own_product


class PhotoUploadSerializer(serializers.Serializer):
    images = serializers.ListField(
        child=serializers.FileField(max_length=200, allow_empty_file=False),
        min_length=1,
        max_length=10,
        help_text="JPEG, PNG or WebP; checked by content, cleaned of metadata.",
    )
    alt_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PhotoUpdateSerializer(serializers.Serializer):
    alt_text = serializers.CharField(max_length=200, allow_blank=True)


class SellerPhotoList(APIView):
    """Upload photos (multipart, several at once) to one of the caller's products."""

    permission_classes = [IsSeller]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_photos_create",
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: ProductImageSerializer(many=True), **error_responses(409)},
    )
    def post(self, request, product_id: int):
        product = own_product(request, product_id)
        data = PhotoUploadSerializer(
            data={
                "images": request.FILES.getlist("images"),
                "alt_text": request.data.get("alt_text", ""),
            }
        )
        data.is_valid(raise_exception=True)
        images = catalogue_services.product_photos_add(
            product_id=product.pk,
            actor=request.user,
            files=data.validated_data["images"],
            alt_text=data.validated_data["alt_text"],
        )
        return Response(
            ProductImageSerializer(images, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SellerPhotoDetail(APIView):
    """Set a photo's alt text, or remove the photo."""

    permission_classes = [IsSeller]

    def _image(self, request, product_id: int, image_id: int) -> ProductImage:
        product = own_product(request, product_id)
        image = ProductImage.objects.filter(pk=image_id, product=product).first()
        if image is None:
            raise NotFound("No such photo.")
        return image

    @extend_schema(
        tags=["seller"],
        operation_id="seller_photos_partial_update",
        request=PhotoUpdateSerializer,
        responses=ProductImageSerializer,
    )
    def patch(self, request, product_id: int, image_id: int):
        image = self._image(request, product_id, image_id)
        data = PhotoUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = catalogue_services.product_photo_update(
            image_id=image.pk, actor=request.user, alt_text=data.validated_data["alt_text"]
        )
        return Response(ProductImageSerializer(image, context={"request": request}).data)

    @extend_schema(tags=["seller"], operation_id="seller_photos_destroy", responses={204: None})
    def delete(self, request, product_id: int, image_id: int):
        image = self._image(request, product_id, image_id)
        catalogue_services.product_photo_delete(image_id=image.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
