"""sitemap.xml: home, categories, public products and verified shops in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .models import Category


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "catalogue:product_list"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Category.objects.order_by("position", "slug")

    def location(self, item):
        return reverse("catalogue:category", args=[item.slug])


class ProductSitemap(_I18nSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.sitemap_products()

    def location(self, item):
        return reverse("catalogue:product", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class ShopSitemap(_I18nSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.sitemap_shops()

    def location(self, item):
        return reverse("catalogue:shop", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": HomeSitemap,
    "categories": CategorySitemap,
    "products": ProductSitemap,
    "shops": ShopSitemap,
}
