"""REST API of feedback: intake on every channel, every handling action, the national-portal
import, public tracking, published answers and votes, overdue lists, indicator facts and the
XLSX report. Staff endpoints use the same agency scoping as dossiers."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.api.pagination import DefaultPagination
from motcua.core.calendar import VN_TZ
from motcua.directory.models import Agency
from motcua.directory.selectors import visible_agencies
from motcua.feedback import exchange, selectors, services
from motcua.feedback.models import Petition, PetitionEvent
from motcua.feedback.states import CRITERIA, REDIRECT_HINT, Action, State

TAGS = ["feedback"]


def _today() -> date:
    return timezone.now().astimezone(VN_TZ).date()


# --- serializers (plain strings for codes: the services validate them) -----------------------


class PetitionEventSerializer(serializers.ModelSerializer):
    action = serializers.CharField()
    state = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    to_agency = serializers.CharField(source="to_agency.code", default=None)
    action_label = serializers.CharField(source="get_action_display")

    class Meta:
        model = PetitionEvent
        fields = [
            "seq",
            "at",
            "action",
            "action_label",
            "state",
            "agency",
            "to_agency",
            "actor_name",
            "note",
            "data",
        ]


class PetitionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField()
    channel = serializers.CharField()
    state = serializers.CharField()
    sender_kind = serializers.CharField()
    national_class = serializers.CharField()
    category = serializers.CharField()
    rejection_ground = serializers.CharField()
    decision = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    state_label = serializers.CharField(source="get_state_display")
    procedure = serializers.CharField(source="procedure.code", default=None)
    dossier = serializers.CharField(source="dossier.code", default=None)

    class Meta:
        model = Petition
        fields = [
            "code",
            "kind",
            "channel",
            "state",
            "state_label",
            "title",
            "sender_kind",
            "sender_name",
            "sender_address",
            "sender_phone",
            "sender_email",
            "receiving_agency",
            "agency",
            "external_ref",
            "national_class",
            "category",
            "procedure",
            "dossier",
            "received_at",
            "clock_started_at",
            "due_at",
            "answered_at",
            "published_at",
            "rejection_ground",
            "decision",
            "likes",
            "dislikes",
        ]


class PetitionDetailSerializer(PetitionSerializer):
    events = PetitionEventSerializer(many=True, source="events.all")
    allowed_actions = serializers.SerializerMethodField()

    class Meta(PetitionSerializer.Meta):
        fields = [
            *PetitionSerializer.Meta.fields,
            "content",
            "proposal",
            "answer",
            "allowed_actions",
            "events",
        ]

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context["request"]
        return services.allowed_actions(request.user, obj, timezone.now())


class PetitionInSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="Mã cơ quan nhận (ví dụ vp-ubnd-tinh-12)")
    channel = serializers.CharField(
        default="portal", help_text="portal | letter | visit | phone | email (cán bộ ghi nhận)"
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    kind = serializers.CharField(default="feedback", help_text="feedback | petition")
    title = serializers.CharField(max_length=300, allow_blank=True)
    content = serializers.CharField(max_length=10000, allow_blank=True)
    proposal = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    sender_kind = serializers.CharField(default="individual")
    sender_name = serializers.CharField(required=False, allow_blank=True, default="")
    sender_address = serializers.CharField(required=False, allow_blank=True, default="")
    sender_phone = serializers.CharField(required=False, allow_blank=True, default="")
    sender_email = serializers.CharField(required=False, allow_blank=True, default="")
    procedure_code = serializers.CharField(required=False, allow_blank=True, default="")
    dossier_code = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionInSerializer(serializers.Serializer):
    national_class = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    procedure_code = serializers.CharField(required=False, allow_blank=True, default="")
    dossier_code = serializers.CharField(required=False, allow_blank=True, default="")
    ground = serializers.CharField(required=False, allow_blank=True, default="")
    question = serializers.CharField(required=False, allow_blank=True, default="")
    to_agency = serializers.CharField(required=False, allow_blank=True, default="")
    to_body = serializers.CharField(required=False, allow_blank=True, default="")
    letter_number = serializers.CharField(required=False, allow_blank=True, default="")
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    criteria = serializers.DictField(
        child=serializers.CharField(), required=False, default=dict, help_text=", ".join(CRITERIA)
    )
    decision = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TrackInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    contact = serializers.CharField(max_length=254, help_text="Số điện thoại hoặc thư điện tử")


class SenderActionInSerializer(TrackInSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    satisfied = serializers.BooleanField(required=False, default=None, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TrackOutSerializer(serializers.ModelSerializer):
    state = serializers.CharField()
    rejection_ground = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    state_label = serializers.CharField(source="get_state_display")
    redirect = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "code",
            "title",
            "state",
            "state_label",
            "agency",
            "received_at",
            "due_at",
            "rejection_ground",
            "redirect",
            "answered_at",
            "answer",
            "published_at",
        ]

    def get_redirect(self, obj) -> str:
        return REDIRECT_HINT.get(obj.rejection_ground, "")


class PublishedSerializer(serializers.ModelSerializer):
    """A published answer: no personal data of the sender."""

    kind = serializers.CharField()
    national_class = serializers.CharField()
    decision = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    title = serializers.CharField(source="public_title")
    content = serializers.CharField(source="public_content")
    answer = serializers.CharField(source="public_answer")

    class Meta:
        model = Petition
        fields = [
            "code",
            "kind",
            "national_class",
            "title",
            "content",
            "answer",
            "decision",
            "agency",
            "received_at",
            "answered_at",
            "published_at",
            "likes",
            "dislikes",
        ]


class VoteInSerializer(serializers.Serializer):
    vote = serializers.CharField(help_text="like | dislike")
    voter = serializers.CharField(
        max_length=200, help_text="Mã ẩn danh ổn định của người đọc (thiết bị, phiên)"
    )


FactsSerializer = inline_serializer(
    "FeedbackIndicatorFacts",
    {
        "total": serializers.IntegerField(),
        "on_time": serializers.IntegerField(),
        "satisfaction_total": serializers.IntegerField(),
        "not_satisfied": serializers.IntegerField(),
        "about_regulation": serializers.IntegerField(),
        "about_staff": serializers.IntegerField(),
    },
)


# --- helpers ----------------------------------------------------------------------------------


def _agency(code: str, field: str = "agency") -> Agency:
    a = Agency.objects.select_related("unit").filter(code=code).first()
    if a is None:
        raise ApiError("invalid", "Không có cơ quan có mã này.", errors={field: ["Không tồn tại."]})
    return a


def _date(value: str | None, name: str, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(
            "invalid_query", f"{name} phải là ngày dạng YYYY-MM-DD.", errors={name: ["Sai."]}
        ) from exc


def _visible(request, code: str) -> Petition:
    p = selectors.visible_petitions(request.user, _today()).filter(code=code.upper()).first()
    if p is None:
        raise ApiError("not_found", "Không tìm thấy PAKN trong phạm vi của bạn.", status_code=404)
    return p


def _scope(request) -> list[int]:
    ids = list(visible_agencies(request.user, _today()).values_list("pk", flat=True))
    if code := request.query_params.get("agency"):
        a = _agency(code)
        if a.pk not in ids:
            raise ApiError("forbidden", "Cơ quan ngoài phạm vi của bạn.", status_code=403)
        ids = [a.pk]
    return ids


LIST_PARAMS = [
    OpenApiParameter("state", str, description=", ".join(State.values)),
    OpenApiParameter("agency", str, description="Mã cơ quan đang xử lý"),
    OpenApiParameter("overdue", bool, description="Chỉ PAKN quá hạn"),
    OpenApiParameter("due_soon", bool, description="Chỉ PAKN đến hạn trong 1 ngày làm việc"),
    OpenApiParameter("limit", int),
    OpenApiParameter("offset", int),
]


# --- views ------------------------------------------------------------------------------------


class PetitionListCreate(APIView):
    """PAKN: gửi (công dân, không cần đăng nhập) hoặc cán bộ ghi nhận; danh sách (cán bộ)."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        summary="Gửi hoặc ghi nhận một PAKN",
        description=(
            "Công dân (channel=portal) phải ghi họ tên, địa chỉ, số điện thoại hoặc thư điện tử "
            "(NĐ 20/2008 Điều 7). Cán bộ có vai trò tại cơ quan ghi nhận thư (letter), người "
            "đến trực tiếp (visit), cuộc gọi (phone), thư điện tử (email); received_at là lúc "
            "nhận. Trả về mã PAKN. Header Idempotency-Key (không bắt buộc): gửi lại cùng khóa "
            "trả về PAKN đã tạo, không tạo trùng."
        ),
        request=PetitionInSerializer,
        responses={201: PetitionSerializer},
        operation_id="feedback_petition_create",
        tags=TAGS,
    )
    def post(self, request):
        s = PetitionInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        user = request.user if request.user.is_authenticated else None
        citizen = user if user is not None and getattr(user, "citizen", None) else None
        p = services.receive(
            services.PetitionInput(
                title=v["title"],
                content=v["content"],
                proposal=v["proposal"],
                kind=v["kind"],
                sender_kind=v["sender_kind"],
                sender_name=v["sender_name"],
                sender_address=v["sender_address"],
                sender_phone=v["sender_phone"],
                sender_email=v["sender_email"],
                procedure_code=v["procedure_code"],
                dossier_code=v["dossier_code"],
            ),
            agency=_agency(v["agency"]),
            channel=v["channel"],
            now=timezone.now(),
            user=user if citizen is None else None,
            citizen=citizen,
            received_at=v["received_at"],
            note=v["note"],
            idempotency_key=(
                f"api:{request.user.pk if user else 'public'}:{key}"
                if (key := request.headers.get("Idempotency-Key", "").strip())
                else None
            ),
        )
        return Response(PetitionSerializer(p).data, status=201)

    @extend_schema(
        summary="Danh sách PAKN trong phạm vi của cán bộ",
        parameters=LIST_PARAMS,
        responses={200: PetitionSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request):
        today = _today()
        qs = selectors.visible_petitions(request.user, today)
        q = request.query_params
        if state := q.get("state"):
            qs = qs.filter(state=state)
        if code := q.get("agency"):
            qs = qs.filter(agency__code=code)
        if q.get("overdue") in ("1", "true"):
            qs = selectors.overdue(qs, today)
        if q.get("due_soon") in ("1", "true"):
            qs = selectors.due_soon(qs, today)
        qs = qs.select_related(*selectors.LIST_RELATED, "procedure", "dossier").order_by(
            "-received_at", "-id"
        )
        pager = DefaultPagination()
        page = pager.paginate_queryset(qs, request, view=self)
        return pager.get_paginated_response(PetitionSerializer(page, many=True).data)


class PetitionDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Một PAKN với lịch sử", responses=PetitionDetailSerializer, tags=TAGS)
    def get(self, request, code: str):
        p = _visible(request, code)
        p = (
            Petition.objects.select_related(*selectors.LIST_RELATED, "procedure", "dossier")
            .prefetch_related("events__agency", "events__to_agency")
            .get(pk=p.pk)
        )
        return Response(PetitionDetailSerializer(p, context={"request": request}).data)


ACTION_SLUGS = {
    "accept": Action.ACCEPTED,
    "reject": Action.REJECTED,
    "classify": Action.CLASSIFIED,
    "request-supplement": Action.SUPPLEMENT_REQUESTED,
    "transfer": Action.TRANSFERRED,
    "assess": Action.ASSESSED,
    "answer": Action.ANSWERED,
    "publish": Action.PUBLISHED,
    "archive": Action.ARCHIVED,
}


class PetitionAction(APIView):
    """Một thao tác xử lý PAKN."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Thao tác xử lý: accept, reject, classify, request-supplement, transfer, "
        "assess, answer, publish, archive",
        request=ActionInSerializer,
        operation_id="feedback_petition_action",
        responses={200: PetitionSerializer},
        tags=TAGS,
    )
    def post(self, request, code: str, action: str):
        if action not in ACTION_SLUGS:
            raise ApiError(
                "unknown_action",
                f"Thao tác phải là một trong: {', '.join(ACTION_SLUGS)}.",
                status_code=404,
            )
        p = _visible(request, code)
        s = ActionInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        now, user, a = timezone.now(), request.user, ACTION_SLUGS[action]
        if a == Action.ACCEPTED:
            p = services.accept(
                p,
                user=user,
                now=now,
                national_class=v["national_class"],
                category=v["category"],
                note=v["note"],
            )
        elif a == Action.REJECTED:
            p = services.reject(p, user=user, now=now, ground=v["ground"], note=v["note"])
        elif a == Action.CLASSIFIED:
            p = services.classify(
                p,
                user=user,
                now=now,
                national_class=v["national_class"],
                category=v["category"],
                procedure_code=v["procedure_code"],
                dossier_code=v["dossier_code"],
            )
        elif a == Action.SUPPLEMENT_REQUESTED:
            p = services.request_supplement(p, user=user, now=now, question=v["question"])
        elif a == Action.TRANSFERRED:
            p = services.transfer(
                p,
                user=user,
                now=now,
                letter_number=v["letter_number"],
                to_agency=_agency(v["to_agency"], "to_agency") if v["to_agency"] else None,
                to_body=v["to_body"],
                note=v["note"],
            )
        elif a == Action.ASSESSED:
            p = services.assess(
                p, user=user, now=now, basis=v["basis"], criteria=v["criteria"], note=v["note"]
            )
        elif a == Action.ANSWERED:
            p = services.answer(
                p,
                user=user,
                now=now,
                decision=v["decision"],
                text=v["text"],
                document_number=v["letter_number"],
            )
        elif a == Action.PUBLISHED:
            p = services.publish(p, user=user, now=now, title=v["title"], content=v["content"])
        else:
            p = services.archive(p, user=user, now=now)
        return Response(PetitionSerializer(p).data)


class PetitionImport(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Nhập PAKN do Cổng DVCQG chuyển về (tất cả hoặc không)",
        description="Định dạng: README, mục “Phản ánh, kiến nghị”. Lỗi theo đường dẫn JSON.",
        request=OpenApiTypes.OBJECT,
        responses={201: PetitionSerializer(many=True)},
        tags=TAGS,
    )
    def post(self, request):
        created = exchange.import_national(request.data, user=request.user, now=timezone.now())
        return Response(PetitionSerializer(created, many=True).data, status=201)


class Track(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Tra cứu PAKN bằng mã và số điện thoại hoặc thư điện tử",
        request=TrackInSerializer,
        responses={200: TrackOutSerializer},
        tags=TAGS,
    )
    def post(self, request):
        s = TrackInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        p = services.own_petition(s.validated_data["code"], s.validated_data["contact"])
        return Response(TrackOutSerializer(p).data)


class SenderAction(APIView):
    """Người gửi: bổ sung (supplement), đánh giá (rating), phản ánh tiếp (follow-up)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Người gửi bổ sung thông tin, đánh giá kết quả, hoặc phản ánh tiếp",
        request=SenderActionInSerializer,
        responses={200: TrackOutSerializer, 201: TrackOutSerializer},
        tags=TAGS,
    )
    def post(self, request, what: str):
        s = SenderActionInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        p = services.own_petition(v["code"], v["contact"])
        now = timezone.now()
        if what == "supplement":
            p = services.supplement(p, contact=v["contact"], now=now, text=v["text"])
        elif what == "rating":
            if v["satisfied"] is None:
                raise ApiError("invalid", "Cần cho biết hài lòng hay không.", {"satisfied": ["?"]})
            p = services.rate_answer(
                p, contact=v["contact"], satisfied=v["satisfied"], comment=v["comment"], now=now
            )
        elif what == "follow-up":
            new = services.follow_up(p, contact=v["contact"], content=v["text"], now=now)
            return Response(TrackOutSerializer(new).data, status=201)
        else:
            raise ApiError("not_found", "Thao tác không có.", status_code=404)
        return Response(TrackOutSerializer(p).data)


class PublishedList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Các câu trả lời PAKN đã công khai (không có thông tin cá nhân)",
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses={200: PublishedSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request):
        pager = DefaultPagination()
        page = pager.paginate_queryset(selectors.published(), request, view=self)
        return pager.get_paginated_response(PublishedSerializer(page, many=True).data)


class PublishedDetail(APIView):
    permission_classes = [AllowAny]

    def _get(self, code: str) -> Petition:
        p = selectors.published().filter(code=code.upper()).first()
        if p is None:
            raise ApiError("not_found", "Câu trả lời chưa được công khai.", status_code=404)
        return p

    @extend_schema(summary="Một câu trả lời đã công khai", responses=PublishedSerializer, tags=TAGS)
    def get(self, request, code: str):
        return Response(PublishedSerializer(self._get(code)).data)

    @extend_schema(
        summary="Thích / không thích câu trả lời (mỗi người đọc một lượt, được đổi)",
        request=VoteInSerializer,
        responses={200: PublishedSerializer},
        tags=TAGS,
    )
    def post(self, request, code: str):
        s = VoteInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        voter = (
            f"user:{request.user.pk}"
            if request.user.is_authenticated
            else f"api:{s.validated_data['voter']}"
        )
        services.react(
            self._get(code), voter=voter, vote=s.validated_data["vote"], now=timezone.now()
        )
        return Response(PublishedSerializer(self._get(code)).data)


PERIOD = [
    OpenApiParameter("from", str, description="Từ ngày YYYY-MM-DD (mặc định: đầu tháng)"),
    OpenApiParameter("to", str, description="Đến ngày YYYY-MM-DD (mặc định: hôm nay)"),
    OpenApiParameter("agency", str, description="Mã cơ quan (mặc định: cả phạm vi)"),
]


class Indicators(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Số liệu nhóm 6 QĐ 766 (chỉ số 5.1–5.3) trong phạm vi",
        parameters=PERIOD,
        responses={200: FactsSerializer},
        tags=TAGS,
    )
    def get(self, request):
        today = _today()
        start = _date(request.query_params.get("from"), "from", today.replace(day=1))
        end = _date(request.query_params.get("to"), "to", today)
        facts = selectors.indicator_facts(
            agency_ids=_scope(request), start=start, end=end, now=timezone.now()
        )
        return Response(facts.__dict__)


class Report(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Báo cáo PAKN theo cơ quan và kỳ (JSON, hoặc XLSX với ?format=xlsx)",
        parameters=[*PERIOD, OpenApiParameter("format", str, description="json | xlsx")],
        responses={200: OpenApiTypes.OBJECT},
        tags=TAGS,
    )
    def get(self, request):
        today = _today()
        start = _date(request.query_params.get("from"), "from", today.replace(day=1))
        end = _date(request.query_params.get("to"), "to", today)
        ids, now = _scope(request), timezone.now()
        if request.query_params.get("format") == "xlsx":
            data = exchange.report_xlsx(agency_ids=ids, start=start, end=end, now=now)
            response = HttpResponse(
                data,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="bao-cao-pakn-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
            )
            return response
        rows = selectors.report(agency_ids=ids, start=start, end=end, now=now)
        return Response(
            {
                "from": start,
                "to": end,
                "rows": [{**r.__dict__, "on_time": r.on_time, "late": r.late} for r in rows],
            }
        )
