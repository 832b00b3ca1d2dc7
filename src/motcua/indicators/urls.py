"""Page URLs of the indicators package."""

from django.urls import URLPattern

app_name = "indicators"

urlpatterns: list[URLPattern] = []
