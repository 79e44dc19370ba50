from django.urls import path

from . import views

app_name = "favourites"

urlpatterns = [
    path("", views.favourites_page, name="list"),
    path("add/", views.favourite_add, name="add"),
    path("remove/", views.favourite_remove, name="remove"),
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
    path("alerts/", views.alerts_page, name="alerts"),
    path("alerts/add/", views.alert_add, name="alert_add"),
    path("recent/", views.recent, name="recent"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
