"""Forms of the feedback pages (validation of the rules stays in the services)."""

from __future__ import annotations

from django import forms

from motcua.directory.models import Agency
from motcua.feedback.states import (
    CRITERIA,
    Basis,
    Category,
    Channel,
    Decision,
    Ground,
    Kind,
    NationalClass,
    SenderKind,
)


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultiFileField, self).clean(d, initial) for d in items]


def vp_agencies():
    """Where the public form sends: the provincial People's Committee offices (ND 92/2017)
    first, then the other agencies of the demo provinces with staff."""
    return Agency.objects.filter(is_active=True, agency_type__code="vp-ubnd-tinh").order_by("name")


class PetitionForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Gửi đến",
        queryset=Agency.objects.none(),
        empty_label="— Chọn cơ quan —",
        help_text="Văn phòng UBND tỉnh tiếp nhận PAKN về quy định hành chính của tỉnh.",
    )
    kind = forms.ChoiceField(label="Loại", choices=Kind.choices, initial=Kind.FEEDBACK)
    title = forms.CharField(label="Tiêu đề", max_length=300)
    content = forms.CharField(
        label="Nội dung phản ánh", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    proposal = forms.CharField(
        label="Đề xuất, kiến nghị (nếu có)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    procedure_code = forms.CharField(
        label="Mã thủ tục hành chính liên quan (nếu có)", required=False, max_length=40
    )
    dossier_code = forms.CharField(
        label="Mã hồ sơ liên quan (nếu có)", required=False, max_length=80
    )
    sender_kind = forms.ChoiceField(label="Người gửi là", choices=SenderKind.choices)
    sender_name = forms.CharField(
        label="Họ và tên (hoặc tên tổ chức)", max_length=255, required=False
    )
    sender_address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    sender_phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    sender_email = forms.CharField(label="Thư điện tử", max_length=254, required=False)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    files = MultiFileField(
        label="Tệp đính kèm (PDF, JPEG, PNG; tối đa 5 tệp)",
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else vp_agencies()
        for name in ("sender_name", "sender_address"):
            self.fields[name].widget.attrs["required"] = True
        self.fields["sender_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["sender_email"].widget.attrs.update(type="email", autocomplete="email")


class DeskForm(PetitionForm):
    channel = forms.ChoiceField(
        label="Hình thức tiếp nhận",
        choices=[
            (c.value, c.label)
            for c in (Channel.LETTER, Channel.VISIT, Channel.PHONE, Channel.EMAIL)
        ],
        help_text="Cuộc gọi: ghi đầy đủ, trung thực nội dung người gọi trình bày.",
    )
    received_at = forms.DateTimeField(
        label="Thời điểm nhận (thư đến, cuộc gọi)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text="Để trống: bây giờ.",
    )
    note = forms.CharField(
        label="Ghi chú của cán bộ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].label = "Cơ quan tiếp nhận"
        self.fields["agency"].help_text = ""
        for name in ("sender_name", "sender_address"):
            self.fields[name].widget.attrs.pop("required", None)
            self.fields[name].help_text = "Để trống nếu thư nặc danh (sẽ từ chối tiếp nhận)."


class TrackForm(forms.Form):
    code = forms.CharField(label="Mã PAKN", max_length=30)
    contact = forms.CharField(label="Số điện thoại hoặc thư điện tử đã khai", max_length=254)


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp JSON từ Cổng Dịch vụ công quốc gia")


def _blank(choices):
    return [("", "— chọn —"), *choices]


class ActionForm(forms.Form):
    """One form for every action; the template shows the fields the action needs."""

    national_class = forms.ChoiceField(
        label="Phân loại (Cổng DVCQG)", choices=_blank(NationalClass.choices), required=False
    )
    category = forms.ChoiceField(
        label="Nội dung (Điều 5 NĐ 20/2008)", choices=_blank(Category.choices), required=False
    )
    procedure_code = forms.CharField(label="Mã thủ tục liên quan", required=False)
    dossier_code = forms.CharField(label="Mã hồ sơ liên quan", required=False)
    ground = forms.ChoiceField(
        label="Lý do không tiếp nhận", choices=_blank(Ground.choices), required=False
    )
    question = forms.CharField(
        label="Nội dung cần làm rõ", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_agency = forms.ModelChoiceField(
        label="Chuyển đến cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="— Chọn cơ quan —",
    )
    to_body = forms.CharField(label="Hoặc cơ quan ngoài hệ thống", required=False)
    letter_number = forms.CharField(label="Số văn bản chuyển / trả lời", required=False)
    basis = forms.ChoiceField(
        label="Kết quả nghiên cứu", choices=_blank(Basis.choices), required=False
    )
    decision = forms.ChoiceField(
        label="Hình thức xử lý", choices=_blank(Decision.choices), required=False
    )
    text = forms.CharField(
        label="Nội dung trả lời", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    public_title = forms.CharField(label="Tiêu đề công khai", required=False)
    public_content = forms.CharField(
        label="Nội dung công khai", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        for key, label in CRITERIA.items():
            self.fields[f"criteria_{key}"] = forms.CharField(label=label, required=False)


FIELDS_OF = {
    "accepted": ["national_class", "category", "note"],
    "rejected": ["ground", "note"],
    "classified": ["national_class", "category", "procedure_code", "dossier_code"],
    "supplement_requested": ["question"],
    "transferred": ["to_agency", "to_body", "letter_number", "note"],
    "assessed": ["basis", *[f"criteria_{k}" for k in CRITERIA], "note"],
    "answered": ["decision", "letter_number", "text"],
    "published": ["public_title", "public_content"],
    "archived": [],
}
