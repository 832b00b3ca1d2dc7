"""REST API of the indicators: 766 scorecard, measures, drill-down, ranking, plan targets."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.pagination import DefaultPagination
from motcua.dossiers.clock import local_date
from motcua.indicators import selectors
from motcua.indicators.access import AccessError, parse_period, resolve_scope, scope_param

SCOPE = OpenApiParameter(
    "scope",
    str,
    description="Đơn vị: province:<id AdminUnit>, agency:<id Agency> hoặc commune:<id AdminUnit>"
    " (mặc định: đơn vị đầu tiên trong phạm vi giám sát)",
)
PERIOD = [
    OpenApiParameter("start", str, description="Từ ngày YYYY-MM-DD (kèm end: kỳ bất kỳ)"),
    OpenApiParameter("end", str, description="Đến ngày YYYY-MM-DD (bao gồm)"),
    OpenApiParameter(
        "frequency",
        str,
        enum=["month", "quarter", "half", "nine_months", "year"],
        description="Loại kỳ khi không có start/end (mặc định: năm hiện tại đến hôm nay)",
    ),
    OpenApiParameter("year", int, description="Năm"),
    OpenApiParameter("n", int, description="Số tháng / quý / nửa năm"),
    OpenApiParameter(
        "period_kind",
        str,
        enum=["calendar", "nd09"],
        description="calendar: dương lịch; nd09: kỳ 15 – 14 (NĐ 09/2019)",
    ),
]
SOURCE = OpenApiParameter(
    "source", str, enum=["rollup", "scratch"], description="Tính từ bảng tổng hợp hoặc từ đầu"
)


def _context(request):
    now = timezone.now()
    today = local_date(now)
    scope = resolve_scope(request.user, request.query_params.get("scope"), today)
    start, end, label = parse_period(request.query_params, today)
    return scope, start, end, label, now


def _source(request) -> str:
    source = request.query_params.get("source", "rollup")
    if source not in ("rollup", "scratch"):
        raise AccessError("invalid_query", "source phải là rollup hoặc scratch.")
    return source


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    max = serializers.FloatField()
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    ratio = serializers.FloatField(allow_null=True)
    points = serializers.FloatField(allow_null=True)
    status = serializers.CharField(help_text="ok / no_data / not_applicable / zero_denominator")
    note = serializers.CharField()


class GroupSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    max = serializers.FloatField()
    points = serializers.FloatField(allow_null=True)
    indicators = IndicatorSerializer(many=True)


class ScorecardSerializer(serializers.Serializer):
    scope = serializers.CharField()
    scope_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    period = serializers.CharField()
    source = serializers.CharField()
    profile = serializers.DictField()
    total = serializers.FloatField()
    band = serializers.CharField()
    band_provisional = serializers.BooleanField()
    groups = GroupSerializer(many=True)


def scorecard_data(card, label: str) -> dict:
    return {
        "scope": scope_param(card.scope),
        "scope_name": card.scope_name,
        "start": card.start,
        "end": card.end,
        "period": label,
        "source": card.source,
        "profile": {
            "code": card.profile_code,
            "name": card.profile_name,
            "effective_from": card.profile_from.isoformat(),
        },
        "total": card.total,
        "band": card.band,
        "band_provisional": card.band_provisional,
        "groups": [
            {
                "number": g.number,
                "code": g.code,
                "label": g.label,
                "max": g.max,
                "points": g.points,
                "indicators": [
                    {
                        "id": i.id,
                        "label": i.label,
                        "max": i.max,
                        "numerator": i.numerator,
                        "denominator": i.denominator,
                        "ratio": i.ratio,
                        "points": i.points,
                        "status": i.status,
                        "note": i.note,
                    }
                    for i in g.indicators
                ],
            }
            for g in card.groups
        ],
    }


class ScorecardView(APIView):
    """Điểm Bộ chỉ số 766 của một đơn vị trong một kỳ."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Điểm Bộ chỉ số 766 (sáu nhóm, từng chỉ số, hồ sơ quy tắc áp dụng)",
        parameters=[SCOPE, *PERIOD, SOURCE],
        responses={200: ScorecardSerializer},
        tags=["indicators"],
    )
    def get(self, request):
        scope, start, end, label, now = _context(request)
        card = selectors.scorecard(
            scope=scope, start=start, end=end, now=now, source=_source(request)
        )
        return Response(ScorecardSerializer(scorecard_data(card, label)).data)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)


class MeasuresView(APIView):
    """Các chỉ số có thể đặt chỉ tiêu (tỷ lệ số hóa, trực tuyến, thanh toán…)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Các tỷ lệ dùng cho chỉ tiêu kế hoạch",
        parameters=[SCOPE, *PERIOD],
        responses={200: MeasureSerializer(many=True)},
        tags=["indicators"],
    )
    def get(self, request):
        scope, start, end, _label, now = _context(request)
        rows = [
            selectors.measure(k, scope=scope, start=start, end=end, now=now).__dict__
            for k in selectors.TARGETABLE
        ]
        return Response(MeasureSerializer(rows, many=True).data)


class DrillDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    procedure = serializers.CharField(source="version.name")
    competent_agency = serializers.CharField(source="competent_agency.code")
    channel = serializers.CharField()
    state = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class DrilldownView(APIView):
    """Danh sách hồ sơ (hoặc thủ tục) đứng sau tử số / mẫu số của một chỉ số hoặc cột Biểu 06."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Hồ sơ đứng sau một con số",
        parameters=[
            OpenApiParameter(
                "indicator",
                str,
                required=True,
                description="Mã chỉ số 766 (2.1, 3.3, 4.1…) hoặc cột Biểu 06 (c4…c13, stopped)",
            ),
            OpenApiParameter("part", str, enum=["num", "den"], description="Tử số hoặc mẫu số"),
            SCOPE,
            *PERIOD,
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses={
            200: inline_serializer(
                "DrilldownPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "kind": serializers.CharField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        tags=["indicators"],
    )
    def get(self, request):
        scope, start, end, _label, now = _context(request)
        ident = request.query_params.get("indicator", "")
        part = request.query_params.get("part", "num")
        if part not in ("num", "den"):
            raise AccessError(
                "invalid_query", "part phải là num hoặc den.", errors={"part": ["Sai."]}
            )
        try:
            kind, qs = selectors.drilldown(ident, part, scope=scope, start=start, end=end, now=now)
        except KeyError:
            raise AccessError(
                "no_list",
                f"Chỉ số “{ident}” không có danh sách chi tiết (hoặc chưa có dữ liệu).",
                status=404,
            ) from None
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        if kind == "dossiers":
            data = DrillDossierSerializer(page, many=True).data
        elif kind == "procedures":
            data = [{"id": p.pk, "code": p.code, "name": p.name} for p in page]
        else:
            data = [{"id": p.pk, "text": str(p)} for p in page]
        response = paginator.get_paginated_response(data)
        response.data["kind"] = kind
        return response


class RankingView(APIView):
    """Xếp hạng các cơ quan và xã của một tỉnh theo điểm 766."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Xếp hạng đơn vị theo điểm 766",
        parameters=[SCOPE, *PERIOD],
        responses={
            200: inline_serializer(
                "RankingRow",
                {
                    "rank": serializers.IntegerField(),
                    "scope": serializers.CharField(),
                    "name": serializers.CharField(),
                    "total": serializers.FloatField(),
                    "groups": serializers.DictField(),
                },
                many=True,
            )
        },
        tags=["indicators"],
    )
    def get(self, request):
        scope, start, end, _label, now = _context(request)
        rows = selectors.ranking(selectors.child_scopes(scope), start=start, end=end, now=now)
        return Response(
            [
                {
                    "rank": r.rank,
                    "scope": scope_param(r.scope),
                    "name": r.name,
                    "total": r.total,
                    "groups": {str(k): v for k, v in r.groups.items()},
                }
                for r in rows
            ]
        )


class TargetsView(APIView):
    """Chỉ tiêu kế hoạch của đơn vị: thực hiện so với kế hoạch, diễn biến, cảnh báo."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Chỉ tiêu kế hoạch và thực hiện",
        parameters=[SCOPE, OpenApiParameter("year", int, description="Năm kế hoạch")],
        responses={
            200: inline_serializer(
                "TargetProgress",
                {
                    "measure": serializers.CharField(),
                    "label": serializers.CharField(),
                    "target": serializers.FloatField(),
                    "actual": MeasureSerializer(),
                    "monthly": serializers.ListField(child=serializers.DictField()),
                    "off_track": serializers.BooleanField(allow_null=True),
                    "source": serializers.CharField(),
                },
                many=True,
            )
        },
        tags=["indicators"],
    )
    def get(self, request):
        now = timezone.now()
        today = local_date(now)
        scope = resolve_scope(request.user, request.query_params.get("scope"), today)
        year = request.query_params.get("year") or str(today.year)
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise AccessError("invalid_query", "Năm không hợp lệ.", errors={"year": ["Sai."]})
        rows = selectors.target_progress(scope, int(year), now=now)
        return Response(
            [
                {
                    "measure": t.key,
                    "label": t.label,
                    "target": t.target,
                    "actual": t.actual.__dict__,
                    "monthly": [{"month": m, "value": v} for m, v in t.monthly],
                    "off_track": t.off_track,
                    "source": t.source,
                }
                for t in rows
            ]
        )
