"""API URLs of the plans package (mounted under /api/v1/)."""

from django.urls import path

from motcua.plans import api

urlpatterns = [
    path("plans", api.PlanList.as_view(), name="plans"),
    path("plans/create", api.PlanCreate.as_view(), name="plan-create"),
    path("plans/import-preview", api.PlanImportPreview.as_view(), name="plan-import-preview"),
    path("plans/due", api.DueList.as_view(), name="plan-due"),
    path("plans/<int:pk>", api.PlanDetail.as_view(), name="plan-detail"),
    path("plan-tasks/<int:pk>/schedule", api.TaskSchedule.as_view(), name="plan-task-schedule"),
    path("plan-tasks/<int:pk>/events", api.TaskEvents.as_view(), name="plan-task-events"),
    path(
        "plan-occurrences/<int:pk>/reports",
        api.ProgressReportCreate.as_view(),
        name="plan-occurrence-reports",
    ),
    path("inspection-plans", api.InspectionPlanList.as_view(), name="inspection-plans"),
]
