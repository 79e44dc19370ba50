from django.urls import path

from marketplace.core import converters  # noqa: F401  (registers <id:>)

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.my_reviews, name="mine"),
    path("write/<id:line_id>/", views.review_write, name="write"),
    path("<id:pk>/reply/", views.review_reply, name="reply"),
]
