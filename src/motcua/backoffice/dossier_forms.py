"""Forms of the dossier screens: intake at the desk and one small form per dossier action.

The forms only shape and pre-check what the officer typed; every rule that matters is enforced
again by :mod:`motcua.dossiers.services`, whose ``DossierError.errors`` are put back on the
matching fields.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from motcua.catalog.models import Component, CopyType
from motcua.directory.models import Agency, Delegation, Role
from motcua.dossiers.models import ApplicantKind, Channel, Delivery, Dossier

User = get_user_model()

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: str, **kw) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        **kw,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# --- intake ------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    """Tiếp nhận hồ sơ tại quầy / qua bưu chính, with the case's component checklist.

    Component fields are added per catalog component: ``tp_<id>`` (đã nộp), ``bh_<id>``
    (hình thức bản) and ``sl_<id>`` (số lượng), so a re-rendered form keeps every tick.
    """

    idem = forms.CharField(widget=forms.HiddenInput, required=False)
    receiving_agency = AgencyChoiceField(
        label="Nơi tiếp nhận", queryset=Agency.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label="Đối tượng",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label="Họ tên chủ hồ sơ / tên tổ chức",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label="Số định danh cá nhân (12 chữ số) / mã số thuế",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    phone = forms.CharField(
        label="Điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    submitter_name = forms.CharField(
        label="Người nộp thay (nếu có)", max_length=255, required=False
    )
    channel = forms.ChoiceField(
        label="Kênh nộp",
        choices=[(Channel.DIRECT, "Trực tiếp tại quầy"), (Channel.POSTAL, "Bưu chính công ích")],
        initial=Channel.DIRECT,
        widget=forms.RadioSelect,
    )
    postal_tracking = forms.CharField(label="Số hiệu bưu gửi", max_length=60, required=False)
    arrived_at = _datetime_field("Thời điểm bưu gửi đến", required=False)
    competent_agency = AgencyChoiceField(
        label="Cơ quan có thẩm quyền giải quyết",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="— Chọn cơ quan giải quyết —",
    )
    sets = forms.IntegerField(
        label="Số bộ hồ sơ",
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "required": "Cần ghi số bộ hồ sơ.",
            "min_value": "Ít nhất 1 bộ.",
            "invalid": "Số bộ phải là số nguyên.",
        },
    )
    delivery = forms.ChoiceField(
        label="Hình thức nhận kết quả", choices=Delivery.choices, initial=Delivery.DESK
    )
    guide_items = forms.CharField(
        label="Giấy tờ khác cần bổ sung, hoàn thiện (mỗi dòng một mục)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guide_reason = forms.CharField(
        label="Hướng dẫn, lý do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refuse_reason = forms.CharField(
        label="Lý do từ chối (nêu căn cứ pháp lý)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        desks: QuerySet[Agency],
        components: list[Component],
        competent: QuerySet[Agency],
        competent_initial: Agency | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.components = components
        self.fields["receiving_agency"].queryset = desks
        self.fields["competent_agency"].queryset = competent
        if competent_initial is not None:
            self.fields["competent_agency"].initial = competent_initial.pk
        if not self.is_bound:
            self.initial.setdefault("idem", uuid.uuid4().hex)
            first = desks.first()
            if first is not None:
                self.initial.setdefault("receiving_agency", first.pk)
        for c in components:
            self.fields[f"tp_{c.pk}"] = forms.BooleanField(label=c.name, required=False)
            self.fields[f"bh_{c.pk}"] = forms.ChoiceField(
                label="Hình thức", choices=CopyType.choices, initial=c.copy_type
            )
            self.fields[f"sl_{c.pk}"] = forms.IntegerField(
                label="Số lượng",
                min_value=1,
                max_value=99,
                initial=c.quantity or 1,
                error_messages={"min_value": "Ít nhất 1.", "invalid": "Số nguyên."},
            )

    def checklist(self) -> list[dict]:
        """The components with their three bound fields, for the template."""
        return [
            {
                "component": c,
                "presented": self[f"tp_{c.pk}"],
                "copy_type": self[f"bh_{c.pk}"],
                "quantity": self[f"sl_{c.pk}"],
            }
            for c in self.components
        ]

    def clean(self):
        data = super().clean()
        name = (data.get("name") or "").strip()
        if not name:
            self.add_error("name", "Cần ghi họ tên chủ hồ sơ (hoặc tên tổ chức).")
        digits = (data.get("id_number") or "").strip().replace("-", "").replace(" ", "")
        data["id_number"] = digits
        kind = data.get("kind")
        if kind == ApplicantKind.INDIVIDUAL and not (digits.isdigit() and len(digits) == 12):
            self.add_error("id_number", "Số định danh cá nhân phải gồm đúng 12 chữ số.")
        if kind == ApplicantKind.ORGANISATION and not (
            digits.isdigit() and len(digits) in (10, 13)
        ):
            self.add_error("id_number", "Mã số thuế của tổ chức phải gồm 10 hoặc 13 chữ số.")
        phone = (data.get("phone") or "").replace(" ", "").replace(".", "")
        if phone and not phone.lstrip("+").isdigit():
            self.add_error("phone", "Số điện thoại chỉ gồm chữ số.")
        if data.get("channel") == Channel.POSTAL:
            if not (data.get("postal_tracking") or "").strip():
                self.add_error("postal_tracking", "Hồ sơ qua bưu chính cần số hiệu bưu gửi.")
        return data

    def component_rows(self) -> list[dict]:
        """What ``services.submit`` records: every listed component, presented or not."""
        rows = []
        for c in self.components:
            rows.append(
                {
                    "component": c.pk,
                    "name": c.name,
                    "copy_type": self.cleaned_data.get(f"bh_{c.pk}") or c.copy_type,
                    "quantity": self.cleaned_data.get(f"sl_{c.pk}") or 1,
                    "presented": bool(self.cleaned_data.get(f"tp_{c.pk}")),
                }
            )
        return rows

    def missing_required(self) -> list[Component]:
        return [
            c for c in self.components if c.required and not self.cleaned_data.get(f"tp_{c.pk}")
        ]

    def arrival(self) -> datetime | None:
        if self.cleaned_data.get("channel") == Channel.POSTAL:
            return self.cleaned_data.get("arrived_at")
        return None


# --- dossier actions ---------------------------------------------------------------------


def people_with_role(agency_id: int | None, role: str, on) -> QuerySet:
    """Active accounts holding ``role`` at an agency on ``on`` (own role or delegated)."""
    delegated = Delegation.objects.filter(
        agency_id=agency_id,
        role=role,
        revoked_at__isnull=True,
        valid_from__lte=on,
        valid_to__gte=on,
    ).values("delegate_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(staff_roles__agency_id=agency_id, staff_roles__role=role) | Q(pk__in=delegated))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ActionForm(forms.Form):
    """Base of the forms of the dossier page; ``dossier`` and ``context`` come from the view."""

    def __init__(self, *args, dossier: Dossier, context: dict | None = None, **kwargs):
        self.dossier = dossier
        self.context = context or {}
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _text(label: str, *, required: bool = False, rows: int = 2, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": "Bắt buộc."},
    )


class EmptyForm(ActionForm):
    pass


class NoteForm(ActionForm):
    note = _text("Ghi chú")


class RequiredNoteForm(ActionForm):
    note = _text("Nội dung, lý do", required=True)


class ReasonForm(ActionForm):
    reason = _text("Lý do", required=True)


class RefuseForm(ActionForm):
    reason = _text("Lý do từ chối (nêu căn cứ pháp lý)", required=True)


class GuideForm(ActionForm):
    items = _text("Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một mục)", required=True, rows=4)
    reason = _text("Hướng dẫn, lý do")

    def service_kwargs(self) -> dict:
        return {"items": _lines(self.cleaned_data["items"]), "reason": self.cleaned_data["reason"]}


class SupplementForm(ActionForm):
    items = _text("Giấy tờ cần bổ sung (mỗi dòng một mục)", required=True, rows=4)
    reason = _text("Lý do", required=True)
    deadline_days = forms.IntegerField(
        label="Thời hạn bổ sung (ngày làm việc)",
        required=False,
        min_value=1,
        max_value=365,
        error_messages={"min_value": "Ít nhất 1 ngày.", "invalid": "Số nguyên."},
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "items": _lines(d["items"]),
            "reason": d["reason"],
            "deadline_days": d.get("deadline_days"),
        }


class HandOverForm(ActionForm):
    to_user = PersonChoiceField(
        label="Người thực hiện bước tiếp theo",
        queryset=User.objects.none(),
        required=False,
        empty_label="— Không chỉ định (cả bộ phận) —",
    )
    note = _text("Ý kiến, ghi chú")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.context.get("next_step")
        if step is not None:
            self.fields["to_user"].queryset = people_with_role(
                self.dossier.holder_agency_id, step.role, self.context["today"]
            )
            self.fields["to_user"].label = f"Chuyển cho ({Role(step.role).label})"


class AssignForm(ActionForm):
    to_user = PersonChoiceField(
        label="Phân công cho",
        queryset=User.objects.none(),
        empty_label="— Chọn người xử lý —",
        error_messages={"required": "Cần chọn người được phân công."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dossier.holder_role:
            self.fields["to_user"].queryset = people_with_role(
                self.dossier.holder_agency_id, self.dossier.holder_role, self.context["today"]
            )


class ConsultForm(ActionForm):
    to_agency = AgencyChoiceField(
        label="Cơ quan phối hợp",
        queryset=Agency.objects.none(),
        empty_label="— Chọn cơ quan —",
        error_messages={"required": "Cần chọn cơ quan phối hợp."},
    )
    amount = forms.IntegerField(
        label="Thời hạn phối hợp (ngày làm việc)",
        min_value=1,
        max_value=365,
        initial=3,
        error_messages={"required": "Bắt buộc.", "min_value": "Ít nhất 1 ngày."},
    )
    note = _text("Nội dung đề nghị phối hợp", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competent = self.dossier.competent_agency
        unit = competent.unit
        province_id = unit.parent_id or unit.pk
        self.fields["to_agency"].queryset = (
            Agency.objects.filter(Q(unit_id=province_id) | Q(unit_id=unit.pk), is_active=True)
            .exclude(pk=competent.pk)
            .exclude(agency_type__is_service_centre=True)
            .order_by("name")
        )


class ApologiseForm(ActionForm):
    reason = _text("Lý do chậm trễ", required=True)
    new_due = _datetime_field(
        "Hẹn lại ngày trả kết quả",
        error_messages={"required": "Cần chọn ngày hẹn trả mới.", "invalid": "Không hợp lệ."},
    )


class CorrectDueForm(ActionForm):
    reason = _text("Lý do, căn cứ điều chỉnh", required=True)
    new_due = _datetime_field(
        "Hạn giải quyết mới",
        error_messages={"required": "Cần chọn hạn mới.", "invalid": "Không hợp lệ."},
    )


class ApproveForm(ActionForm):
    title = forms.CharField(label="Tên kết quả", max_length=500, required=False)
    note = _text("Ý kiến phê duyệt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = self.dossier.version.result_name


class DenyForm(ActionForm):
    note = _text("Lý do không đủ điều kiện giải quyết", required=True, rows=3)


class IssueForm(ActionForm):
    document_number = forms.CharField(label="Số, ký hiệu văn bản", max_length=80, required=False)


class ReturnForm(ActionForm):
    method = forms.ChoiceField(label="Hình thức trả", choices=Delivery.choices)
    recipient = forms.CharField(label="Người nhận kết quả", max_length=255, required=False)
    tracking = forms.CharField(label="Số hiệu bưu gửi", max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].initial = self.dossier.delivery
        self.fields["recipient"].initial = (
            self.dossier.submitter_name or self.dossier.applicant_name
        )


class StopForm(ActionForm):
    reason = _text("Nội dung yêu cầu dừng", required=True)
    request_channel = forms.ChoiceField(
        label="Yêu cầu nhận qua",
        choices=[
            ("direct", "Trực tiếp"),
            ("postal", "Bưu chính"),
            ("online", "Cổng Dịch vụ công quốc gia"),
        ],
        initial="direct",
    )


#: action → the form of its inputs.
ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": EmptyForm,
    "guide": GuideForm,
    "resubmit": EmptyForm,
    "refuse": RefuseForm,
    "forward": EmptyForm,
    "hand_over": HandOverForm,
    "assign": AssignForm,
    "send_back": ReasonForm,
    "consult": ConsultForm,
    "consult_done": RequiredNoteForm,
    "request_supplement": SupplementForm,
    "receive_supplement": NoteForm,
    "supplement_expired": NoteForm,
    "request_payment": RequiredNoteForm,
    "payment_done": NoteForm,
    "suspend": RequiredNoteForm,
    "resume": NoteForm,
    "apologise": ApologiseForm,
    "correct_due": CorrectDueForm,
    "approve": ApproveForm,
    "deny": DenyForm,
    "issue": IssueForm,
    "return_result": ReturnForm,
    "stop": StopForm,
    "archive": EmptyForm,
}
