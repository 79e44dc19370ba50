"""Conversation pages, mounted at /<lang>/messages/."""

from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("shop/", views.shop_inbox, name="shop_inbox"),
    path("workshop/", views.workshop, name="workshop"),
    path("new/", views.start, name="start"),
    path("<id:pk>/", views.thread, name="thread"),
    path("<id:pk>/", views.thread, name="shop_thread"),
    path("<id:pk>/send/", views.send, name="send"),
    path("<id:pk>/block/", views.block, name="block"),
    path("<id:pk>/quote/", views.quote_create, name="quote_create"),
    path("photos/<id:photo_id>/<str:size>/", views.photo, name="photo"),
    path("quotes/<id:pk>/accept/", views.quote_accept, name="quote_accept"),
    path("quotes/<id:pk>/<str:action>/", views.quote_close, name="quote_close"),
    path("commissions/<id:pk>/", views.commission, name="commission"),
    path("commissions/<id:pk>/<str:action>/", views.commission_action, name="commission_action"),
]
