"""REST API v1: thin views over services and selectors."""

from __future__ import annotations

import json
from datetime import date

from django.contrib.auth import authenticate
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FileUploadParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api import serializers as s
from motcua.api.errors import ApiError
from motcua.api.permissions import IsAdministrator, ReadOnlyOrAdministrator
from motcua.catalog import exchange
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog import services as catalog_services
from motcua.catalog.models import (
    InternalProcess,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.core import services as core_services
from motcua.core.calendar import CalendarError
from motcua.core.models import CalendarDay
from motcua.core.selectors import work_calendar
from motcua.directory.models import AdminUnit, Agency
from motcua.directory.selectors import grants, visible_agencies


class TokenView(APIView):
    """Đăng nhập lấy mã xác thực (token) cho API."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer},
        examples=[
            OpenApiExample(
                "Tài khoản mẫu",
                value={"username": "tiepnhan.binhlu", "password": "motcua-demo"},
                request_only=True,
            )
        ],
        tags=["auth"],
    )
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise ApiError(
                "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.", status_code=401
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """Tài khoản đang đăng nhập và các vai trò của nó hôm nay."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "full_name": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.DictField()),
            },
        ),
        tags=["auth"],
    )
    def get(self, request):
        today = timezone.localdate()
        gs = grants(request.user, today)
        names = dict(
            Agency.objects.filter(pk__in={g.agency_id for g in gs}).values_list("pk", "name")
        )
        return Response(
            {
                "username": request.user.get_username(),
                "full_name": request.user.get_full_name(),
                "roles": [
                    {
                        "agency_id": g.agency_id,
                        "agency": names.get(g.agency_id),
                        "role": g.role,
                        "delegated": g.delegated_by is not None,
                    }
                    for g in gs
                ],
            }
        )


class DueView(APIView):
    """Tính ngày hẹn trả theo lịch làm việc (ngày lễ, nghỉ bù, làm bù, giờ hành chính)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[s.DueQuerySerializer],
        responses={200: s.DueSerializer},
        examples=[
            OpenApiExample(
                "5 ngày làm việc qua Tết 2026",
                value={
                    "start": "2026-02-12T10:00:00+07:00",
                    "amount": "5",
                    "unit": "working_days",
                    "due": "2026-02-26T17:00:00+07:00",
                    "skipped": [
                        {"date": "2026-02-14", "name": "Thứ Bảy"},
                        {"date": "2026-02-16", "name": "Tết Nguyên đán"},
                    ],
                },
                response_only=True,
            )
        ],
        tags=["calendar"],
    )
    def get(self, request):
        q = s.DueQuerySerializer(data=request.query_params)
        if not q.is_valid():
            raise ApiError(
                "invalid_query", _due_message(q.errors), errors=q.errors, status_code=400
            )
        v = q.validated_data
        start = v["start"]
        province, hours = "", None
        if "agency" in v:
            agency = Agency.objects.select_related("unit__parent").filter(pk=v["agency"]).first()
            if agency is None:
                raise ApiError(
                    "invalid_query",
                    f"Không có cơ quan mã số {v['agency']}.",
                    errors={"agency": ["Không tồn tại."]},
                )
            province, hours = agency.unit.province_code, agency.office_hours
        try:
            result = work_calendar(province, hours).due(
                start, v["amount"], v["unit"], cutoff=v.get("cutoff")
            )
        except CalendarError as exc:
            raise ApiError("invalid_query", str(exc)) from exc
        return Response(
            {
                "start": request.query_params["start"],
                "amount": request.query_params["amount"],
                "unit": v["unit"],
                "due": result.due.isoformat(),
                "skipped": [{"date": d.date.isoformat(), "name": d.name} for d in result.skipped],
            }
        )


def _due_message(errors: dict) -> str:
    labels = {
        "start": "start (thời điểm bắt đầu, ISO 8601 có múi giờ)",
        "amount": "amount (số lượng, số không âm)",
        "unit": "unit (working_days, working_hours, calendar_days hoặc same_day)",
        "cutoff": "cutoff (giờ chốt dạng HH:MM)",
        "agency": "agency (mã số cơ quan)",
    }
    return "Tham số không hợp lệ: " + "; ".join(labels.get(k, k) for k in errors) + "."


class CalendarDayList(generics.ListCreateAPIView):
    """Ngày lễ, nghỉ bù, làm bù trong lịch làm việc (quản trị viên được sửa)."""

    serializer_class = s.CalendarDaySerializer
    permission_classes = [ReadOnlyOrAdministrator]
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Năm, ví dụ 2026")],
        tags=["calendar"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=["calendar"])
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def get_queryset(self):
        qs = CalendarDay.objects.all()
        year = self.request.query_params.get("year")
        if year:
            if not year.isdigit():
                raise ApiError("invalid_query", "Tham số year phải là số năm, ví dụ 2026.")
            qs = qs.filter(date__year=int(year))
        return qs

    def perform_create(self, serializer):
        serializer.instance = core_services.save_calendar_day(
            actor=self.request.user,
            now=timezone.now(),
            day=serializer.validated_data["date"],
            **{k: v for k, v in serializer.validated_data.items() if k != "date"},
        )


class CalendarDayDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = s.CalendarDaySerializer
    permission_classes = [ReadOnlyOrAdministrator]
    queryset = CalendarDay.objects.all()

    def perform_update(self, serializer):
        data = {**s.CalendarDaySerializer(serializer.instance).data, **serializer.validated_data}
        serializer.instance = core_services.save_calendar_day(
            actor=self.request.user,
            now=timezone.now(),
            day=data["date"]
            if isinstance(data["date"], date)
            else date.fromisoformat(data["date"]),
            kind=data["kind"],
            name=data["name"],
            legal_ref=data["legal_ref"],
            province_code=data["province_code"],
            flag=data["flag"],
            instance=serializer.instance,
        )

    def perform_destroy(self, instance):
        core_services.delete_calendar_day(
            actor=self.request.user, now=timezone.now(), instance=instance
        )


class UnitList(generics.ListAPIView):
    """Đơn vị hành chính (hiện hành; ?all=1 gồm cả đơn vị trước sáp nhập)."""

    serializer_class = s.UnitSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="Mã tỉnh (2 chữ số)"),
            OpenApiParameter("search", str, description="Tên, có hoặc không dấu"),
            OpenApiParameter("all", bool, description="Gồm cả đơn vị đã hết hiệu lực"),
        ],
        tags=["directory"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        from motcua.core.text import fold

        qs = AdminUnit.objects.select_related("parent").order_by("code", "-valid_from")
        p = self.request.query_params
        if p.get("all") not in ("1", "true"):
            qs = qs.filter(valid_to__isnull=True)
        if p.get("province"):
            qs = qs.filter(parent__code=p["province"]) | qs.filter(
                code=p["province"], parent__isnull=True
            )
        if p.get("search"):
            qs = qs.filter(name_folded__contains=fold(p["search"]))
        return qs


class AgencyList(generics.ListAPIView):
    """Cơ quan (công khai: tên, mã định danh, giờ làm việc)."""

    serializer_class = s.AgencySerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="Mã tỉnh"),
            OpenApiParameter("type", str, description="Loại cơ quan, ví dụ so-y-te, ubnd-xa"),
            OpenApiParameter("mine", bool, description="Chỉ các cơ quan tôi được xem"),
        ],
        tags=["directory"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        qs = Agency.objects.select_related("agency_type", "unit").filter(is_active=True)
        if p.get("mine") in ("1", "true"):
            qs = qs & visible_agencies(self.request.user, timezone.localdate())
        if p.get("province"):
            qs = qs.filter(unit__code=p["province"]) | qs.filter(unit__parent__code=p["province"])
        if p.get("type"):
            qs = qs.filter(agency_type__code=p["type"])
        return qs.order_by("unit__code", "name")


def _as_of(request) -> date:
    raw = request.query_params.get("on")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ApiError("invalid_query", "Tham số on phải là ngày dạng YYYY-MM-DD.") from exc


class ProcedureList(generics.ListAPIView):
    """Danh mục thủ tục hành chính đang có hiệu lực, tìm có dấu hoặc không dấu."""

    serializer_class = s.ProcedureListSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Tên hoặc mã thủ tục, có hoặc không dấu"),
            OpenApiParameter("field", str, description="Mã lĩnh vực"),
            OpenApiParameter("level", str, enum=["province", "commune", "central", "vertical"]),
            OpenApiParameter("online_level", str, enum=["full", "partial", "none"]),
            OpenApiParameter("agency_type", str, description="Loại cơ quan, ví dụ so-y-te"),
            OpenApiParameter(
                "on", OpenApiTypes.DATE, description="Hiệu lực vào ngày (mặc định hôm nay)"
            ),
        ],
        tags=["catalog"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return catalog_selectors.search_procedures(
            p.get("search", ""),
            on=_as_of(self.request),
            sector=p.get("field"),
            level=p.get("level"),
            online_level=p.get("online_level"),
            agency_type=p.get("agency_type"),
            include_internal=p.get("internal") in ("1", "true"),
        )


class ProcedureDetail(APIView):
    """Nội dung thủ tục theo phiên bản có hiệu lực vào ngày ``on`` (mặc định hôm nay)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: s.VersionSerializer},
        tags=["catalog"],
    )
    def get(self, request, code: str):
        procedure = get_object_or_404(Procedure, code=code)
        on = _as_of(request)
        version = catalog_selectors.version_in_force(procedure, on)
        if version is None:
            raise ApiError(
                "not_in_force",
                f"Thủ tục {code} không có phiên bản hiệu lực vào ngày {on:%d/%m/%Y}"
                " (chưa công bố hoặc đã bãi bỏ).",
                status_code=404,
            )
        return Response(s.VersionSerializer(catalog_selectors.version_detail(version.pk)).data)


class ProcedureVersions(generics.ListAPIView):
    """Các phiên bản của một thủ tục, mới nhất trước."""

    serializer_class = s.VersionSummarySerializer
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProcedureVersion.objects.none()
        procedure = get_object_or_404(Procedure, code=self.kwargs["code"])
        return procedure.versions.select_related("decision").order_by("-number")


class DecisionList(generics.ListAPIView):
    """Quyết định công bố thủ tục hành chính."""

    serializer_class = s.DecisionSerializer
    permission_classes = [AllowAny]

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return PublicationDecision.objects.select_related("issuer").prefetch_related(
            Prefetch("versions", queryset=ProcedureVersion.objects.select_related("procedure"))
        )


class DecisionDetail(generics.RetrieveAPIView):
    serializer_class = s.DecisionSerializer
    permission_classes = [AllowAny]

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return DecisionList.get_queryset(self)


class DecisionPublish(APIView):
    """Công bố quyết định: các phiên bản dự thảo có hiệu lực từ ngày hiệu lực của quyết định."""

    permission_classes = [IsAdministrator]

    @extend_schema(request=None, responses={200: s.DecisionSerializer}, tags=["catalog"])
    def post(self, request, pk: int):
        decision = get_object_or_404(PublicationDecision, pk=pk)
        catalog_services.publish_decision(decision, actor=request.user, now=timezone.now())
        return Response(s.DecisionSerializer(DecisionList.get_queryset(self).get(pk=pk)).data)


class ProcessApprove(APIView):
    """Phê duyệt quy trình nội bộ (kiểm tra tổng thời gian các bước bằng thời hạn)."""

    permission_classes = [IsAdministrator]

    @extend_schema(
        request=inline_serializer("ApproveProcess", {"approval_ref": serializers.CharField()}),
        responses={200: s.ProcessSerializer},
        tags=["catalog"],
    )
    def post(self, request, pk: int):
        process = get_object_or_404(InternalProcess.objects.select_related("case"), pk=pk)
        catalog_services.approve_process(
            process,
            approval_ref=str(request.data.get("approval_ref", "")),
            actor=request.user,
            now=timezone.now(),
        )
        return Response(s.ProcessSerializer(process).data)


class CatalogImport(APIView):
    """Nhập danh mục từ tệp JSON (motcua.catalog/1) hoặc XLSX; lỗi thì không lưu gì."""

    permission_classes = [IsAdministrator]
    parser_classes = [JSONParser, MultiPartParser, FileUploadParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, required=True, description="Mã tỉnh nhận quy trình"),
            OpenApiParameter("publish", bool, description="Công bố ngay các quyết định trong tệp"),
        ],
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": inline_serializer(
                "CatalogUpload", {"file": serializers.FileField()}
            ),
        },
        responses={201: s.ImportResultSerializer},
        tags=["catalog"],
    )
    def post(self, request):
        province = AdminUnit.objects.filter(
            code=request.query_params.get("province", ""),
            parent__isnull=True,
            valid_to__isnull=True,
        ).first()
        if province is None:
            raise ApiError("invalid_query", "Cần tham số province là mã một tỉnh hiện hành.")
        upload = request.FILES.get("file")
        if upload is not None:
            raw = upload.read()
            document = (
                exchange.xlsx_to_document(raw)
                if upload.name.lower().endswith(".xlsx")
                else _json_document(raw)
            )
        else:
            document = request.data
        result = catalog_services.import_catalog(
            document,
            province=province,
            actor=request.user,
            now=timezone.now(),
            publish=request.query_params.get("publish", "1") not in ("0", "false"),
        )
        return Response(s.ImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


def _json_document(raw: bytes) -> dict:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError("parse_error", f"Tệp JSON không đọc được: {exc}") from exc


class CatalogExport(APIView):
    """Xuất danh mục đang có hiệu lực (JSON hoặc XLSX) để chỉnh sửa và nhập lại."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "xlsx"]),
            OpenApiParameter("province", str, description="Mã tỉnh của quy trình nội bộ"),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
        },
        tags=["catalog"],
    )
    def get(self, request):
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "xlsx"):
            raise ApiError("invalid_query", "Tham số format phải là json hoặc xlsx.")
        document = exchange.export_document(
            on=timezone.localdate(), province_code=request.query_params.get("province") or None
        )
        if fmt == "json":
            response = HttpResponse(
                json.dumps(document, ensure_ascii=False, indent=1),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="danh-muc-tthc.json"'
            return response
        response = HttpResponse(
            exchange.document_to_xlsx(document),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="danh-muc-tthc.xlsx"'
        return response
