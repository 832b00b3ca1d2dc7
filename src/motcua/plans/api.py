"""REST API of plans and inspections (staff, Bearer token)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.api.pagination import DefaultPagination
from motcua.directory.selectors import visible_agencies
from motcua.plans import schedule as sched
from motcua.plans import selectors, services, tables
from motcua.plans.models import (
    InspectionPlan,
    OccurrenceStatus,
    OwnerKind,
    Plan,
    PlanTask,
    TaskOccurrence,
)


def _choice(choices: list, **kw) -> serializers.ChoiceField:
    """A choice field documented as a pattern-limited string (no shared enum component: the
    names "kind" and "status" already name other choice sets of the API)."""
    values = [c[0] if isinstance(c, tuple) else c for c in choices]
    schema = {
        "type": "string",
        "pattern": "^(" + "|".join(values) + ")$",
        "description": "; ".join(str(v) for v in values if v),
    }
    cls = extend_schema_field(schema)(type("Choice", (serializers.ChoiceField,), {}))
    return cls(choices=choices, **kw)


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    done_late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    upcoming = serializers.IntegerField()
    no_due = serializers.IntegerField()
    due_so_far = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class ScheduleSerializer(serializers.Serializer):
    kind = _choice([k.value for k in sched.Kind])
    kind_label = serializers.CharField()
    text = serializers.CharField(help_text="Nguyên văn ô thời gian")
    description = serializers.CharField(source="describe")
    due = serializers.DateField(allow_null=True)
    start = serializers.DateField(allow_null=True)
    periods = serializers.ListField(child=serializers.CharField())
    due_day = serializers.IntegerField(allow_null=True)
    due_month = serializers.IntegerField(allow_null=True)
    event = serializers.CharField()
    offset_days = serializers.IntegerField(allow_null=True)
    working_days = serializers.BooleanField()
    immediate = serializers.BooleanField()
    reference = serializers.CharField()
    ad_hoc = serializers.BooleanField()
    notes = serializers.ListField(child=serializers.CharField())


class OccurrenceSerializer(serializers.ModelSerializer):
    status = _choice(OccurrenceStatus.choices, read_only=True)

    class Meta:
        model = TaskOccurrence
        fields = [
            "id",
            "key",
            "label",
            "starts_on",
            "due_on",
            "event_on",
            "event_note",
            "status",
            "done_on",
        ]


class TaskSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.number", default="")
    schedule = serializers.SerializerMethodField()
    occurrences = OccurrenceSerializer(many=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "section",
            "number",
            "group",
            "content",
            "lead",
            "cooperating",
            "product",
            "deadline_text",
            "read_as",
            "schedule",
            "depends_on",
            "occurrences",
        ]

    @extend_schema_field(ScheduleSerializer)
    def get_schedule(self, obj: PlanTask) -> dict:
        return ScheduleSerializer(sched.Schedule.from_json(obj.schedule)).data


class PlanSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", default=None)
    owner_kind = _choice(OwnerKind.choices)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "owner_kind",
            "agency",
            "year",
            "number",
            "issued_on",
            "title",
            "parent",
            "parent_ref",
            "progress",
        ]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj: Plan) -> dict:
        p = self.context.get("progress", {}).get(obj.pk) or selectors.Progress()
        return ProgressSerializer(p).data


class TargetSerializer(serializers.Serializer):
    text = serializers.CharField()
    measure_key = serializers.CharField()
    value = serializers.DecimalField(max_digits=5, decimal_places=2)
    actual = serializers.FloatField(allow_null=True, help_text="Tỷ lệ 0–1; null = chưa có dữ liệu")


class PlanDetailSerializer(PlanSerializer):
    legal_basis = serializers.CharField()
    purpose = serializers.CharField()
    tasks = TaskSerializer(many=True)
    targets = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "legal_basis", "purpose", "targets", "tasks"]

    @extend_schema_field(TargetSerializer(many=True))
    def get_targets(self, obj: Plan) -> list[dict]:
        rows = selectors.plan_targets(obj, _today(), timezone.now())
        return [
            {
                "text": r["target"].text,
                "measure_key": r["target"].measure_key,
                "value": r["target"].value,
                "actual": r["actual"].value,
            }
            for r in rows
        ]


def _today():
    return timezone.localdate()


class PlanList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Kế hoạch trong phạm vi của cán bộ, kèm tiến độ",
        parameters=[
            OpenApiParameter("year", int, description="Năm"),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses={
            200: inline_serializer(
                "PlanPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "results": PlanSerializer(many=True),
                },
            )
        },
        tags=["plans"],
    )
    def get(self, request):
        qs = selectors.visible_plans(request.user, _today()).select_related("agency")
        year = request.query_params.get("year")
        if year:
            if not year.isdigit():
                raise ApiError("invalid_query", "year phải là số.", errors={"year": ["Sai."]})
            qs = qs.filter(year=int(year))
        qs = qs.order_by("-year", "id")
        pager = DefaultPagination()
        page = pager.paginate_queryset(qs, request, view=self)
        progress = selectors.progress_by(
            TaskOccurrence.objects.filter(task__plan__in=[p.pk for p in page]),
            "task__plan_id",
            _today(),
        )
        data = PlanSerializer(page, many=True, context={"progress": progress}).data
        return pager.get_paginated_response(data)


class PlanDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Một kế hoạch: nhiệm vụ, lịch đã hiểu, các kỳ, chỉ tiêu",
        operation_id="plan_detail",
        responses={200: PlanDetailSerializer},
        tags=["plans"],
    )
    def get(self, request, pk: int):
        plan = get_object_or_404(Plan.objects.select_related("agency"), pk=pk)
        if not selectors.can_see(request.user, plan, _today()):
            raise ApiError(
                "permission_denied", "Kế hoạch không thuộc phạm vi của bạn.", status_code=403
            )
        plan = (
            Plan.objects.prefetch_related("tasks__section", "tasks__occurrences")
            .select_related("agency")
            .get(pk=pk)
        )
        progress = {plan.pk: selectors.plan_progress(plan, _today())}
        return Response(PlanDetailSerializer(plan, context={"progress": progress}).data)


class DraftTaskSerializer(serializers.Serializer):
    number = serializers.CharField()
    section = serializers.CharField(allow_blank=True)
    content = serializers.CharField()
    lead = serializers.CharField(allow_blank=True, default="")
    cooperating = serializers.CharField(allow_blank=True, default="")
    product = serializers.CharField(allow_blank=True, default="")
    deadline = serializers.CharField(allow_blank=True, default="")
    group = serializers.CharField(allow_blank=True, default="")
    inherited = serializers.BooleanField(default=False)
    line = serializers.IntegerField(default=0)


class DraftSectionSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField(allow_blank=True)


class DraftSerializer(serializers.Serializer):
    number = serializers.CharField(allow_blank=True, default="")
    title = serializers.CharField(allow_blank=True, default="")
    year = serializers.IntegerField(allow_null=True, required=False)
    issued_on = serializers.DateField(allow_null=True, required=False)
    place = serializers.CharField(allow_blank=True, default="")
    legal_basis = serializers.CharField(allow_blank=True, default="")
    purpose = serializers.CharField(allow_blank=True, default="")
    sections = DraftSectionSerializer(many=True)
    tasks = DraftTaskSerializer(many=True)


class PreviewTaskSerializer(serializers.Serializer):
    task = DraftTaskSerializer()
    schedule = ScheduleSerializer()


class PlanImportPreview(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Đọc bảng nhiệm vụ từ tệp (DOCX, XLSX, TXT) — không lưu gì",
        description="Trả về bản nháp và cách hiểu từng thời hạn; gửi lại bản nháp (đã sửa) tới "
        "POST /api/v1/plans để lưu.",
        request={
            "multipart/form-data": inline_serializer(
                "PlanFile", {"file": serializers.FileField(help_text="DOCX, XLSX hoặc TXT")}
            )
        },
        responses={
            200: inline_serializer(
                "PlanPreview",
                {"draft": DraftSerializer(), "tasks": PreviewTaskSerializer(many=True)},
            )
        },
        tags=["plans"],
    )
    def post(self, request):
        f = request.FILES.get("file")
        if f is None:
            raise ApiError("no_file", "Thiếu tệp (trường file).", errors={"file": ["Bắt buộc."]})
        draft = tables.read_file(f.read(), f.name)
        year = draft.year or _today().year
        data = services.draft_to_json(draft)
        return Response(
            {
                "draft": data,
                "tasks": [
                    {
                        "task": t,
                        "schedule": ScheduleSerializer(sched.parse(t["deadline"], year=year)).data,
                    }
                    for t in data["tasks"]
                ],
            }
        )


class PlanCreateSerializer(serializers.Serializer):
    draft = DraftSerializer()
    owner_kind = _choice(OwnerKind.choices)
    agency = serializers.CharField(help_text="Mã cơ quan ban hành")
    year = serializers.IntegerField()
    parent = serializers.IntegerField(required=False, allow_null=True)
    read_as = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="Cách hiểu đã sửa theo chỉ số nhiệm vụ (0, 1, …)",
    )
    kinds = serializers.DictField(child=_choice([k.value for k in sched.Kind]), required=False)


class PlanCreate(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Lưu kế hoạch từ bản nháp đã kiểm tra",
        request=PlanCreateSerializer,
        responses={201: PlanDetailSerializer},
        tags=["plans"],
    )
    def post(self, request):
        s = PlanCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        agency = visible_agencies(request.user, _today()).filter(code=v["agency"]).first()
        if agency is None:
            raise ApiError(
                "agency_out_of_scope",
                "Cơ quan không thuộc phạm vi của bạn.",
                errors={"agency": ["Ngoài phạm vi."]},
                status_code=403,
            )
        parent = None
        if v.get("parent"):
            parent = selectors.visible_plans(request.user, _today()).filter(pk=v["parent"]).first()
            if parent is None:
                raise ApiError("not_found", "Không tìm thấy kế hoạch cấp trên.", status_code=404)
        draft = services.draft_from_json(
            {
                **v["draft"],
                "issued_on": v["draft"].get("issued_on") and v["draft"]["issued_on"].isoformat(),
            }
        )
        read_as = {int(k): x for k, x in (v.get("read_as") or {}).items() if str(k).isdigit()}
        kinds = {int(k): x for k, x in (v.get("kinds") or {}).items() if str(k).isdigit()}
        unknown = [
            t.number
            for i, t in enumerate(draft.tasks)
            if not services.understand(
                read_as.get(i) or t.deadline, year=v["year"], kind=kinds.get(i, "")
            ).complete
        ]
        if unknown:
            raise ApiError(
                "schedule_unknown",
                "Chưa hiểu được thời hạn của nhiệm vụ: " + ", ".join(unknown),
                errors={"read_as": unknown},
            )
        plan = services.create_plan(
            draft,
            owner_kind=v["owner_kind"],
            agency=agency,
            year=v["year"],
            parent=parent,
            read_as=read_as,
            kinds=kinds,
            source_name="api",
            actor=request.user,
            now=timezone.now(),
        )
        plan = Plan.objects.prefetch_related("tasks__section", "tasks__occurrences").get(pk=plan.pk)
        progress = {plan.pk: selectors.plan_progress(plan, _today())}
        return Response(PlanDetailSerializer(plan, context={"progress": progress}).data, status=201)


class DueOccurrenceSerializer(OccurrenceSerializer):
    task = serializers.IntegerField(source="task_id")
    task_number = serializers.CharField(source="task.number")
    content = serializers.CharField(source="task.content")
    lead = serializers.CharField(source="task.lead")
    plan = serializers.IntegerField(source="task.plan_id")
    agency = serializers.CharField(source="task.plan.agency.code", default=None)

    class Meta(OccurrenceSerializer.Meta):
        fields = [
            *OccurrenceSerializer.Meta.fields,
            "task",
            "task_number",
            "content",
            "lead",
            "plan",
            "agency",
        ]


class DueList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Kỳ thực hiện quá hạn hoặc sắp đến hạn",
        parameters=[
            OpenApiParameter(
                "which", str, enum=["overdue", "soon"], description="Mặc định overdue"
            ),
            OpenApiParameter("agency", str, description="Mã cơ quan ban hành kế hoạch"),
            OpenApiParameter("lead", str, description="Đơn vị chủ trì (một phần tên)"),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses={
            200: inline_serializer(
                "DuePage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "results": DueOccurrenceSerializer(many=True),
                },
            )
        },
        tags=["plans"],
    )
    def get(self, request):
        which = request.query_params.get("which", "overdue")
        if which not in ("overdue", "soon"):
            raise ApiError(
                "invalid_query", "which phải là overdue hoặc soon.", errors={"which": ["Sai."]}
            )
        plans = selectors.editable_plans(request.user, _today())
        if request.query_params.get("agency"):
            plans = plans.filter(agency__code=request.query_params["agency"])
        qs = selectors.due_list(
            plans, _today(), which=which, lead=request.query_params.get("lead", "")
        )
        pager = DefaultPagination()
        page = pager.paginate_queryset(qs, request, view=self)
        return pager.get_paginated_response(DueOccurrenceSerializer(page, many=True).data)


class ReportOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurrence = serializers.IntegerField(source="occurrence_id")
    status = serializers.CharField()
    note = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    reporter = serializers.CharField(source="reporter_name")
    reported_at = serializers.DateTimeField()
    files = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_files(self, obj) -> list[str]:
        return [str(f.pk) for f in obj.files.all()]


class ProgressReportCreate(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="Báo cáo tiến độ một kỳ / một lần thực hiện (kèm tệp minh chứng)",
        request={
            "multipart/form-data": inline_serializer(
                "ProgressReportIn",
                {
                    "status": _choice(["in_progress", "blocked", "done"]),
                    "note": serializers.CharField(),
                    "done_on": serializers.DateField(required=False),
                    "files": serializers.ListField(child=serializers.FileField(), required=False),
                },
            )
        },
        responses={201: ReportOutSerializer},
        tags=["plans"],
    )
    def post(self, request, pk: int):
        occ = get_object_or_404(TaskOccurrence.objects.select_related("task__plan"), pk=pk)
        if not selectors.can_edit(request.user, occ.task.plan, _today()):
            raise ApiError(
                "permission_denied", "Kế hoạch không thuộc phạm vi của bạn.", status_code=403
            )
        done_on = request.data.get("done_on") or None
        if done_on:
            try:
                from datetime import date

                done_on = date.fromisoformat(done_on)
            except ValueError as exc:
                raise ApiError(
                    "invalid", "done_on phải là YYYY-MM-DD.", errors={"done_on": ["Sai."]}
                ) from exc
        files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
        report = services.report_progress(
            occ,
            status=request.data.get("status", ""),
            note=request.data.get("note", ""),
            done_on=done_on,
            files=files,
            actor=request.user,
            now=timezone.now(),
        )
        return Response(ReportOutSerializer(report).data, status=201)


class ScheduleIn(serializers.Serializer):
    read_as = serializers.CharField(allow_blank=True)
    kind = _choice([""] + [k.value for k in sched.Kind], default="")


class TaskSchedule(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Sửa cách hiểu thời hạn của một nhiệm vụ (nguyên văn giữ nguyên)",
        request=ScheduleIn,
        responses={200: TaskSerializer},
        tags=["plans"],
    )
    def post(self, request, pk: int):
        task = get_object_or_404(PlanTask.objects.select_related("plan"), pk=pk)
        if not selectors.can_edit(request.user, task.plan, _today()):
            raise ApiError(
                "permission_denied", "Kế hoạch không thuộc phạm vi của bạn.", status_code=403
            )
        s = ScheduleIn(data=request.data)
        s.is_valid(raise_exception=True)
        task = services.correct_schedule(
            task,
            s.validated_data["read_as"],
            kind=s.validated_data["kind"],
            actor=request.user,
            now=timezone.now(),
        )
        return Response(
            TaskSerializer(PlanTask.objects.prefetch_related("occurrences").get(pk=task.pk)).data
        )


class CoverageSerializer(serializers.Serializer):
    planned = serializers.IntegerField()
    total = serializers.IntegerField()
    needed = serializers.IntegerField()
    target_share = serializers.FloatField()
    share = serializers.FloatField()
    short = serializers.BooleanField()
    levels = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_levels(self, obj) -> list[dict]:
        return [
            {"level": label, "planned": p, "total": t, "needed": n} for label, p, t, n in obj.levels
        ]


class InspectionPlanSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    coverage = serializers.SerializerMethodField()
    inspections = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "year",
            "title",
            "number",
            "agency",
            "target_share",
            "coverage",
            "inspections",
        ]

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, obj) -> dict:
        return CoverageSerializer(selectors.coverage(obj)).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_inspections(self, obj) -> list[dict]:
        return [
            {
                "id": i.pk,
                "agency": i.agency.code,
                "scheduled_on": i.scheduled_on,
                "inspected_on": i.inspected_on,
                "status": i.status,
                "figures": i.figures,
                "checks": [
                    {"key": c.key, "result": c.result, "note": c.note} for c in i.checks.all()
                ],
                "findings": [
                    {
                        "text": f.text,
                        "correction": f.correction,
                        "due_on": f.due_on,
                        "status": f.status,
                    }
                    for f in i.findings.all()
                ],
            }
            for i in selectors.inspections_of(obj)
        ]


class InspectionPlanList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Kế hoạch kiểm tra: độ bao phủ so với chỉ tiêu, các cuộc kiểm tra, tồn tại",
        responses={200: InspectionPlanSerializer(many=True)},
        tags=["plans"],
    )
    def get(self, request):
        qs = InspectionPlan.objects.filter(
            agency__in=visible_agencies(request.user, _today())
        ).select_related("agency", "unit")
        return Response(InspectionPlanSerializer(qs, many=True).data)


class EventIn(serializers.Serializer):
    event_on = serializers.DateField(help_text="Ngày phát sinh")
    note = serializers.CharField(help_text="Sự việc phát sinh (ví dụ số văn bản)")


class TaskEvents(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Ghi nhận một lần phát sinh của nhiệm vụ “khi …” (có hạn riêng nếu văn bản nêu)",
        request=EventIn,
        responses={201: OccurrenceSerializer},
        tags=["plans"],
    )
    def post(self, request, pk: int):
        task = get_object_or_404(PlanTask.objects.select_related("plan"), pk=pk)
        if not selectors.can_edit(request.user, task.plan, _today()):
            raise ApiError(
                "permission_denied", "Kế hoạch không thuộc phạm vi của bạn.", status_code=403
            )
        s = EventIn(data=request.data)
        s.is_valid(raise_exception=True)
        occ = services.log_event(
            task,
            event_on=s.validated_data["event_on"],
            note=s.validated_data["note"],
            actor=request.user,
            now=timezone.now(),
        )
        return Response(OccurrenceSerializer(occ).data, status=201)
