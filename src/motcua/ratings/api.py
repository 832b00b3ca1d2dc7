"""REST API of ratings: give or change a rating (public), list and count them (staff)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.api.pagination import DefaultPagination
from motcua.directory.models import Agency
from motcua.directory.selectors import visible_agencies
from motcua.ratings import selectors, services
from motcua.ratings.models import Level, Rating, RatingChannel, RatingOfficer

ERROR_EXAMPLES = [
    OpenApiExample(
        "Hồ sơ chưa có kết quả",
        response_only=True,
        status_codes=["409"],
        value={
            "code": "no_result",
            "message": "Hồ sơ chưa có kết quả giải quyết; ông/bà có thể đánh giá sau khi có "
            "kết quả.",
        },
    ),
    OpenApiExample(
        "Sai số điện thoại",
        response_only=True,
        status_codes=["403"],
        value={
            "code": "phone_mismatch",
            "message": "Số điện thoại không khớp với số đã đăng ký khi nộp hồ sơ (cần nhập "
            "đầy đủ).",
            "errors": {"phone": ["Không khớp."]},
        },
    ),
]


def _choices_schema(choices: list[tuple[str, str]]) -> dict:
    """A string limited to ``choices`` without an ``enum`` component: "level" and "channel"
    already name other choice sets of the API, and drf-spectacular cannot name a second one
    without ENUM_NAME_OVERRIDES in the settings."""
    return {
        "type": "string",
        "pattern": "^(" + "|".join(v for v, _ in choices) + ")$",
        "description": "; ".join(f"{v}: {lbl}" for v, lbl in choices),
        "example": choices[0][0],
    }


@extend_schema_field(_choices_schema(Level.choices))
class LevelField(serializers.ChoiceField):
    def __init__(self, **kw):
        super().__init__(choices=Level.choices, **kw)


@extend_schema_field(_choices_schema(RatingChannel.choices))
class RatingChannelField(serializers.ChoiceField):
    def __init__(self, **kw):
        super().__init__(choices=RatingChannel.choices, **kw)


class RatingInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=80, help_text="Mã hồ sơ (hoặc mã nộp hồ sơ)")
    phone = serializers.CharField(max_length=20, help_text="Số điện thoại đã đăng ký, đầy đủ")
    level = LevelField()
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    channel = RatingChannelField(default=RatingChannel.ONLINE)


class RatingOutSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.code")
    level = LevelField(read_only=True)
    channel = RatingChannelField(read_only=True)
    level_label = serializers.CharField(source="get_level_display")
    channel_label = serializers.CharField(source="get_channel_display")
    changeable_until = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = [
            "dossier",
            "level",
            "level_label",
            "comment",
            "channel",
            "channel_label",
            "created_at",
            "updated_at",
            "changes",
            "changeable_until",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_changeable_until(self, obj: Rating) -> str:
        return serializers.DateTimeField().to_representation(selectors.changeable_until(obj))


class OfficerSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="officer.username")
    name = serializers.SerializerMethodField()
    agency = serializers.CharField(source="agency.code", default=None)

    class Meta:
        model = RatingOfficer
        fields = ["username", "name", "agency", "role"]

    def get_name(self, obj: RatingOfficer) -> str:
        return obj.officer.get_full_name() or obj.officer.get_username()


class RatingStaffSerializer(RatingOutSerializer):
    dossier_id = serializers.IntegerField()
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    competent_agency = serializers.CharField(source="competent_agency.code")
    officers = OfficerSerializer(source="officer_links", many=True)

    class Meta(RatingOutSerializer.Meta):
        fields = [
            "id",
            "dossier_id",
            *RatingOutSerializer.Meta.fields,
            "receiving_agency",
            "competent_agency",
            "officers",
        ]


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(
            "invalid_query", f"{name} phải là ngày dạng YYYY-MM-DD.", errors={name: ["Sai."]}
        ) from exc


class RatingListCreate(APIView):
    """Đánh giá mức độ hài lòng: công dân gửi (POST), cán bộ xem và thống kê (GET)."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        summary="Gửi hoặc thay đổi đánh giá của một hồ sơ",
        description=(
            "Không cần đăng nhập: chủ hồ sơ chứng minh bằng mã hồ sơ và số điện thoại đã đăng "
            "ký. Chỉ hồ sơ đã có kết quả mới được đánh giá; mỗi hồ sơ một phiếu, được thay đổi "
            "trong MOTCUA_RATING_CHANGE_DAYS ngày kể từ lần đánh giá đầu (201: phiếu mới, "
            "200: đã thay đổi)."
        ),
        request=RatingInSerializer,
        responses={201: RatingOutSerializer, 200: RatingOutSerializer},
        examples=[
            OpenApiExample(
                "Đánh giá tại trang tra cứu",
                request_only=True,
                value={
                    "code": "000.02.00.H12-260302-0001",
                    "phone": "0912345678",
                    "level": "very_satisfied",
                    "comment": "Cán bộ hướng dẫn tận tình.",
                    "channel": "online",
                },
            ),
            *ERROR_EXAMPLES,
        ],
        tags=["ratings"],
    )
    def post(self, request):
        s = RatingInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        outcome = services.rate(
            code=v["code"],
            phone=v["phone"],
            level=v["level"],
            comment=v["comment"],
            channel=v["channel"],
            now=timezone.now(),
        )
        return Response(
            RatingOutSerializer(outcome.rating).data, status=201 if outcome.created else 200
        )

    @extend_schema(
        summary="Danh sách và thống kê đánh giá trong phạm vi của cán bộ",
        parameters=[
            OpenApiParameter("agency", str, description="Mã cơ quan (tiếp nhận hoặc giải quyết)"),
            OpenApiParameter("from", str, description="Từ ngày (YYYY-MM-DD, giờ Việt Nam)"),
            OpenApiParameter("to", str, description="Đến ngày (YYYY-MM-DD, bao gồm)"),
            OpenApiParameter("level", str, enum=Level.values, description="Mức độ hài lòng"),
            OpenApiParameter("limit", int, description="Số phiếu mỗi trang (tối đa 100)"),
            OpenApiParameter("offset", int),
        ],
        responses={
            200: inline_serializer(
                "RatingPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "summary": serializers.DictField(),
                    "results": RatingStaffSerializer(many=True),
                },
            )
        },
        examples=[
            OpenApiExample(
                "Tổng hợp",
                response_only=True,
                value={
                    "count": 2,
                    "next": None,
                    "previous": None,
                    "summary": {
                        "total": 2,
                        "very_satisfied": 1,
                        "satisfied": 0,
                        "dissatisfied": 1,
                        "satisfied_or_better": 1,
                        "satisfaction_rate": 50.0,
                        "percent": {
                            "very_satisfied": 50.0,
                            "satisfied": 0.0,
                            "dissatisfied": 50.0,
                        },
                    },
                    "results": [],
                },
            )
        ],
        tags=["ratings"],
    )
    def get(self, request):
        p = request.query_params
        today = timezone.localdate()
        qs = selectors.visible_ratings(request.user, today)
        agency_id = None
        if p.get("agency"):
            agency = visible_agencies(request.user, today).filter(code=p["agency"]).first()
            if agency is None:
                if Agency.objects.filter(code=p["agency"]).exists():
                    raise ApiError(
                        "forbidden",
                        "Cơ quan này ngoài phạm vi dữ liệu của bạn.",
                        status_code=403,
                    )
                raise ApiError(
                    "invalid_query",
                    f"Không có cơ quan '{p['agency']}'.",
                    errors={"agency": ["Không tồn tại."]},
                )
            agency_id = agency.pk
        qs = selectors.ratings_between(
            qs,
            agency_id=agency_id,
            start=_date(p.get("from"), "from"),
            end=_date(p.get("to"), "to"),
        )
        if p.get("level"):
            if p["level"] not in Level.values:
                raise ApiError("invalid_query", "level không hợp lệ.", errors={"level": ["Sai."]})
            qs = qs.filter(level=p["level"])
        summary = selectors.tally(qs).as_dict()
        qs = qs.select_related("dossier", "receiving_agency", "competent_agency").prefetch_related(
            Prefetch(
                "officer_links",
                queryset=RatingOfficer.objects.select_related("officer", "agency"),
            )
        )
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(qs.order_by("-created_at", "-id"), request, view=self)
        response = paginator.get_paginated_response(RatingStaffSerializer(page, many=True).data)
        response.data["summary"] = summary
        return response
