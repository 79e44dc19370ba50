from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "marketplace.reviews"
    label = "reviews"

    def ready(self):
        from marketplace.caching import register, register_prefetch

        from .models import Review
        from .templatetags.reviews_tags import page_prefetch

        # The product page reads its latest reviews: fetched with its other fragments.
        register_prefetch("catalogue.product_page", page_prefetch)

        # A review shows on its product's page (the summary is the product's own row).
        register(Review, lambda review, old, deleted: {f"product:{review.product_id}"})
