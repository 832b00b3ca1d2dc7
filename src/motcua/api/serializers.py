"""API serializers: shapes only; validation of domain rules lives in services."""

from __future__ import annotations

from datetime import datetime

from rest_framework import serializers

from motcua.catalog.models import (
    Component,
    Fee,
    InternalProcess,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    VersionAgency,
)
from motcua.core.models import CalendarDay
from motcua.directory.models import AdminUnit, Agency


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class DueQuerySerializer(serializers.Serializer):
    start = serializers.CharField(
        help_text="Thời điểm tiếp nhận, ISO 8601 có múi giờ, ví dụ 2026-02-12T10:00:00+07:00"
    )
    amount = serializers.DecimalField(max_digits=8, decimal_places=3, min_value=0)
    unit = serializers.ChoiceField(
        choices=["working_days", "working_hours", "calendar_days", "same_day"]
    )
    cutoff = serializers.TimeField(required=False, format="%H:%M", input_formats=["%H:%M"])
    agency = serializers.IntegerField(required=False, min_value=1)

    def validate_start(self, value: str) -> datetime:
        text = value.strip()
        if "T" in text and " " in text:  # an unencoded "+07:00" arrives as " 07:00"
            text = text.replace(" ", "+")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise serializers.ValidationError(
                "Không phải thời điểm ISO 8601, ví dụ 2026-02-12T10:00:00+07:00."
            ) from exc
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise serializers.ValidationError("Thiếu múi giờ, ví dụ +07:00.")
        return parsed


class DueSerializer(serializers.Serializer):
    start = serializers.CharField()
    amount = serializers.CharField()
    unit = serializers.CharField()
    due = serializers.CharField()
    skipped = SkippedDaySerializer(many=True)


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name", "legal_ref", "province_code", "flag", "source"]
        read_only_fields = ["source"]


class UnitSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "kind", "province", "valid_from", "valid_to"]


class AgencySerializer(serializers.ModelSerializer):
    agency_type = serializers.CharField(source="agency_type.code")
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "agency_type",
            "unit",
            "electronic_id",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
        ]


class ProcedureListSerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="sector.name")
    field_code = serializers.CharField(source="sector.code")

    class Meta:
        model = Procedure
        fields = ["code", "name", "field", "field_code", "level", "online_level", "boundary_free"]


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = ["name", "amount", "mode", "description"]


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "name",
            "role",
            "amount",
            "unit",
            "output_form",
            "send_back_allowed",
            "counts_toward_limit",
        ]


class ProcessSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True)
    agency = serializers.CharField(source="agency.code", default=None)
    province = serializers.CharField(source="province.code")

    class Meta:
        model = InternalProcess
        fields = ["id", "code", "status", "province", "agency", "approval_ref", "steps"]


class CaseSerializer(serializers.ModelSerializer):
    fees = FeeSerializer(many=True)
    time_limit = serializers.CharField(source="time_limit_text")
    processes = ProcessSerializer(many=True)

    class Meta:
        model = ProcedureCase
        fields = [
            "code",
            "name",
            "time_amount",
            "time_unit",
            "time_limit",
            "online_time_amount",
            "online_time_unit",
            "cutoff_time",
            "cutoff_reading",
            "supplement_clock",
            "no_due_date",
            "fees",
            "processes",
        ]


class ComponentSerializer(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Component
        fields = ["name", "copy_type", "quantity", "required", "form_template", "cases"]

    def get_cases(self, obj: Component) -> list[str]:
        return [c.code for c in obj.cases.all()]


class VersionAgencySerializer(serializers.ModelSerializer):
    agency_type = serializers.CharField(source="agency_type.code")
    agency_type_name = serializers.CharField(source="agency_type.name")
    agency = serializers.CharField(source="agency.code", default=None)

    class Meta:
        model = VersionAgency
        fields = ["role", "agency_type", "agency_type_name", "agency"]


class DecisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicationDecision
        fields = ["id", "number", "date", "effective_date", "title"]


class VersionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="procedure.code")
    field = serializers.CharField(source="sector.name")
    decision = DecisionRefSerializer(allow_null=True)
    agencies = VersionAgencySerializer(many=True)
    cases = CaseSerializer(many=True)
    components = ComponentSerializer(many=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "number",
            "status",
            "change_type",
            "effective_from",
            "effective_to",
            "decision",
            "name",
            "field",
            "level",
            "is_internal",
            "online_level",
            "boundary_free",
            "is_inter_agency",
            "channels",
            "applicant_types",
            "steps_text",
            "requirements",
            "location",
            "result_name",
            "result_electronic",
            "result_paper_required",
            "legal_basis",
            "form_templates",
            "agencies",
            "cases",
            "components",
        ]


class VersionSummarySerializer(serializers.ModelSerializer):
    decision = DecisionRefSerializer(allow_null=True)

    class Meta:
        model = ProcedureVersion
        fields = ["number", "status", "change_type", "effective_from", "effective_to", "decision"]


class DecisionSerializer(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.name", default=None)
    procedures = serializers.SerializerMethodField()

    class Meta:
        model = PublicationDecision
        fields = [
            "id",
            "number",
            "date",
            "title",
            "signer",
            "signer_title",
            "issuer",
            "effective_date",
            "made_public_at",
            "is_published",
            "procedures",
        ]

    def get_procedures(self, obj: PublicationDecision) -> list[dict]:
        return [
            {"code": v.procedure.code, "name": v.name, "change_type": v.change_type}
            for v in obj.versions.all()
        ]


class ImportResultSerializer(serializers.Serializer):
    procedures = serializers.IntegerField()
    versions = serializers.IntegerField()
    decisions = serializers.IntegerField()
    processes = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())
