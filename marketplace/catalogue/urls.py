from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("p/<slug:slug>/", views.product_detail, name="product"),
    path("shops/<slug:slug>/", views.shop_detail, name="shop"),
    path("artisans/<slug:slug>/", views.artisan_detail, name="artisan"),
    path("cooperatives/<slug:slug>/", views.cooperative_detail, name="cooperative"),
]
