"""REST API for dossiers: intake, every transition, workqueues, detail, forms, receipt book."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
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
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.api.permissions import IsAdministrator
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.directory.models import Agency, Role
from motcua.directory.selectors import grants
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Channel, Dossier, DossierEvent
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.states import NATIONAL_LABEL, State

User = get_user_model()


# --- serializers ------------------------------------------------------------------------


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["individual", "organisation"])
    name = serializers.CharField(max_length=255)
    id_number = serializers.CharField(max_length=20, help_text="12 chữ số (cá nhân) / MST")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    submitter_name = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ComponentInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=1000)
    copy_type = serializers.ChoiceField(
        choices=["original", "copy", "certified_copy", "photo", "present"], default="original"
    )
    quantity = serializers.IntegerField(min_value=1, default=1)
    presented = serializers.BooleanField(default=True)
    component = serializers.IntegerField(required=False, help_text="id thành phần trong danh mục")


class IntakeSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text="Mã TTHC, ví dụ 1.012289")
    case = serializers.CharField(help_text="Mã trường hợp, ví dụ TH1")
    channel = serializers.ChoiceField(choices=Channel.choices)
    receiving_agency = serializers.CharField(help_text="Mã cơ quan tiếp nhận")
    competent_agency = serializers.CharField(required=False, help_text="Mã cơ quan giải quyết")
    applicant = ApplicantSerializer()
    components = ComponentInSerializer(many=True, required=False)
    sets = serializers.IntegerField(min_value=1, default=1)
    delivery = serializers.ChoiceField(choices=["desk", "post", "electronic"], default="desk")
    postal_tracking = serializers.CharField(required=False, allow_blank=True, default="")
    arrived_at = serializers.DateTimeField(required=False, help_text="Bưu chính: thời điểm đến")
    accept = serializers.BooleanField(
        default=True, help_text="Tại quầy: tiếp nhận ngay (cấp mã, hẹn trả)"
    )


class EventSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="actor_agency.name", default=None)
    to_user = serializers.CharField(source="to_user.username", default=None)
    to_agency = serializers.CharField(source="to_agency.code", default=None)
    step = serializers.CharField(source="step.name", default=None)

    class Meta:
        model = DossierEvent
        fields = [
            "seq",
            "at",
            "action",
            "actor_name",
            "actor_role",
            "agency",
            "state",
            "national_status",
            "step",
            "step_due_at",
            "to_user",
            "to_agency",
            "note",
            "data",
        ]


class DossierListSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="version.procedure.code")
    procedure_name = serializers.CharField(source="version.name")
    state_label = serializers.CharField(source="get_state_display")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    competent_agency = serializers.CharField(source="competent_agency.code")
    holder_agency = serializers.CharField(source="holder_agency.code", default=None)
    assignee = serializers.CharField(source="assignee.username", default=None)
    current_step = serializers.CharField(source="current_step.name", default=None)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "submission_ref",
            "procedure",
            "procedure_name",
            "channel",
            "applicant_name",
            "state",
            "state_label",
            "national_status",
            "receiving_agency",
            "competent_agency",
            "holder_agency",
            "holder_role",
            "assignee",
            "current_step",
            "received_at",
            "due_at",
            "promised_due_at",
            "step_due_at",
            "decided_at",
            "timeliness",
            "boundary_free",
        ]


class DossierDetailSerializer(DossierListSerializer):
    case = serializers.CharField(source="case.code")
    national_label = serializers.CharField()
    events = EventSerializer(many=True)
    components = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(DossierListSerializer.Meta):
        fields = [
            *DossierListSerializer.Meta.fields,
            "case",
            "national_label",
            "applicant_kind",
            "applicant_id_number",
            "applicant_address",
            "applicant_phone",
            "applicant_email",
            "submitter_name",
            "delivery",
            "postal_tracking",
            "submitted_at",
            "reception_due_at",
            "original_due_at",
            "paused_since",
            "supplement_count",
            "apology_count",
            "returned_at",
            "book_year",
            "book_entry",
            "components",
            "results",
            "events",
            "allowed_actions",
        ]

    def get_components(self, obj: Dossier) -> list[dict]:
        return [
            {
                "name": c.name,
                "copy_type": c.copy_type,
                "quantity": c.quantity,
                "presented": c.presented,
            }
            for c in obj.components.all()
        ]

    def get_results(self, obj: Dossier) -> list[dict]:
        return [
            {
                "code": r.code,
                "approved": r.approved,
                "title": r.title,
                "document_number": r.document_number,
                "decided_at": r.decided_at,
            }
            for r in obj.results.all()
        ]

    def get_allowed_actions(self, obj: Dossier) -> list[str]:
        return allowed_actions(self.context["request"].user, obj)


def allowed_actions(user, d: Dossier) -> list[str]:
    """Actions ``user`` may take on ``d`` now (the services' own rules)."""
    return selectors.allowed_actions(user, d)


# --- views ------------------------------------------------------------------------------


def _visible(request, pk: int) -> Dossier:
    qs = selectors.visible_dossiers(request.user, timezone.localdate())
    return get_object_or_404(qs, pk=pk)


class DossierListCreate(APIView):
    """Hồ sơ: tiếp nhận (POST) và hàng đợi công việc (GET, phân trang theo khóa)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "queue", str, enum=list(selectors.QUEUES), description="Hàng đợi (mặc định mine)"
            ),
            OpenApiParameter("after", int, description="Trang tiếp: id nhỏ hơn giá trị này"),
            OpenApiParameter("limit", int, description="Số hồ sơ mỗi trang (tối đa 100)"),
            OpenApiParameter("procedure", str, description="Mã TTHC"),
            OpenApiParameter("channel", str, enum=Channel.values),
            OpenApiParameter("state", str, enum=State.values),
        ],
        responses={200: DossierListSerializer(many=True)},
        tags=["dossiers"],
    )
    def get(self, request):
        p = request.query_params
        queue = p.get("queue", "mine")
        if queue not in selectors.QUEUES:
            raise ApiError("invalid_query", f"Hàng đợi '{queue}' không tồn tại.")
        try:
            limit = min(int(p.get("limit", 25)), 100)
            after = int(p["after"]) if p.get("after") else None
        except ValueError as exc:
            raise ApiError("invalid_query", "limit và after phải là số nguyên.") from exc
        qs = selectors.workqueue(request.user, queue, now=timezone.now())
        if p.get("procedure"):
            qs = qs.filter(version__procedure__code=p["procedure"])
        if p.get("channel"):
            qs = qs.filter(channel=p["channel"])
        if p.get("state"):
            qs = qs.filter(state=p["state"])
        count = qs.count()
        if after is not None:
            qs = qs.filter(id__lt=after)
        rows = list(qs[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        return Response(
            {
                "queue": queue,
                "count": count,
                "next_after": rows[-1].id if more and rows else None,
                "results": DossierListSerializer(rows, many=True).data,
            }
        )

    @extend_schema(
        request=IntakeSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                description="Gửi lại cùng khóa sẽ nhận lại đúng hồ sơ đã tạo",
            )
        ],
        responses={201: DossierDetailSerializer},
        examples=[
            OpenApiExample(
                "Tiếp nhận tại quầy",
                request_only=True,
                value={
                    "procedure": "1.012289",
                    "case": "TH1",
                    "channel": "direct",
                    "receiving_agency": "ttpvhcc-tinh-12",
                    "applicant": {
                        "kind": "individual",
                        "name": "Nguyễn Thị Mẫu",
                        "id_number": "012345678901",
                        "phone": "0912345678",
                    },
                    "components": [{"name": "Đơn đề nghị", "copy_type": "original"}],
                    "accept": True,
                },
            )
        ],
        tags=["dossiers"],
    )
    def post(self, request):
        s = IntakeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        now = timezone.now()
        procedure = Procedure.objects.filter(code=v["procedure"]).first()
        version = version_in_force(procedure, now.date()) if procedure else None
        if version is None:
            raise ApiError(
                "invalid",
                "Thủ tục không tồn tại hoặc không còn hiệu lực.",
                errors={"procedure": ["Không hợp lệ."]},
            )
        case = version.cases.filter(code=v["case"]).first()
        if case is None:
            raise ApiError(
                "invalid",
                f"Thủ tục không có trường hợp '{v['case']}'.",
                errors={"case": ["Không hợp lệ."]},
            )
        receiving = (
            Agency.objects.select_related("unit__parent").filter(code=v["receiving_agency"]).first()
        )
        if receiving is None:
            raise ApiError(
                "invalid",
                "Không có cơ quan tiếp nhận này.",
                errors={"receiving_agency": ["Không tồn tại."]},
            )
        competent = None
        if v.get("competent_agency"):
            competent = Agency.objects.filter(code=v["competent_agency"]).first()
            if competent is None:
                raise ApiError(
                    "invalid",
                    "Không có cơ quan giải quyết này.",
                    errors={"competent_agency": ["Không tồn tại."]},
                )
        desk = any(
            g.role == Role.RECEIVING_OFFICER and g.agency_id == receiving.pk
            for g in grants(request.user, now.date())
        )
        if v["channel"] != "online" and not desk:
            raise ApiError(
                "forbidden",
                "Chỉ công chức tiếp nhận của nơi tiếp nhận được nhập hồ sơ "
                "trực tiếp hoặc qua bưu chính.",
                status_code=403,
            )
        kwargs = dict(
            case=case,
            channel=v["channel"],
            receiving_agency=receiving,
            competent_agency=competent,
            applicant=ApplicantData(**v["applicant"]),
            components=[dict(c) for c in v.get("components", [])],
            delivery=v["delivery"],
            postal_tracking=v["postal_tracking"],
            received_at=v.get("arrived_at"),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            sets=v["sets"],
        )
        if v["channel"] != "online" and v["accept"]:
            d = services.receive_at_desk(user=request.user, now=now, **kwargs)
        else:
            d = services.submit(now=now, actor_user=request.user if desk else None, **kwargs)
        d = _detail_qs().get(pk=d.pk)
        return Response(DossierDetailSerializer(d, context={"request": request}).data, status=201)


def _detail_qs():
    return Dossier.objects.select_related(*selectors.LIST_RELATED).prefetch_related(
        Prefetch(
            "events",
            queryset=DossierEvent.objects.select_related(
                "actor_agency", "to_user", "to_agency", "step"
            ).order_by("seq"),
        ),
        "components",
        "results",
    )


class DossierDetail(APIView):
    """Chi tiết hồ sơ với toàn bộ lịch sử và các thao tác được phép."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DossierDetailSerializer}, tags=["dossiers"])
    def get(self, request, pk: int):
        _visible(request, pk)
        d = _detail_qs().get(pk=pk)
        return Response(DossierDetailSerializer(d, context={"request": request}).data)


class DossierByCode(APIView):
    """Tra cứu hồ sơ theo mã (cho quầy tiếp nhận)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DossierDetailSerializer}, tags=["dossiers"])
    def get(self, request, code: str):
        qs = selectors.visible_dossiers(request.user, timezone.localdate())
        d = qs.filter(code=code).first() or qs.filter(submission_ref=code).first()
        if d is None:
            raise ApiError(
                "not_found", f"Không tìm thấy hồ sơ {code} trong phạm vi của bạn.", status_code=404
            )
        d = _detail_qs().get(pk=d.pk)
        return Response(DossierDetailSerializer(d, context={"request": request}).data)


def _user(value, field: str):
    if value in (None, ""):
        return None
    u = User.objects.filter(username=value).first()
    if u is None:
        raise ApiError(
            "invalid", f"Không có tài khoản '{value}'.", errors={field: ["Không tồn tại."]}
        )
    return u


def _when(value, field: str) -> datetime:
    try:
        t = datetime.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise ApiError(
            "invalid",
            f"{field} phải là thời điểm ISO 8601 có múi giờ.",
            errors={field: ["Không hợp lệ."]},
        ) from exc
    if t.tzinfo is None:
        raise ApiError("invalid", f"{field} phải có múi giờ.", errors={field: ["Thiếu múi giờ."]})
    return t


def _items(value) -> list[str]:
    if isinstance(value, str):
        return [x for x in value.splitlines() if x.strip()]
    if isinstance(value, list):
        return [str(x) for x in value]
    return []


ACTIONS = {
    "accept": lambda d, u, now, b: services.accept(d, user=u, now=now),
    "guide": lambda d, u, now, b: services.guide(
        d, user=u, now=now, items=_items(b.get("items")), reason=str(b.get("reason", ""))
    ),
    "resubmit": lambda d, u, now, b: services.resubmit(d, user=u, now=now),
    "refuse": lambda d, u, now, b: services.refuse(
        d, user=u, now=now, reason=str(b.get("reason", ""))
    ),
    "forward": lambda d, u, now, b: services.forward(d, user=u, now=now),
    "hand_over": lambda d, u, now, b: services.hand_over(
        d, user=u, now=now, to_user=_user(b.get("to_user"), "to_user"), note=str(b.get("note", ""))
    ),
    "assign": lambda d, u, now, b: services.assign(
        d, user=u, now=now, to_user=_user(b.get("to_user"), "to_user") or _missing("to_user")
    ),
    "send_back": lambda d, u, now, b: services.send_back(
        d, user=u, now=now, reason=str(b.get("reason", ""))
    ),
    "consult": lambda d, u, now, b: services.consult(
        d,
        user=u,
        now=now,
        to_agency=_agency(b.get("to_agency")),
        amount=int(b.get("days", 0) or 0),
        note=str(b.get("note", "")),
    ),
    "consult_done": lambda d, u, now, b: services.consult_done(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "request_supplement": lambda d, u, now, b: services.request_supplement(
        d,
        user=u,
        now=now,
        items=_items(b.get("items")),
        reason=str(b.get("reason", "")),
        deadline_days=int(b["deadline_days"]) if b.get("deadline_days") else None,
    ),
    "receive_supplement": lambda d, u, now, b: services.receive_supplement(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "supplement_expired": lambda d, u, now, b: services.supplement_expired(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "request_payment": lambda d, u, now, b: services.request_payment(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "payment_done": lambda d, u, now, b: services.payment_done(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "suspend": lambda d, u, now, b: services.suspend(
        d, user=u, now=now, note=str(b.get("note", ""))
    ),
    "resume": lambda d, u, now, b: services.resume(d, user=u, now=now, note=str(b.get("note", ""))),
    "apologise": lambda d, u, now, b: services.apologise(
        d,
        user=u,
        now=now,
        reason=str(b.get("reason", "")),
        new_due=_when(b.get("new_due"), "new_due"),
    ),
    "correct_due": lambda d, u, now, b: services.correct_due(
        d,
        user=u,
        now=now,
        reason=str(b.get("reason", "")),
        new_due=_when(b.get("new_due"), "new_due"),
    ),
    "approve": lambda d, u, now, b: services.decide(
        d,
        user=u,
        now=now,
        approved=True,
        title=str(b.get("title", "")),
        note=str(b.get("note", "")),
    ),
    "deny": lambda d, u, now, b: services.decide(
        d,
        user=u,
        now=now,
        approved=False,
        title=str(b.get("title", "")),
        note=str(b.get("note", "")),
    ),
    "issue": lambda d, u, now, b: services.issue(
        d, user=u, now=now, document_number=str(b.get("document_number", ""))
    ),
    "return_result": lambda d, u, now, b: services.return_result(
        d,
        user=u,
        now=now,
        method=str(b.get("method", "")),
        recipient=str(b.get("recipient", "")),
        tracking=str(b.get("tracking", "")),
    ),
    "stop": lambda d, u, now, b: services.stop(
        d,
        user=u,
        now=now,
        reason=str(b.get("reason", "")),
        request_channel=str(b.get("request_channel", "direct")),
    ),
    "archive": lambda d, u, now, b: services.archive(d, user=u, now=now),
}


def _missing(field: str):
    raise ApiError("invalid", f"Thiếu {field}.", errors={field: ["Bắt buộc."]})


def _agency(code) -> Agency:
    a = Agency.objects.filter(code=code or "").first()
    if a is None:
        raise ApiError("invalid", "Không có cơ quan này.", errors={"to_agency": ["Không tồn tại."]})
    return a


class DossierAction(APIView):
    """Thực hiện một thao tác trên hồ sơ (chuyển trạng thái theo bảng T1–T19)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: DossierDetailSerializer},
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
        examples=[
            OpenApiExample(
                "Yêu cầu bổ sung",
                request_only=True,
                value={
                    "items": ["Bản sao chứng chỉ hành nghề"],
                    "reason": "Thiếu chứng chỉ",
                    "deadline_days": 10,
                },
            ),
            OpenApiExample(
                "Trả kết quả",
                request_only=True,
                value={"method": "desk", "recipient": "Nguyễn Thị Mẫu"},
            ),
        ],
        tags=["dossiers"],
    )
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise ApiError("unknown_action", f"Thao tác '{action}' không tồn tại.", status_code=404)
        d = _visible(request, pk)
        ACTIONS[action](d, request.user, timezone.now(), request.data)
        d = _detail_qs().get(pk=pk)
        return Response(DossierDetailSerializer(d, context={"request": request}).data)


class DossierForm(APIView):
    """In biểu mẫu của hồ sơ (PDF): receipt, guidance, refusal, apology, stop, control."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, tags=["dossiers"])
    def get(self, request, pk: int, kind: str):
        from motcua.dossiers import printing

        d = _visible(request, pk)
        if kind not in printing.FORM_KINDS:
            raise ApiError("unknown_form", f"Biểu mẫu '{kind}' không tồn tại.", status_code=404)
        pdf = printing.render_form(d, kind, base_url=request.build_absolute_uri("/").rstrip("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{d.code or d.submission_ref}-{kind}.pdf"'
        )
        return response


class ReceiptBook(APIView):
    """Sổ theo dõi hồ sơ của một nơi tiếp nhận trong một năm (JSON hoặc ?format=pdf)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", str, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("format", str, enum=["json", "pdf"]),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
        tags=["dossiers"],
    )
    def get(self, request):
        p = request.query_params
        agency = Agency.objects.filter(code=p.get("agency", "")).first()
        if agency is None or not p.get("year", "").isdigit():
            raise ApiError("invalid_query", "Cần agency (mã cơ quan) và year (năm).")
        from motcua.directory.selectors import visible_agencies

        if not visible_agencies(request.user, timezone.localdate()).filter(pk=agency.pk).exists():
            raise ApiError(
                "permission_denied", "Bạn không được xem sổ của cơ quan này.", status_code=403
            )
        year = int(p["year"])
        if p.get("format") == "pdf":
            from motcua.dossiers import printing

            return HttpResponse(
                printing.render_receipt_book(agency, year), content_type="application/pdf"
            )
        rows = selectors.receipt_book(agency, year)
        return Response(
            {
                "agency": agency.code,
                "year": year,
                "entries": [
                    {
                        "entry": d.book_entry,
                        "code": d.code,
                        "procedure": d.version.procedure.name,
                        "applicant": d.applicant_name,
                        "received_at": d.received_at,
                        "due_at": d.original_due_at,
                        "competent_agency": d.competent_agency.name,
                        "returned_at": d.returned_at,
                        "state": d.state,
                        "national_status": NATIONAL_LABEL[d.national_status],
                    }
                    for d in rows
                ],
            }
        )


class DossierImport(APIView):
    """Nhập hồ sơ lịch sử từ hệ thống cũ (JSON Lines); lỗi thì không lưu gì."""

    permission_classes = [IsAdministrator]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "DossierImportUpload", {"file": serializers.FileField()}
            )
        },
        responses={201: OpenApiTypes.OBJECT},
        tags=["dossiers"],
    )
    def post(self, request):
        from motcua.dossiers import importer

        upload = request.FILES.get("file")
        if upload is None:
            raise ApiError("invalid", "Cần tệp JSON Lines ở trường file.")
        try:
            report = importer.import_dossiers(upload.read().splitlines(), now=timezone.now())
        except importer.DossierImportError as exc:
            raise ApiError(
                "import_invalid",
                "Tệp bị từ chối; không hồ sơ nào được lưu.",
                errors=[{"line": n, "where": w, "message": m} for n, w, m in exc.errors],
            ) from exc
        return Response(
            {"dossiers": report.dossiers, "events": report.events, "codes": report.codes},
            status=201,
        )
