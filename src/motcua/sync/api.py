"""REST API of notifications: a citizen's channel choices (staff only for now)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.directory.selectors import is_administrator
from motcua.dossiers.selectors import visible_dossiers
from motcua.sync import selectors, services


class PreferenceSerializer(serializers.Serializer):
    id_number = serializers.CharField(read_only=True)
    email = serializers.BooleanField(help_text="Nhận thông báo qua thư điện tử")
    sms = serializers.BooleanField(help_text="Nhận thông báo qua tin nhắn SMS")
    is_default = serializers.BooleanField(
        read_only=True, help_text="Chưa chọn: gửi qua mọi kênh mà hồ sơ có địa chỉ liên hệ"
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


EXAMPLE = OpenApiExample(
    "Chỉ nhận SMS",
    value={
        "id_number": "012345678901",
        "email": False,
        "sms": True,
        "is_default": False,
        "updated_at": "2026-03-02T09:00:00+07:00",
    },
    response_only=True,
)


class PreferenceDetail(APIView):
    """Kênh nhận thông báo của một công dân / tổ chức (theo số định danh hoặc mã số thuế).

    Cán bộ chỉ xem và sửa được lựa chọn của người có hồ sơ trong phạm vi dữ liệu của mình.
    """

    permission_classes = [IsAuthenticated]

    def _check(self, request, id_number: str) -> str:
        id_number = id_number.strip()
        if not services.valid_id_number(id_number):
            raise ApiError(
                "invalid",
                "Số định danh cá nhân (12 chữ số) hoặc mã số thuế (10 hoặc 13 chữ số) không "
                "hợp lệ.",
                errors={"id_number": ["Không hợp lệ."]},
            )
        if not is_administrator(request.user) and not (
            visible_dossiers(request.user, timezone.localdate())
            .filter(applicant_id_number=id_number)
            .exists()
        ):
            raise ApiError(
                "not_found",
                "Không có hồ sơ nào của người này trong phạm vi dữ liệu của bạn.",
                status_code=404,
            )
        return id_number

    @extend_schema(
        summary="Xem kênh nhận thông báo",
        responses={200: PreferenceSerializer},
        examples=[EXAMPLE],
        tags=["notifications"],
    )
    def get(self, request, id_number: str):
        id_number = self._check(request, id_number)
        return Response(PreferenceSerializer(selectors.preference_for(id_number)).data)

    @extend_schema(
        summary="Đặt kênh nhận thông báo",
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer},
        examples=[
            OpenApiExample(
                "Tắt thư điện tử", value={"email": False, "sms": True}, request_only=True
            ),
            EXAMPLE,
        ],
        tags=["notifications"],
    )
    def put(self, request, id_number: str):
        id_number = self._check(request, id_number)
        s = PreferenceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.set_preference(
            id_number=id_number,
            email=s.validated_data["email"],
            sms=s.validated_data["sms"],
            actor=request.user,
            now=timezone.now(),
        )
        return Response(PreferenceSerializer(selectors.preference_for(id_number)).data)
