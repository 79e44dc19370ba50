from django.urls import path

from .personal import personal

app_name = "caching"

urlpatterns = [path("_personal/", personal, name="personal")]
