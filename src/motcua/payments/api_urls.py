"""API URLs of the payments package (mounted under /api/v1/)."""

from django.urls import path

from motcua.payments import api

app_name = "payments_api"

urlpatterns = [
    path("payments/dossiers/<int:pk>/invoice", api.InvoiceView.as_view(), name="invoice"),
    path(
        "payments/dossiers/<int:pk>/desk-payment",
        api.DeskPaymentView.as_view(),
        name="desk-payment",
    ),
    path("payments/<int:pk>/refund", api.RefundView.as_view(), name="refund"),
    path("payments/ipn/<slug:provider>", api.IpnView.as_view(), name="ipn"),
]
