"""API URLs of the reports package (mounted under /api/v1/)."""

from django.urls import path

from motcua.reports import api

urlpatterns = [
    path("reports/bieu06", api.Bieu06View.as_view(), name="reports-bieu06"),
    path("reports/jobs", api.JobCreateView.as_view(), name="reports-jobs"),
    path("reports/jobs/<int:pk>", api.JobView.as_view(), name="reports-job"),
    path("reports/jobs/<int:pk>/file", api.JobFileView.as_view(), name="reports-job-file"),
]
