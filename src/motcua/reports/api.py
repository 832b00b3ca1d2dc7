"""REST API of the reports: Biểu 06 as JSON, report jobs (create, progress, download)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers.clock import local_date
from motcua.indicators.access import AccessError, can_see, scope_param
from motcua.indicators.api import PERIOD, SCOPE, SOURCE, _context, _source
from motcua.indicators.selectors import Scope
from motcua.reports.models import CONTENT_TYPES, ReportFormat, ReportJob, ReportStatus
from motcua.reports.selectors import Bieu06Row, bieu06
from motcua.reports.services import request_report


def _row(r: Bieu06Row) -> dict:
    return {"label": r.label, "code": r.code, **r.cells()}


RowSerializer = inline_serializer(
    "Bieu06Row",
    {
        "label": serializers.CharField(),
        "code": serializers.CharField(),
        **{f"c{i}": serializers.IntegerField() for i in range(3, 14)},
        "withdrawn": serializers.IntegerField(),
        "online_full": serializers.IntegerField(),
        "online_partial": serializers.IntegerField(),
        "postal": serializers.IntegerField(),
        "boundary_free": serializers.IntegerField(),
        "late_apology": serializers.IntegerField(),
        "late_no_apology": serializers.IntegerField(),
        "open_late_apology": serializers.IntegerField(),
        "open_late_no_apology": serializers.IntegerField(),
        "refused": serializers.IntegerField(),
        "paid": serializers.IntegerField(),
        "paid_online": serializers.IntegerField(),
    },
)


class Bieu06View(APIView):
    """Biểu số 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Biểu 06/VPCP/KSTT của một đơn vị trong một kỳ",
        description=(
            "Cột (3)–(13) theo Biểu 06; cột bổ sung: rút/dừng, trực tuyến toàn trình/một phần, "
            "bưu chính, phi địa giới, quá hạn có/chưa có thư xin lỗi, không được tiếp nhận, "
            "thanh toán. carry_over_ok: tồn cuối kỳ trước = cột (6)."
        ),
        parameters=[SCOPE, *PERIOD, SOURCE],
        responses={
            200: inline_serializer(
                "Bieu06",
                {
                    "scope": serializers.CharField(),
                    "scope_name": serializers.CharField(),
                    "start": serializers.DateField(),
                    "end": serializers.DateField(),
                    "period": serializers.CharField(),
                    "source": serializers.CharField(),
                    "sections": serializers.ListField(child=serializers.DictField()),
                    "total": RowSerializer,
                    "previous_closing": serializers.IntegerField(allow_null=True),
                    "carry_over_ok": serializers.BooleanField(allow_null=True),
                    "balanced": serializers.BooleanField(),
                },
            )
        },
        tags=["reports"],
    )
    def get(self, request):
        scope, start, end, label, now = _context(request)
        b = bieu06(scope=scope, start=start, end=end, now=now, source=_source(request))
        return Response(
            {
                "scope": scope_param(scope),
                "scope_name": b.scope_name,
                "start": start,
                "end": end,
                "period": label,
                "source": b.source,
                "sections": [
                    {
                        "level": s.level,
                        "label": s.label,
                        "subtotal": _row(s.subtotal),
                        "rows": [_row(r) for r in s.rows],
                    }
                    for s in b.sections
                ],
                "total": _row(b.total),
                "previous_closing": b.previous_closing,
                "carry_over_ok": b.carry_over_ok,
                "balanced": b.balanced,
            }
        )


class JobSerializer(serializers.ModelSerializer):
    scope = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "format",
            "scope",
            "scope_name",
            "start",
            "end",
            "period_label",
            "status",
            "progress",
            "message",
            "filename",
            "carry_over_ok",
            "requested_at",
            "finished_at",
            "download",
        ]

    def get_scope(self, obj: ReportJob) -> str:
        return f"{obj.scope_kind}:{obj.scope_id}"

    def get_download(self, obj: ReportJob) -> str | None:
        if obj.status != ReportStatus.DONE:
            return None
        return f"/api/v1/reports/jobs/{obj.pk}/file"


def _job(request, pk: int) -> ReportJob:
    job = get_object_or_404(ReportJob.objects.defer("content"), pk=pk)
    scope = Scope(job.scope_kind, job.scope_id)  # type: ignore[arg-type]
    if not can_see(request.user, scope, local_date(timezone.now())):
        raise AccessError("not_found", "Không có báo cáo này.", status=404)
    return job


class JobCreateView(APIView):
    """Lập báo cáo (XLSX, PDF, dự thảo DOCX): ngay, hoặc ở chế độ nền cho kỳ dài toàn tỉnh."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Yêu cầu lập báo cáo",
        parameters=[SCOPE, *PERIOD],
        request=inline_serializer(
            "ReportRequest", {"format": serializers.ChoiceField(choices=ReportFormat.values)}
        ),
        responses={201: JobSerializer, 202: JobSerializer},
        tags=["reports"],
    )
    def post(self, request):
        scope, start, end, label, now = _context(request)
        job = request_report(
            fmt=str(request.data.get("format", "")),
            scope=scope,
            start=start,
            end=end,
            period_label=label,
            user=request.user,
            now=now,
        )
        done = job.status == ReportStatus.DONE
        return Response(JobSerializer(job).data, status=201 if done else 202)


class JobView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Tiến độ của một báo cáo", responses={200: JobSerializer}, tags=["reports"]
    )
    def get(self, request, pk: int):
        return Response(JobSerializer(_job(request, pk)).data)


class JobFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Tải tệp báo cáo đã lập",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        tags=["reports"],
    )
    def get(self, request, pk: int):
        job = _job(request, pk)
        if job.status != ReportStatus.DONE:
            raise AccessError("not_ready", "Báo cáo chưa lập xong.", status=409)
        content = ReportJob.objects.values_list("content", flat=True).get(pk=pk)
        response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[job.format])
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
