from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "marketplace.reviews"
    label = "reviews"

    def ready(self):
        from marketplace.caching import register

        from .models import Review

        # A review shows on its product's page (the summary is the product's own row).
        register(Review, lambda review, old, deleted: {f"product:{review.product_id}"})
