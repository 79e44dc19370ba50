from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.my_reviews, name="mine"),
    path("write/<int:line_id>/", views.review_write, name="write"),
    path("<int:pk>/reply/", views.review_reply, name="reply"),
]
