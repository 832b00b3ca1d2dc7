"""Page URLs of the plans package."""

from django.urls import path

from motcua.plans import views

app_name = "plans"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="list"),
    path("ke-hoach/han/", views.due, name="due"),
    path("ke-hoach/nhap/", views.import_upload, name="import"),
    path("ke-hoach/nhap/xem-truoc/", views.import_preview, name="import-preview"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="detail"),
    path("ke-hoach/<int:pk>/cap-tren/", views.plan_parent, name="parent"),
    path("ke-hoach/<int:pk>/xuat.<str:fmt>", views.plan_export, name="export"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/", views.task_detail, name="task"),
    path("ke-hoach/<int:pk>/minh-chung/<uuid:file_id>/", views.evidence, name="evidence"),
    path("kiem-tra/", views.inspection_plans, name="inspection-plans"),
    path("kiem-tra/<int:pk>/", views.inspection_plan, name="inspection-plan"),
    path("kiem-tra/cuoc/<int:pk>/", views.inspection, name="inspection"),
]
