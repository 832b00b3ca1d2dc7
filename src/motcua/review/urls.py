"""Page URLs of the review package (rà soát, đơn giản hóa TTHC)."""

from django.urls import path

from motcua.review import views

app_name = "review"

urlpatterns = [
    path("can-bo/ra-soat/", views.plans, name="plans"),
    path("can-bo/ra-soat/ke-hoach/<int:pk>/", views.plan, name="plan"),
    path("can-bo/ra-soat/ke-hoach/<int:pk>/phuong-an.docx", views.plan_docx, name="plan-docx"),
    path("can-bo/ra-soat/thu-tuc/<int:pk>/", views.item, name="item"),
    path("can-bo/ra-soat/thu-nhap-binh-quan/", views.hourly_income, name="hourly"),
]
