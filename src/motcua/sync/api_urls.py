"""API URLs of the sync package (mounted under /api/v1/)."""

from django.urls import path

from motcua.sync import api

urlpatterns = [
    path(
        "notifications/preferences/<str:id_number>",
        api.PreferenceDetail.as_view(),
        name="notification-preference",
    ),
]
