"""API URLs of the ratings package (mounted under /api/v1/)."""

from django.urls import path

from motcua.ratings import api

urlpatterns = [
    path("ratings", api.RatingListCreate.as_view(), name="ratings-api"),
]
