"""The public REST API v1 (mounted at /api/v1/): URL map, schema and docs."""

from django.urls import path, re_path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from marketplace.accounts import api as accounts_api
from marketplace.catalogue import api as catalogue_api
from marketplace.conversations import api as conversations_api
from marketplace.favourites import api as favourites_api
from marketplace.moderation import api as moderation_api
from marketplace.orders import api as orders_api
from marketplace.provenance import api as provenance_api
from marketplace.reviews import api as reviews_api
from marketplace.seller.api import orders as seller_orders
from marketplace.seller.api import photos as seller_photos
from marketplace.seller.api import products as seller_api
from marketplace.shipping import api as shipping_api
from payments import api as payments_api

app_name = "api"


from marketplace.core import converters  # noqa: E402,F401  (registers <id:>)
from marketplace.core.api_docs import RedocView, SwaggerView  # noqa: E402


class EnglishSchemaView(SpectacularAPIView):
    """The OpenAPI schema, always in English: titles and descriptions in one language."""

    schema = None  # not an endpoint of its own schema

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # inside the override: titles are translated when rendered
        response["Content-Language"] = "en"
        return response


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
@schema(None)
def api_not_found(request, *args, **kwargs):
    """Answer an unknown API path with the error shape."""
    raise NotFound("No such API endpoint.")


urlpatterns = [
    path("schema/", EnglishSchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    # Accounts
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth_token"),
    path("auth/token/revoke/", accounts_api.TokenRevokeView.as_view(), name="auth_token_revoke"),
    path("auth/register/", accounts_api.RegisterView.as_view(), name="auth_register"),
    path("auth/verify/", accounts_api.VerifyView.as_view(), name="auth_verify"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/export/", accounts_api.DataExportView.as_view(), name="me_export"),
    path("me/addresses/", accounts_api.AddressList.as_view(), name="addresses"),
    path("me/addresses/<id:pk>/", accounts_api.AddressDetail.as_view(), name="address"),
    # Favourites, followed shops, alerts
    path("favourites/", favourites_api.FavouriteList.as_view(), name="favourites"),
    path(
        "favourites/<id:product_id>/",
        favourites_api.FavouriteDetail.as_view(),
        name="favourite",
    ),
    path("follows/", favourites_api.FollowList.as_view(), name="follows"),
    path("follows/<id:shop_id>/", favourites_api.FollowDetail.as_view(), name="follow"),
    path("alerts/", favourites_api.StockAlertList.as_view(), name="alerts"),
    path("alerts/settings/", favourites_api.AlertSettingsView.as_view(), name="alert_settings"),
    path("alerts/<id:pk>/", favourites_api.StockAlertDetail.as_view(), name="alert"),
    # Catalogue
    path("categories/", catalogue_api.CategoryList.as_view(), name="categories"),
    path("shops/", catalogue_api.ShopList.as_view(), name="shops"),
    path("shops/<slug:slug>/", catalogue_api.ShopDetail.as_view(), name="shop_detail"),
    path("products/", catalogue_api.ProductList.as_view(), name="products"),
    path("products/<slug:slug>/", catalogue_api.ProductDetail.as_view(), name="product_detail"),
    # Cart, checkout, orders
    path("cart/", orders_api.CartView.as_view(), name="cart"),
    path("cart/lines/", orders_api.CartLines.as_view(), name="cart_lines"),
    path("cart/lines/<id:line_id>/", orders_api.CartLineDetail.as_view(), name="cart_line"),
    path("checkout/", orders_api.CheckoutView.as_view(), name="checkout"),
    # Shipping abroad
    path("shipping/carriers/", shipping_api.CarrierList.as_view(), name="shipping_carriers"),
    path("shipping/quotes/", shipping_api.QuoteView.as_view(), name="shipping_quote"),
    path("orders/", orders_api.OrderList.as_view(), name="orders"),
    path("orders/<str:number>/", orders_api.OrderDetail.as_view(), name="order_detail"),
    path("orders/<str:number>/cancel/", orders_api.OrderCancel.as_view(), name="order_cancel"),
    path("orders/<str:number>/payment/", payments_api.OrderPayment.as_view(), name="order_payment"),
    path(
        "orders/<str:number>/cod/confirm/",
        payments_api.CodConfirm.as_view(),
        name="order_cod_confirm",
    ),
    path(
        "orders/<str:number>/cod/resend/", payments_api.CodResend.as_view(), name="order_cod_resend"
    ),
    path(
        "orders/<str:number>/payment/setup/",
        payments_api.OrderPaymentSetup.as_view(),
        name="order_payment_setup",
    ),
    # Sellers: their own shop
    path("seller/products/", seller_api.SellerProductList.as_view(), name="seller_products"),
    path(
        "seller/products/<id:product_id>/",
        seller_api.SellerProductDetail.as_view(),
        name="seller_product",
    ),
    path(
        "seller/products/<id:product_id>/submit/",
        seller_api.SellerProductSubmit.as_view(),
        name="seller_product_submit",
    ),
    path(
        "seller/products/<id:product_id>/variants/",
        seller_api.SellerVariantList.as_view(),
        name="seller_variants",
    ),
    path(
        "seller/products/<id:product_id>/variants/<id:variant_id>/",
        seller_api.SellerVariantDetail.as_view(),
        name="seller_variant",
    ),
    path(
        "seller/products/<id:product_id>/variants/<id:variant_id>/customs/",
        seller_api.SellerVariantCustoms.as_view(),
        name="seller_variant_customs",
    ),
    path(
        "seller/products/<id:product_id>/images/",
        seller_photos.SellerPhotoList.as_view(),
        name="seller_photos",
    ),
    path(
        "seller/products/<id:product_id>/images/<id:image_id>/",
        seller_photos.SellerPhotoDetail.as_view(),
        name="seller_photo",
    ),
    path("seller/orders/", seller_orders.SellerOrderList.as_view(), name="seller_orders"),
    path(
        "seller/orders/<str:number>/",
        seller_orders.SellerOrderDetail.as_view(),
        name="seller_order",
    ),
    path(
        "seller/orders/<str:number>/accept/",
        seller_orders.SellerOrderAccept.as_view(),
        name="seller_order_accept",
    ),
    path(
        "seller/orders/<str:number>/ship/",
        seller_orders.SellerOrderShip.as_view(),
        name="seller_order_ship",
    ),
    path(
        "seller/orders/<str:number>/cancel/",
        seller_orders.SellerOrderCancel.as_view(),
        name="seller_order_cancel",
    ),
    path(
        "seller/products/<id:product_id>/customs/",
        seller_api.SellerProductCustoms.as_view(),
        name="seller_product_customs",
    ),
    path(
        "seller/orders/<str:number>/documents/<str:kind>/",
        seller_orders.SellerOrderDocument.as_view(),
        name="seller_order_document",
    ),
    path("seller/balance/", seller_orders.SellerBalance.as_view(), name="seller_balance"),
    path("seller/payouts/", seller_orders.SellerPayoutList.as_view(), name="seller_payouts"),
    # Provenance: certificates and keys (public), claims, splits, members' pay (sellers)
    path(
        "certificates/<str:code>/",
        provenance_api.CertificateDetail.as_view(),
        name="certificate",
    ),
    path("provenance/keys/", provenance_api.PublicKeys.as_view(), name="provenance_keys"),
    path(
        "seller/label-claims/",
        provenance_api.SellerLabelClaims.as_view(),
        name="seller_label_claims",
    ),
    path(
        "seller/orders/<str:number>/certificates/",
        provenance_api.SellerCertificates.as_view(),
        name="seller_certificates",
    ),
    path("seller/split/", provenance_api.SellerSplit.as_view(), name="seller_split"),
    path(
        "seller/member-shares/",
        provenance_api.SellerMemberShares.as_view(),
        name="seller_member_shares",
    ),
    path(
        "seller/member-payments/",
        provenance_api.SellerMemberPayments.as_view(),
        name="seller_member_payments",
    ),
    # Reviews and reports
    path(
        "products/<slug:slug>/reviews/",
        reviews_api.ProductReviews.as_view(),
        name="product_reviews",
    ),
    path("shops/<slug:slug>/reviews/", reviews_api.ShopReviews.as_view(), name="shop_reviews"),
    path("reviews/", reviews_api.ReviewCreate.as_view(), name="reviews"),
    path("reviews/reviewable/", reviews_api.ReviewableLines.as_view(), name="reviewable"),
    path("reviews/<id:pk>/reply/", reviews_api.ReviewReply.as_view(), name="review_reply"),
    path("reports/", moderation_api.ReportCreate.as_view(), name="reports"),
    # Moderators
    path("moderation/queues/", moderation_api.Queues.as_view(), name="mod_queues"),
    path("moderation/shops/", moderation_api.ShopQueue.as_view(), name="mod_shops"),
    path(
        "moderation/shops/<id:pk>/verify/",
        moderation_api.ShopVerify.as_view(),
        name="mod_shop_verify",
    ),
    path(
        "moderation/shops/<id:pk>/reject/",
        moderation_api.ShopReject.as_view(),
        name="mod_shop_reject",
    ),
    path(
        "moderation/shops/<id:pk>/suspend/",
        moderation_api.ShopSuspend.as_view(),
        name="mod_shop_suspend",
    ),
    path(
        "moderation/shops/<id:pk>/reinstate/",
        moderation_api.ShopReinstate.as_view(),
        name="mod_shop_reinstate",
    ),
    path("moderation/products/", moderation_api.ProductQueue.as_view(), name="mod_products"),
    path(
        "moderation/products/<id:pk>/approve/",
        moderation_api.ProductApprove.as_view(),
        name="mod_product_approve",
    ),
    path(
        "moderation/products/<id:pk>/reject/",
        moderation_api.ProductReject.as_view(),
        name="mod_product_reject",
    ),
    path("moderation/reports/", moderation_api.ReportQueue.as_view(), name="mod_reports"),
    path(
        "moderation/reports/resolve/",
        moderation_api.ReportResolve.as_view(),
        name="mod_reports_resolve",
    ),
    path("moderation/reviews/", moderation_api.ReviewQueue.as_view(), name="mod_reviews"),
    path(
        "moderation/reviews/<id:pk>/hide/",
        moderation_api.ReviewHide.as_view(),
        name="mod_review_hide",
    ),
    path(
        "moderation/reviews/<id:pk>/check/",
        moderation_api.ReviewCheck.as_view(),
        name="mod_review_check",
    ),
    # Conversations, quotes and commissioned pieces
    path("conversations/", conversations_api.ConversationList.as_view(), name="conversations"),
    path(
        "conversations/<id:pk>/",
        conversations_api.ConversationDetail.as_view(),
        name="conversation",
    ),
    path(
        "conversations/<id:pk>/messages/",
        conversations_api.MessageList.as_view(),
        name="conversation_messages",
    ),
    path(
        "conversations/<id:pk>/read/",
        conversations_api.ConversationRead.as_view(),
        name="conversation_read",
    ),
    path(
        "conversations/<id:pk>/block/",
        conversations_api.ConversationBlock.as_view(),
        name="conversation_block",
    ),
    path(
        "conversations/<id:pk>/photos/<id:photo_id>/",
        conversations_api.ConversationPhoto.as_view(),
        name="conversation_photo",
    ),
    path(
        "conversations/<id:pk>/quotes/",
        conversations_api.QuoteCreate.as_view(),
        name="conversation_quotes",
    ),
    path("quotes/<id:pk>/", conversations_api.QuoteDetail.as_view(), name="quote"),
    path("quotes/<id:pk>/accept/", conversations_api.QuoteAccept.as_view(), name="quote_accept"),
    path("quotes/<id:pk>/decline/", conversations_api.QuoteDecline.as_view(), name="quote_decline"),
    path(
        "quotes/<id:pk>/withdraw/",
        conversations_api.QuoteWithdraw.as_view(),
        name="quote_withdraw",
    ),
    path("commissions/", conversations_api.CommissionList.as_view(), name="commissions"),
    path("commissions/<id:pk>/", conversations_api.CommissionDetail.as_view(), name="commission"),
    path(
        "commissions/<id:pk>/payment/setup/",
        conversations_api.CommissionPaymentSetup.as_view(),
        name="commission_payment_setup",
    ),
    path(
        "commissions/<id:pk>/payment/",
        conversations_api.CommissionPayment.as_view(),
        name="commission_payment",
    ),
    path(
        "commissions/<id:pk>/progress/",
        conversations_api.CommissionProgress.as_view(),
        name="commission_progress",
    ),
    path(
        "commissions/<id:pk>/start/",
        conversations_api.CommissionStart.as_view(),
        name="commission_start",
    ),
    path(
        "commissions/<id:pk>/ready/",
        conversations_api.CommissionReady.as_view(),
        name="commission_ready",
    ),
    path(
        "commissions/<id:pk>/cancel/",
        conversations_api.CommissionCancel.as_view(),
        name="commission_cancel",
    ),
    # Anything else under /api/v1/ is a 404 in the API's error shape, not an HTML page.
    re_path(r"^.*$", api_not_found, name="not_found"),
]
