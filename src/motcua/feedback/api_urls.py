"""API URLs of the feedback package (mounted under /api/v1/)."""

from django.urls import path

from motcua.feedback import api

urlpatterns = [
    path("feedback/petitions", api.PetitionListCreate.as_view(), name="feedback-petitions"),
    path("feedback/petitions/import", api.PetitionImport.as_view(), name="feedback-import"),
    path("feedback/petitions/<str:code>", api.PetitionDetail.as_view(), name="feedback-petition"),
    path(
        "feedback/petitions/<str:code>/<str:action>",
        api.PetitionAction.as_view(),
        name="feedback-action",
    ),
    path("feedback/track", api.Track.as_view(), name="feedback-track"),
    path("feedback/sender/<str:what>", api.SenderAction.as_view(), name="feedback-sender"),
    path("feedback/published", api.PublishedList.as_view(), name="feedback-published"),
    path(
        "feedback/published/<str:code>",
        api.PublishedDetail.as_view(),
        name="feedback-published-one",
    ),
    path("feedback/indicators", api.Indicators.as_view(), name="feedback-indicators"),
    path("feedback/report", api.Report.as_view(), name="feedback-report"),
]
