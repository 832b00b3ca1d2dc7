"""Page URLs of the feedback package."""

from django.urls import URLPattern

app_name = "feedback"

urlpatterns: list[URLPattern] = []
