from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("<str:number>/", views.pay, name="pay"),
    path("<str:number>/cash/", views.cod_confirm, name="cod_confirm"),
    path("<str:number>/setup/", views.pay_setup, name="setup"),
    path("<str:number>/confirm/", views.pay_confirm, name="confirm"),
    path("<str:number>/sync/", views.pay_sync, name="sync"),
    path("<str:number>/done/", views.pay_done, name="done"),
]
