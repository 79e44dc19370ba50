from django.contrib import admin

from .models import Category, Material, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_en", "title_fr", "title_ar", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["slug", "title_en", "title_fr", "title_ar", "title_es"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_en", "title_fr", "title_ar"]
    search_fields = ["slug", "title_en", "title_fr", "title_ar"]


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ["sku", "options", "price", "stock", "is_active", "position"]
    # [hardening] Prices and stock move through the sellers' services (locks, F(), checks),
    # never typed in here.
    readonly_fields = ["price", "stock"]

    def has_add_permission(self, request, obj=None):
        return False  # a variant is made by its seller, with its price and stock


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["original", "alt_text", "position"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["__str__", "shop", "category", "status", "price", "in_stock", "published_at"]
    list_filter = ["status", "category", "region", "made_to_order", "featured", "in_stock"]
    search_fields = ["slug", "title_en", "title_fr", "title_ar", "shop__name"]
    raw_id_fields = ["shop", "maker"]
    list_select_related = ["shop", "category"]
    filter_horizontal = ["materials"]
    # The status moves only through the review services: moderation adds the approve and
    # reject actions (marketplace/moderation/admin.py, the layer above).
    readonly_fields = [
        "status",
        "status_reason",
        "published_at",
        "price",
        "in_stock",
        "rating_avg",
        "rating_count",
    ]
    inlines = [VariantInline, ProductImageInline]


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "shop", "price", "stock", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["sku", "product__title_en", "product__title_fr"]
    raw_id_fields = ["product", "shop"]
    readonly_fields = ["price", "stock"]  # [hardening] through the sellers' services only

    def has_add_permission(self, request):
        return False


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["product", "position", "alt_text", "width", "height"]
    search_fields = ["product__slug", "alt_text"]
    raw_id_fields = ["product"]
