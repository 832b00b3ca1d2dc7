"""REST API of the review (rà soát, đơn giản hóa TTHC, chi phí tuân thủ).

Staff only (Bearer token); a user sees the plans of the agencies they may see. Amounts are whole
đồng (integers), hours and rates decimals as strings, rates in percent with two decimals, null
when there is nothing to compare with.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.api.pagination import DefaultPagination
from motcua.api.permissions import IsAdministrator
from motcua.catalog.models import Procedure, TimeUnit
from motcua.review import cost as C
from motcua.review import selectors, services
from motcua.review.docx_export import proposal_docx
from motcua.review.models import ELEMENTS, HourlyIncome, ReviewItem, ReviewPlan, Scenario

TAGS = ["review"]


def _money(value: Decimal | None) -> int | None:
    return None if value is None else int(C.money(value))


def _dec(value: Decimal | None, places: int = 2) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).quantize(Decimal(1).scaleb(-places)), "f")


# --- serializers (output) ---------------------------------------------------------------------


class ReviewReductionSerializer(serializers.Serializer):
    before = serializers.CharField(help_text="Trước (đồng/năm, hoặc ngày)")
    after = serializers.CharField(help_text="Sau")
    saving = serializers.CharField(help_text="Trước − sau")
    rate = serializers.CharField(
        allow_null=True, help_text="Tỷ lệ cắt giảm (%), 2 chữ số thập phân"
    )
    target = serializers.CharField(help_text="Mục tiêu (%)")
    met = serializers.BooleanField(allow_null=True)


def _reduction(r: C.Reduction | None, target: Decimal, money: bool) -> dict | None:
    if r is None:
        return None
    fmt = (lambda v: str(_money(v))) if money else (lambda v: _dec(v))
    return {
        "before": fmt(r.before),
        "after": fmt(r.after),
        "saving": fmt(r.saving),
        "rate": _dec(r.rate),
        "target": _dec(target),
        "met": r.meets(target),
    }


class ReviewCostRowSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=500, help_text="Công việc")
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    fee = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    service = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    other = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    cost = serializers.IntegerField(read_only=True, help_text="Chi phí của công việc (đồng)")


class ReviewCostSerializer(serializers.Serializer):
    scenario = serializers.CharField(help_text="before | after")
    hourly_income = serializers.CharField()
    hourly_income_source = serializers.CharField()
    n_per_year = serializers.CharField()
    n_source = serializers.CharField(help_text="manual | measured (đo từ hệ thống)")
    n_period = serializers.CharField()
    frequency = serializers.CharField()
    actual_days = serializers.CharField(
        allow_null=True, help_text="Thời gian thực tế bình quân (ngày làm việc), đo từ hệ thống"
    )
    time_amount = serializers.CharField(allow_null=True)
    time_unit = serializers.CharField()
    rows = ReviewCostRowSerializer(many=True)
    hours = serializers.CharField(help_text="Tổng số giờ một lần thực hiện")
    per_performance = serializers.IntegerField(help_text="Chi phí một lần thực hiện (đồng)")
    per_year = serializers.IntegerField(help_text="Chi phí tuân thủ một năm (đồng)")


def _cost(c, hourly: Decimal | None = None) -> dict:
    rows = list(c.rows.all())
    result = C.compute(
        [C.Activity(r.label, r.hours, r.fee, r.service, r.other) for r in rows],
        hourly=c.hourly_income,
        n_per_year=c.n_per_year,
        frequency=c.frequency,
    )
    return {
        "scenario": c.scenario,
        "hourly_income": _dec(c.hourly_income),
        "hourly_income_source": c.hourly_income_source,
        "n_per_year": _dec(c.n_per_year),
        "n_source": c.n_source,
        "n_period": c.n_period,
        "frequency": _dec(c.frequency, 3),
        "actual_days": _dec(c.actual_days),
        "time_amount": _dec(c.time_amount, 3),
        "time_unit": c.time_unit,
        "rows": [
            {
                "label": r.label,
                "hours": _dec(r.hours),
                "fee": _dec(r.fee, 0),
                "service": _dec(r.service, 0),
                "other": _dec(r.other, 0),
                "cost": _money(
                    C.Activity(r.label, r.hours, r.fee, r.service, r.other).cost(c.hourly_income)
                ),
            }
            for r in rows
        ],
        "hours": _dec(result.hours),
        "per_performance": int(result.per_performance),
        "per_year": int(result.per_year),
    }


class ReviewItemSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    procedure = serializers.CharField(help_text="Mã TTHC")
    name = serializers.CharField()
    internal = serializers.BooleanField()
    case = serializers.CharField()
    status = serializers.CharField()
    cost_before = serializers.IntegerField(allow_null=True)
    cost_after = serializers.IntegerField(allow_null=True)
    cost = ReviewReductionSerializer(allow_null=True)
    time = ReviewReductionSerializer(allow_null=True)


def _item_summary(f: selectors.ItemFigures) -> dict:
    i = f.item
    return {
        "id": i.pk,
        "procedure": i.procedure.code,
        "name": i.procedure.name,
        "internal": i.version.is_internal,
        "case": i.case.code,
        "status": i.status,
        "cost_before": int(f.before.result.per_year) if f.before else None,
        "cost_after": int(f.after.result.per_year) if f.after else None,
        "cost": _reduction(f.cost, f.cost_target, True),
        "time": _reduction(f.time, f.time_target, False),
    }


class ReviewGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    cost = ReviewReductionSerializer(allow_null=True, help_text="Tỷ lệ trên tổng")
    cost_mean_rate = serializers.CharField(allow_null=True, help_text="Bình quân tỷ lệ")
    time = ReviewReductionSerializer(allow_null=True)
    time_mean_rate = serializers.CharField(allow_null=True)


class ReviewPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(help_text="Mã cơ quan chủ trì")
    agency_name = serializers.CharField()
    year = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    hourly_income = serializers.CharField()
    hourly_income_source = serializers.CharField()
    cost_target = serializers.CharField()
    time_target = serializers.CharField()
    internal_cost_target = serializers.CharField()
    internal_time_target = serializers.CharField()


def _plan(p: ReviewPlan) -> dict:
    return {
        "id": p.pk,
        "agency": p.agency.code,
        "agency_name": p.agency.name,
        "year": p.year,
        "number": p.number,
        "title": p.title,
        "hourly_income": _dec(p.hourly_income.amount),
        "hourly_income_source": f"{p.hourly_income.source} (năm {p.hourly_income.year})",
        "cost_target": _dec(p.cost_target),
        "time_target": _dec(p.time_target),
        "internal_cost_target": _dec(p.internal_cost_target),
        "internal_time_target": _dec(p.internal_time_target),
    }


class ReviewPlanDetailSerializer(ReviewPlanSerializer):
    items = ReviewItemSummarySerializer(many=True)
    groups = ReviewGroupSerializer(many=True)


def _plan_detail(p: ReviewPlan) -> dict:
    s = selectors.plan_summary(p)
    return {
        **_plan(p),
        "items": [_item_summary(f) for f in s.rows],
        "groups": [
            {
                "label": g.label,
                "count": g.cost.count,
                "cost": _reduction(g.cost.total, g.cost_target, True) if g.cost.count else None,
                "cost_mean_rate": _dec(g.cost.mean_rate),
                "time": _reduction(g.time.total, g.time_target, False) if g.time.count else None,
                "time_mean_rate": _dec(g.time.mean_rate),
            }
            for g in s.groups
        ],
    }


class ReviewPlanInSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="Mã cơ quan chủ trì")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500)
    number = serializers.CharField(max_length=80, required=False, default="", allow_blank=True)
    legal_basis = serializers.CharField(required=False, default="", allow_blank=True)
    cost_target = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    time_target = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    internal_cost_target = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    internal_time_target = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)


def _visible_plan(request, pk: int) -> ReviewPlan:
    plan = selectors.visible_plans(request.user, timezone.localdate()).filter(pk=pk).first()
    if plan is None:
        raise ApiError("not_found", "Không có kế hoạch rà soát này.", status_code=404)
    return plan


def _visible_item(request, pk: int) -> ReviewItem:
    item = get_object_or_404(ReviewItem, pk=pk)
    _visible_plan(request, item.plan_id)
    return selectors.plan_items(item.plan).get(pk=pk)


class PlanList(APIView):
    """Kế hoạch rà soát TTHC mà người dùng được xem; lập kế hoạch mới."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: ReviewPlanSerializer(many=True)},
        parameters=[
            OpenApiParameter("limit", int, required=False),
            OpenApiParameter("offset", int, required=False),
        ],
        tags=TAGS,
    )
    def get(self, request):
        qs = selectors.visible_plans(request.user, timezone.localdate()).order_by("-year", "id")
        pager = DefaultPagination()
        page = pager.paginate_queryset(qs, request, view=self)
        return pager.get_paginated_response([_plan(p) for p in page])

    @extend_schema(
        request=ReviewPlanInSerializer, responses={201: ReviewPlanDetailSerializer}, tags=TAGS
    )
    def post(self, request):
        s = ReviewPlanInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        agency = (
            selectors.agencies_for_plans(request.user, timezone.localdate())
            .filter(code=v["agency"])
            .first()
        )
        if agency is None:
            raise ApiError(
                "invalid", "Không có cơ quan này trong phạm vi của bạn.", {"agency": ["Sai."]}
            )
        plan = services.create_plan(
            agency=agency,
            year=v["year"],
            title=v["title"],
            number=v["number"],
            legal_basis=v["legal_basis"],
            targets={k: v.get(k) for k in ("cost_target", "time_target") if k in v}
            | {k: v.get(k) for k in ("internal_cost_target", "internal_time_target") if k in v},
            user=request.user,
            now=timezone.now(),
        )
        return Response(_plan_detail(plan), status=201)


class PlanDetail(APIView):
    """Một kế hoạch: từng thủ tục (chi phí trước, sau, tiết kiệm, tỷ lệ) và tổng trên tổng."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ReviewPlanDetailSerializer}, tags=TAGS)
    def get(self, request, pk: int):
        return Response(_plan_detail(_visible_plan(request, pk)))


class PlanDocx(APIView):
    """Phương án đơn giản hóa của kế hoạch (DOCX, thể thức văn bản hành chính)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("item", int, required=False, description="Chỉ một thủ tục")],
        tags=TAGS,
    )
    def get(self, request, pk: int):
        plan = _visible_plan(request, pk)
        only = request.query_params.get("item")
        data = proposal_docx(
            selectors.plan_summary(plan),
            on=timezone.localdate(),
            only_item=int(only) if only and only.isdigit() else None,
        )
        response = HttpResponse(
            data,
            content_type=(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ),
        )
        response["Content-Disposition"] = f'attachment; filename="phuong-an-{plan.pk}.docx"'
        return response


class ReviewItemInSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text="Mã TTHC")
    case = serializers.CharField(required=False, allow_blank=True, help_text="Mã trường hợp")


class ReviewElementSerializer(serializers.Serializer):
    ok = serializers.BooleanField(allow_null=True, required=False, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    proposal = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewAssessmentSerializer(serializers.Serializer):
    necessity_ok = serializers.BooleanField(allow_null=True, required=False, default=None)
    necessity = serializers.CharField(required=False, allow_blank=True, default="")
    assessment = serializers.DictField(
        child=ReviewElementSerializer(),
        required=False,
        default=dict,
        help_text="Theo bộ phận: " + ", ".join(ELEMENTS),
    )
    legality_ok = serializers.BooleanField(allow_null=True, required=False, default=None)
    legality = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewTimeLimitSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=8, decimal_places=3, min_value=Decimal(0))
    unit = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="working_days | working_hours | calendar_days | … (mặc định: như hiện hành)",
    )


class ReviewChangesSerializer(serializers.Serializer):
    time_limit = ReviewTimeLimitSerializer(required=False)
    components_removed = serializers.ListField(child=serializers.IntegerField(), required=False)
    fees = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False)
    channels = serializers.ListField(child=serializers.CharField(), required=False)
    steps = serializers.DictField(
        child=serializers.DecimalField(max_digits=8, decimal_places=3), required=False
    )


class ReviewProposalSerializer(serializers.Serializer):
    proposal = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    recommendation = serializers.CharField(required=False, allow_blank=True, default="")
    changes = ReviewChangesSerializer(required=False, default=dict)


class ReviewCostInSerializer(serializers.Serializer):
    rows = ReviewCostRowSerializer(many=True)
    n_per_year = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    frequency = serializers.DecimalField(
        max_digits=8, decimal_places=3, min_value=Decimal(0), default=Decimal(1)
    )
    hourly_income = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False
    )
    hourly_income_source = serializers.CharField(required=False, allow_blank=True)
    time_amount = serializers.DecimalField(
        max_digits=8, decimal_places=3, min_value=Decimal(0), required=False
    )
    time_unit = serializers.CharField(required=False, allow_blank=True)


class ReviewItemSerializer(ReviewItemSummarySerializer):
    plan = serializers.IntegerField()
    version = serializers.IntegerField()
    necessity_ok = serializers.BooleanField(allow_null=True)
    necessity = serializers.CharField()
    assessment = serializers.DictField(child=ReviewElementSerializer())
    legality_ok = serializers.BooleanField(allow_null=True)
    legality = serializers.CharField()
    proposal = serializers.CharField()
    reasons = serializers.CharField()
    recommendation = serializers.CharField()
    changes = serializers.DictField()
    costs = ReviewCostSerializer(many=True)
    decision = serializers.IntegerField(allow_null=True, help_text="Quyết định công bố (dự thảo)")
    new_version = serializers.IntegerField(allow_null=True)


def _item(item: ReviewItem) -> dict:
    f = selectors.item_figures(item)
    return {
        **_item_summary(f),
        "plan": item.plan_id,
        "version": item.version_id,
        "necessity_ok": item.necessity_ok,
        "necessity": item.necessity,
        "assessment": item.assessment,
        "legality_ok": item.legality_ok,
        "legality": item.legality,
        "proposal": item.proposal,
        "reasons": item.reasons,
        "recommendation": item.recommendation,
        "changes": item.changes,
        "costs": [_cost(c) for c in item.costs.all()],
        "decision": item.decision_id,
        "new_version": item.new_version_id,
    }


class PlanItems(APIView):
    """Đưa một thủ tục vào kế hoạch rà soát."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReviewItemInSerializer, responses={201: ReviewItemSerializer}, tags=TAGS)
    def post(self, request, pk: int):
        plan = _visible_plan(request, pk)
        s = ReviewItemInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        procedure = Procedure.objects.filter(code=s.validated_data["procedure"]).first()
        if procedure is None:
            raise ApiError("not_found", "Không có thủ tục mã này.", {"procedure": ["Sai."]}, 404)
        item = services.add_procedure(
            plan,
            procedure=procedure,
            case_code=s.validated_data.get("case") or None,
            today=timezone.localdate(),
            now=timezone.now(),
            user=request.user,
        )
        return Response(_item(selectors.plan_items(plan).get(pk=item.pk)), status=201)


class ItemDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ReviewItemSerializer}, tags=TAGS)
    def get(self, request, pk: int):
        return Response(_item(_visible_item(request, pk)))


class ItemAssessment(APIView):
    """Biểu mẫu rà soát: sự cần thiết, tính hợp lý từng bộ phận, tính hợp pháp."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewAssessmentSerializer, responses={200: ReviewItemSerializer}, tags=TAGS
    )
    def put(self, request, pk: int):
        item = _visible_item(request, pk)
        s = ReviewAssessmentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.save_assessment(item, **s.validated_data, user=request.user, now=timezone.now())
        return Response(_item(_visible_item(request, pk)))


class ItemProposal(APIView):
    """Phương án đơn giản hóa và các thay đổi (thời hạn, thành phần, phí, cách thức, bước)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewProposalSerializer, responses={200: ReviewItemSerializer}, tags=TAGS
    )
    def put(self, request, pk: int):
        item = _visible_item(request, pk)
        s = ReviewProposalSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        changes = dict(v.get("changes") or {})
        if "time_limit" in changes:
            changes["time_limit"] = {
                "amount": changes["time_limit"]["amount"],
                "unit": changes["time_limit"].get("unit") or None,
            }
        services.save_proposal(
            item,
            proposal=v["proposal"],
            reasons=v["reasons"],
            recommendation=v["recommendation"],
            changes=changes,
            user=request.user,
            now=timezone.now(),
        )
        return Response(_item(_visible_item(request, pk)))


class ItemCost(APIView):
    """Bảng tính chi phí tuân thủ của một phương án (before | after); thay toàn bộ các dòng."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReviewCostInSerializer, responses={200: ReviewItemSerializer}, tags=TAGS)
    def put(self, request, pk: int, scenario: str):
        item = _visible_item(request, pk)
        if scenario not in Scenario.values:
            raise ApiError("not_found", "Phương án phải là before hoặc after.", status_code=404)
        s = ReviewCostInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        services.save_cost(
            item,
            scenario=scenario,
            rows=[dict(r) for r in v["rows"]],
            n_per_year=v["n_per_year"],
            frequency=v["frequency"],
            hourly_income=v.get("hourly_income"),
            hourly_income_source=v.get("hourly_income_source"),
            time_amount=v.get("time_amount"),
            time_unit=v.get("time_unit") or None,
            user=request.user,
            now=timezone.now(),
        )
        return Response(_item(_visible_item(request, pk)))


def _period(request, plan_year: int | None) -> tuple[date, date]:
    try:
        d0 = request.query_params.get("from")
        d1 = request.query_params.get("to")
        if plan_year is not None:
            default = services.last_year(plan_year)
        else:
            y = timezone.localdate().year - 1
            default = (date(y, 1, 1), date(y, 12, 31))
        start = date.fromisoformat(d0) if d0 else default[0]
        end = date.fromisoformat(d1) if d1 else default[1]
    except ValueError as exc:
        raise ApiError(
            "invalid_query", "Ngày phải có dạng YYYY-MM-DD.", {"from": ["Sai."]}
        ) from exc
    if end < start:
        raise ApiError("invalid_query", "Ngày kết thúc trước ngày bắt đầu.", {"to": ["Sai."]})
    return start, end


class ReviewStepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    budget_hours = serializers.CharField(allow_null=True)
    passes = serializers.IntegerField()
    dossiers = serializers.IntegerField()
    avg_hours = serializers.CharField(allow_null=True)
    total_hours = serializers.CharField()
    over_budget = serializers.IntegerField()
    supplements = serializers.IntegerField()
    denials = serializers.IntegerField()
    send_backs = serializers.IntegerField()


class ReviewEvidenceSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Luôn là 'measured' (đo từ hệ thống)")
    start = serializers.DateField()
    end = serializers.DateField()
    submitted = serializers.IntegerField()
    received = serializers.IntegerField()
    decided = serializers.IntegerField()
    refused = serializers.IntegerField()
    denied = serializers.IntegerField()
    with_supplement = serializers.IntegerField()
    late = serializers.IntegerField()
    avg_days = serializers.CharField(allow_null=True, help_text="Ngày làm việc (8 giờ)")
    limit_days = serializers.CharField(allow_null=True)
    supplement_rate = serializers.CharField(allow_null=True)
    refusal_rate = serializers.CharField(allow_null=True)
    denial_rate = serializers.CharField(allow_null=True)
    late_rate = serializers.CharField(allow_null=True)
    steps = ReviewStepSerializer(many=True, help_text="Tốn nhiều thời gian nhất trước")


class ItemEvidence(APIView):
    """Số liệu đo từ hồ sơ trên hệ thống: thời gian thực tế, tỷ lệ bổ sung, từ chối, trễ hạn;
    từng bước so với định mức, bước tốn nhiều thời gian nhất trước."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("to", OpenApiTypes.DATE, required=False),
        ],
        responses={200: ReviewEvidenceSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        item = _visible_item(request, pk)
        start, end = _period(request, item.plan.year)
        m = selectors.measured(
            item.procedure_id, start, end, today=timezone.localdate(), case=item.case
        )
        steps = selectors.step_analysis(item.procedure_id, start, end, case=item.case)
        return Response(
            {
                "source": "measured",
                "start": start,
                "end": end,
                "submitted": m.submitted,
                "received": m.received,
                "decided": m.decided,
                "refused": m.refused,
                "denied": m.denied,
                "with_supplement": m.with_supplement,
                "late": m.late,
                "avg_days": _dec(m.avg_days),
                "limit_days": _dec(m.limit_days),
                "supplement_rate": _dec(m.supplement_rate),
                "refusal_rate": _dec(m.refusal_rate),
                "denial_rate": _dec(m.denial_rate),
                "late_rate": _dec(m.late_rate),
                "steps": [
                    {
                        "order": s.order,
                        "name": s.name,
                        "role": s.role,
                        "budget_hours": _dec(s.budget_hours),
                        "passes": s.passes,
                        "dossiers": s.dossiers,
                        "avg_hours": _dec(s.avg_hours),
                        "total_hours": _dec(s.total_hours),
                        "over_budget": s.over_budget,
                        "supplements": s.supplements,
                        "denials": s.denials,
                        "send_backs": s.send_backs,
                    }
                    for s in steps
                ],
            }
        )


class ReviewWhatIfRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    received_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    actual_due = serializers.DateTimeField(allow_null=True)
    actual = serializers.CharField(help_text="early | on_time | late | open | open_late | stopped")
    proposed_due = serializers.DateTimeField(allow_null=True)
    proposed = serializers.CharField()


class ReviewWhatIfSerializer(serializers.Serializer):
    amount = serializers.CharField()
    unit = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField()
    late_actual = serializers.IntegerField()
    late_proposed = serializers.IntegerField()
    late_rate = serializers.CharField(allow_null=True)
    late = ReviewWhatIfRowSerializer(many=True, help_text="Hồ sơ sẽ trễ hạn với thời hạn đề xuất")
    rows = ReviewWhatIfRowSerializer(many=True)


WHAT_IF_PARAMS = [
    OpenApiParameter("amount", OpenApiTypes.DECIMAL, required=True, description="Thời hạn"),
    OpenApiParameter(
        "unit",
        str,
        required=False,
        description="working_days (mặc định) | working_hours | calendar_days | same_day",
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, required=False, description="Tiếp nhận từ"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=False, description="đến (gồm ngày này)"),
]


def _what_if_response(
    request, procedure_id: int, case_code: str | None, plan_year: int | None
) -> Response:
    try:
        amount = Decimal(str(request.query_params.get("amount", "")).replace(",", "."))
        if not amount.is_finite() or amount < 0:
            raise ValueError
    except (ArithmeticError, ValueError) as exc:
        raise ApiError(
            "invalid_query", "amount phải là số không âm.", {"amount": ["Sai."]}
        ) from exc
    unit = request.query_params.get("unit") or TimeUnit.WORKING_DAYS
    if unit not in TimeUnit.values or unit == TimeUnit.MONTHS:
        raise ApiError(
            "invalid_query",
            "Đơn vị phải là working_days, working_hours, calendar_days hoặc same_day.",
            {"unit": ["Sai."]},
        )
    start, end = _period(request, plan_year)
    w = selectors.what_if(
        procedure_id,
        amount=amount,
        unit=unit,
        start=start,
        end=end,
        today=timezone.localdate(),
        case_code=case_code,
    )

    def row(r: selectors.WhatIfRow) -> dict:
        return {
            "code": r.code,
            "received_at": r.received_at,
            "ended_at": r.ended_at,
            "actual_due": r.actual_due,
            "actual": r.actual,
            "proposed_due": r.proposed_due,
            "proposed": r.proposed,
        }

    return Response(
        ReviewWhatIfSerializer(
            {
                "amount": _dec(w.amount, 3),
                "unit": w.unit,
                "start": w.start,
                "end": w.end,
                "total": w.total,
                "late_actual": w.late_actual,
                "late_proposed": w.late_proposed,
                "late_rate": _dec(w.late_rate),
                "late": [row(r) for r in w.late_rows],
                "rows": [row(r) for r in w.rows],
            }
        ).data
    )


class ItemWhatIf(APIView):
    """Giả định: áp dụng thời hạn đề xuất cho hồ sơ năm trước của thủ tục (trường hợp được rà
    soát); mặc định thời kỳ là năm liền trước năm của kế hoạch."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=WHAT_IF_PARAMS, responses={200: ReviewWhatIfSerializer}, tags=TAGS)
    def get(self, request, pk: int):
        item = _visible_item(request, pk)
        return _what_if_response(request, item.procedure_id, item.case.code, item.plan.year)


class ProcedureWhatIf(APIView):
    """Giả định cho một thủ tục bất kỳ (mã TTHC), tùy chọn một trường hợp; mặc định năm trước."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("case", str, required=False, description="Mã trường hợp"),
            *WHAT_IF_PARAMS,
        ],
        responses={200: ReviewWhatIfSerializer},
        tags=TAGS,
    )
    def get(self, request, code: str):
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise ApiError("not_found", "Không có thủ tục mã này.", status_code=404)
        return _what_if_response(
            request, procedure.pk, request.query_params.get("case") or None, None
        )


class ReviewAdoptSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=80)
    decision_date = serializers.DateField()
    effective_date = serializers.DateField()
    title = serializers.CharField(max_length=500)
    signer = serializers.CharField(max_length=120)
    signer_title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class ItemAdopt(APIView):
    """Chuyển phương án sang danh mục: quyết định công bố (dự thảo, sửa đổi bổ sung) và phiên
    bản mới; công bố tiếp bằng POST /api/v1/decisions/{decision}/publish."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReviewAdoptSerializer, responses={200: ReviewItemSerializer}, tags=TAGS)
    def post(self, request, pk: int):
        item = _visible_item(request, pk)
        s = ReviewAdoptSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        services.adopt(
            item,
            number=v["number"],
            decision_date=v["decision_date"],
            effective_date=v["effective_date"],
            title=v["title"],
            signer=v["signer"],
            signer_title=v.get("signer_title", ""),
            user=request.user,
            now=timezone.now(),
        )
        return Response(_item(_visible_item(request, pk)))


class ReviewHourlyIncomeSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    source = serializers.CharField(max_length=300)
    income = serializers.DecimalField(
        max_digits=14, decimal_places=0, required=False, allow_null=True
    )
    working_days = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )


def _hourly(h: HourlyIncome) -> dict:
    return {
        "year": h.year,
        "amount": _dec(h.amount),
        "source": h.source,
        "income": _dec(h.income, 0),
        "working_days": _dec(h.working_days),
    }


class HourlyIncomes(APIView):
    """Thu nhập bình quân 1 giờ làm việc theo năm số liệu (quản trị sửa)."""

    def get_permissions(self):
        return [IsAdministrator()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(responses={200: ReviewHourlyIncomeSerializer(many=True)}, tags=TAGS)
    def get(self, request):
        return Response([_hourly(h) for h in HourlyIncome.objects.all()])

    @extend_schema(
        request=ReviewHourlyIncomeSerializer,
        responses={200: ReviewHourlyIncomeSerializer},
        tags=TAGS,
    )
    def post(self, request):
        s = ReviewHourlyIncomeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        h = services.set_hourly_income(
            year=v["year"],
            amount=v.get("amount"),
            source=v["source"],
            income=v.get("income"),
            working_days=v.get("working_days"),
            user=request.user,
            now=timezone.now(),
        )
        return Response(_hourly(h))


class CalcRowSerializer(serializers.Serializer):
    task = serializers.CharField(max_length=500, help_text="Công việc")
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    fee = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    service = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    other = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )


class OtherCostSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=Decimal(0))


class CalcScenarioSerializer(serializers.Serializer):
    rows = CalcRowSerializer(many=True, required=False, default=list)
    hourly_income = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    fees = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )
    other_costs = OtherCostSerializer(many=True, required=False, default=list)
    n_per_year = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    frequency = serializers.DecimalField(
        max_digits=8, decimal_places=3, min_value=Decimal(0), default=Decimal(1)
    )
    time_limit = ReviewTimeLimitSerializer(
        required=False, help_text="Không có dòng công việc: thời hạn × 8 giờ (cách tính rút gọn)"
    )


class CalcInSerializer(serializers.Serializer):
    before = CalcScenarioSerializer()
    after = CalcScenarioSerializer()


class CalcResultSerializer(serializers.Serializer):
    hours = serializers.CharField()
    per_performance = serializers.IntegerField()
    per_year = serializers.IntegerField()


class CalcOutSerializer(serializers.Serializer):
    before = CalcResultSerializer()
    after = CalcResultSerializer()
    saving = serializers.IntegerField(help_text="Chi phí tiết kiệm (đồng/năm)")
    rate = serializers.CharField(allow_null=True, help_text="Tỷ lệ cắt giảm chi phí (%)")
    time_rate = serializers.CharField(allow_null=True, help_text="Tỷ lệ cắt giảm thời gian (%)")


def _calc_scenario(v: dict) -> C.Scenario:
    tl = v.get("time_limit")
    days = None
    if tl:
        unit = tl.get("unit") or TimeUnit.WORKING_DAYS
        if unit not in TimeUnit.values:
            raise ApiError("invalid", "Đơn vị thời hạn không hợp lệ.", {"time_limit": ["Sai."]})
        days = C.limit_in_days(tl["amount"], unit)
    return C.Scenario(
        hourly_income=v["hourly_income"],
        n_per_year=v["n_per_year"],
        frequency=v["frequency"],
        rows=tuple(
            C.Activity(r["task"], r["hours"], r["fee"], r["service"], r["other"]) for r in v["rows"]
        ),
        fees=v["fees"],
        other_costs=sum((o["amount"] for o in v["other_costs"]), Decimal(0)),
        time_limit_days=days,
    )


class CostCalculator(APIView):
    """Tính chi phí tuân thủ trước và sau đơn giản hóa (không lưu): C1 = Σ(giờ × thu nhập 1 giờ)
    + phí, lệ phí + chi phí khác; CPTT/năm = C1 × N × F; tiết kiệm và tỷ lệ cắt giảm."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CalcInSerializer, responses={200: CalcOutSerializer}, tags=TAGS)
    def post(self, request):
        s = CalcInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        r = C.compare(
            _calc_scenario(s.validated_data["before"]), _calc_scenario(s.validated_data["after"])
        )

        def res(x: C.CostResult) -> dict:
            return {
                "hours": _dec(x.hours),
                "per_performance": int(x.per_performance),
                "per_year": int(x.per_year),
            }

        return Response(
            {
                "before": res(r.before),
                "after": res(r.after),
                "saving": int(r.cost.saving),
                "rate": _dec(r.cost.rate),
                "time_rate": _dec(r.time.rate) if r.time else None,
            }
        )


class ReviewCandidateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    internal = serializers.BooleanField()
    dossiers = serializers.IntegerField()
    late = serializers.IntegerField()
    with_supplement = serializers.IntegerField()
    late_rate = serializers.CharField(allow_null=True)
    supplement_rate = serializers.CharField(allow_null=True)
    in_plan = serializers.BooleanField()


class PlanCandidates(APIView):
    """Gợi ý thủ tục cần rà soát: thủ tục cơ quan giải quyết, số hồ sơ năm trước (đo từ hệ
    thống), trễ hạn, phải bổ sung — nhiều hồ sơ, trễ hạn nhiều trước."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("to", OpenApiTypes.DATE, required=False),
        ],
        responses={200: ReviewCandidateSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        plan = _visible_plan(request, pk)
        start, end = _period(request, plan.year)
        return Response(
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "internal": c.internal,
                    "dossiers": c.dossiers,
                    "late": c.late,
                    "with_supplement": c.with_supplement,
                    "late_rate": _dec(c.late_rate),
                    "supplement_rate": _dec(c.supplement_rate),
                    "in_plan": c.in_plan,
                }
                for c in selectors.candidates(plan, start, end, limit=200)
            ]
        )
