"""Page URLs of the payments package (included at the site root)."""

from django.urls import path

from motcua.payments import views
from motcua.payments.providers.contrib.sandbox import views as sandbox

app_name = "payments"

urlpatterns = [
    path("can-bo/thanh-toan/ho-so/<int:pk>/", views.staff_invoice, name="staff-invoice"),
    path("thanh-toan/<str:ref>/", views.pay, name="pay"),
    path("thanh-toan/<str:ref>/truc-tuyen/", views.pay_online, name="pay-online"),
    path("payments/return/<slug:provider>", views.payment_return, name="return"),
    # the sandbox gateway ("bank")
    path("sandbox-thanh-toan/", sandbox.order_page, name="sandbox-pay"),
    path("sandbox-thanh-toan/giao-dich/<int:pk>/", sandbox.transaction_page, name="sandbox-txn"),
    path(
        "sandbox-thanh-toan/merchant_webapi/api/transaction",
        sandbox.merchant_api,
        name="sandbox-api",
    ),
]
