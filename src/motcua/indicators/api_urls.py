"""API URLs of the indicators package (mounted under /api/v1/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
