"""REST API of fees and payment (under ``/api/v1/payments/``) and the gateways' IPN endpoint."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.payments import selectors, services
from motcua.payments.models import Invoice, InvoiceLine, Payment
from motcua.payments.providers import registry

# --- serializers ---------------------------------------------------------------------------


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = [
            "position",
            "fee",
            "name",
            "mode",
            "amount",
            "exempt",
            "exemption_note",
            "payable",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    created_by = serializers.CharField(source="created_by.username", default=None)
    refunded_by = serializers.CharField(source="refunded_by.username", default=None)

    class Meta:
        model = Payment
        fields = [
            "id",
            "method",
            "provider",
            "amount",
            "status",
            "status_label",
            "receipt_series",
            "receipt_number",
            "txn_ref",
            "provider_txn_no",
            "bank_code",
            "response_code",
            "confirmed_via",
            "created_at",
            "created_by",
            "paid_at",
            "refunded_at",
            "refunded_by",
            "refund_reason",
            "refund_no",
        ]


class InvoiceSerializer(serializers.ModelSerializer):
    dossier = serializers.IntegerField(source="dossier_id")
    dossier_code = serializers.CharField(source="dossier.code", default=None)
    submission_ref = serializers.CharField(source="dossier.submission_ref")
    status_label = serializers.CharField(source="get_status_display")
    currency = serializers.SerializerMethodField()
    paid_online = serializers.SerializerMethodField()
    lines = InvoiceLineSerializer(many=True)
    payments = PaymentSerializer(many=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "dossier",
            "dossier_code",
            "submission_ref",
            "status",
            "status_label",
            "currency",
            "gross",
            "total",
            "exemption_reason",
            "paid_online",
            "created_at",
            "paid_at",
            "lines",
            "payments",
        ]

    def get_currency(self, obj: Invoice) -> str:
        return "VND"

    def get_paid_online(self, obj: Invoice) -> bool:
        return any(p.method == "online" and p.status == "paid" for p in obj.payments.all())


class InvoiceInSerializer(serializers.Serializer):
    exempt_lines = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="id các khoản phí (Fee) được miễn cho người nộp này",
    )
    exemption_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Căn cứ miễn, giảm"
    )


class DeskPaymentInSerializer(serializers.Serializer):
    receipt_number = serializers.CharField(max_length=40, help_text="Số biên lai")
    receipt_series = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="", help_text="Ký hiệu biên lai"
    )
    amount = serializers.IntegerField(
        required=False, min_value=0, help_text="Số tiền (đồng) để đối chiếu với thông báo phí"
    )


class RefundInSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Lý do hoàn trả (bắt buộc)", allow_blank=True)


ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Lỗi: {code, message, errors}",
    examples=[
        OpenApiExample(
            "Không có quyền",
            value={
                "code": "forbidden",
                "message": "Chỉ cán bộ của nơi tiếp nhận hồ sơ (…) được thu phí, lệ phí.",
            },
        )
    ],
)


# --- views ---------------------------------------------------------------------------------


NOT_FOUND = "Không tìm thấy hồ sơ trong phạm vi của bạn."


def _dossier(request, pk: int) -> Dossier:
    qs = dossier_selectors.visible_dossiers(request.user, timezone.localdate())
    d = qs.select_related("receiving_agency", "case").filter(pk=pk).first()
    if d is None:
        raise ApiError("not_found", NOT_FOUND, status_code=404)
    return d


def _invoice_data(dossier: Dossier) -> dict:
    return InvoiceSerializer(selectors.invoice_for(dossier)).data


class InvoiceView(APIView):
    """Thông báo phí, lệ phí của một hồ sơ."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Xem thông báo phí, lệ phí của hồ sơ",
        responses={200: InvoiceSerializer, 404: ERROR},
        tags=["payments"],
    )
    def get(self, request, pk: int):
        invoice = selectors.invoice_for(_dossier(request, pk))
        if invoice is None:
            raise ApiError("no_invoice", "Hồ sơ chưa có thông báo phí, lệ phí.", status_code=404)
        return Response(InvoiceSerializer(invoice).data)

    @extend_schema(
        summary="Lập (hoặc lập lại khi chưa nộp) thông báo phí, lệ phí từ biểu phí của trường hợp",
        request=InvoiceInSerializer,
        responses={201: InvoiceSerializer, 403: ERROR, 409: ERROR},
        examples=[
            OpenApiExample("Không miễn", request_only=True, value={}),
            OpenApiExample(
                "Miễn một khoản",
                request_only=True,
                value={"exempt_lines": [123], "exemption_reason": "Hộ nghèo (giấy xác nhận)"},
            ),
        ],
        tags=["payments"],
    )
    def post(self, request, pk: int):
        d = _dossier(request, pk)
        s = InvoiceInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.create_invoice(
            d,
            user=request.user,
            now=timezone.now(),
            exempt_lines=s.validated_data["exempt_lines"],
            exemption_reason=s.validated_data["exemption_reason"],
        )
        return Response(_invoice_data(d), status=201)


class DeskPaymentView(APIView):
    """Thu phí, lệ phí tại quầy."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Ghi nhận nộp phí tại quầy (kèm số biên lai)",
        request=DeskPaymentInSerializer,
        responses={201: PaymentSerializer, 403: ERROR, 409: ERROR},
        examples=[
            OpenApiExample(
                "Biên lai",
                request_only=True,
                value={"receipt_series": "AA/26P", "receipt_number": "0001234", "amount": 5700000},
            )
        ],
        tags=["payments"],
    )
    def post(self, request, pk: int):
        d = _dossier(request, pk)
        s = DeskPaymentInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        invoice = selectors.invoice_for(d)
        if invoice is None:
            raise ApiError("no_invoice", "Hồ sơ chưa có thông báo phí, lệ phí.", status_code=409)
        p = services.pay_at_desk(
            invoice,
            user=request.user,
            now=timezone.now(),
            receipt_number=s.validated_data["receipt_number"],
            receipt_series=s.validated_data["receipt_series"],
            amount=s.validated_data.get("amount"),
        )
        return Response(PaymentSerializer(p).data, status=201)


class RefundView(APIView):
    """Hoàn trả một khoản đã nộp."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Hoàn trả khoản nộp (trực tuyến: qua cổng thanh toán, có ký)",
        request=RefundInSerializer,
        responses={200: PaymentSerializer, 403: ERROR, 409: ERROR, 502: ERROR},
        examples=[
            OpenApiExample(
                "Lý do",
                request_only=True,
                value={"reason": "Hồ sơ bị từ chối tiếp nhận, hoàn lại phí thẩm định"},
            )
        ],
        tags=["payments"],
    )
    def post(self, request, pk: int):
        visible = dossier_selectors.visible_dossiers(request.user, timezone.localdate())
        payment = Payment.objects.filter(invoice__dossier__in=visible.values("pk"), pk=pk).first()
        if payment is None:
            raise ApiError(
                "not_found", "Không tìm thấy khoản nộp trong phạm vi của bạn.", status_code=404
            )
        s = RefundInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        p = services.refund(
            payment,
            user=request.user,
            reason=s.validated_data["reason"],
            now=timezone.now(),
            client_ip=request.META.get("REMOTE_ADDR", ""),
        )
        return Response(PaymentSerializer(p).data)


class IpnView(APIView):
    """IPN: the gateway's server-to-server notification of a payment result (GET, signed)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]  # the gateway reads JSON, whatever it sends in Accept

    @extend_schema(
        summary="IPN của cổng thanh toán (máy chủ – máy chủ)",
        description=(
            "Tham số vnp_* có chữ ký HMAC-SHA512 trong vnp_SecureHash. Trả lời "
            "{RspCode, Message}: 00 xác nhận, 01 không có đơn hàng, 02 đã xác nhận trước đó, "
            "04 sai số tiền, 97 sai chữ ký, 99 lỗi khác."
        ),
        parameters=[
            OpenApiParameter("vnp_TxnRef", str, description="Mã đơn hàng của motcua"),
            OpenApiParameter("vnp_Amount", str, description="Số tiền × 100"),
            OpenApiParameter("vnp_ResponseCode", str, description="00 thành công, 24 hủy…"),
            OpenApiParameter("vnp_TransactionNo", str, description="Mã giao dịch tại cổng"),
            OpenApiParameter("vnp_SecureHash", str, description="Chữ ký HMAC-SHA512"),
        ],
        responses={
            200: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                examples=[
                    OpenApiExample(
                        "Xác nhận", value={"RspCode": "00", "Message": "Confirm Success"}
                    ),
                    OpenApiExample(
                        "Lặp lại", value={"RspCode": "02", "Message": "Order already confirmed"}
                    ),
                    OpenApiExample(
                        "Sai chữ ký", value={"RspCode": "97", "Message": "Invalid signature"}
                    ),
                ],
            )
        },
        tags=["payments"],
    )
    def get(self, request, provider: str):
        try:
            result = services.handle_ipn(
                request.query_params.dict(),
                now=timezone.now(),
                provider=provider,
                client_ip=request.META.get("REMOTE_ADDR", ""),
            )
        except registry.UnknownProvider:
            return Response({"RspCode": "99", "Message": "Unknown provider"}, status=404)
        return Response(result.reply)
