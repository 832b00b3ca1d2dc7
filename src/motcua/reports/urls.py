"""Page URLs of the reports package."""

from django.urls import URLPattern

app_name = "reports"

urlpatterns: list[URLPattern] = []
