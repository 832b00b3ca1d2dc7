"""The Vietnamese text of a citizen notification: what happened, what to do, where to look."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from motcua.core.calendar import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.sync.base import Notification

DELIVERY = {
    "desk": "Mời ông/bà mang Giấy tiếp nhận hồ sơ đến {desk} để nhận kết quả.",
    "post": "Kết quả sẽ được gửi đến ông/bà qua bưu chính công ích.",
    "electronic": "Ông/bà có thể nhận bản điện tử của kết quả qua trang tra cứu hồ sơ.",
}


def public_url(path: str, **params: str) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}" + (f"?{urlencode(params)}" if params else "")


def _when(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return ""
    return f"{value.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}"


def _items(event: DossierEvent | None) -> str:
    items = (event.data.get("items") if event else None) or []
    return "; ".join(str(i) for i in items)


def _what(action: str, d: Dossier, e: DossierEvent | None, note: str) -> tuple[str, str]:
    """(what happened, what to do) for one action."""
    data = e.data if e else {}
    desk = d.receiving_agency.name
    if action == "accept":
        due = (data.get("set") or {}).get("due_at") or d.original_due_at
        return (
            f"đã được {desk} tiếp nhận. Ngày hẹn trả kết quả: {_when(due)}.",
            "Ông/bà không cần làm gì thêm; vui lòng giữ Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        )
    if action == "guide":
        return (
            f"cần bổ sung, hoàn thiện trước khi được tiếp nhận: {_items(e)}."
            + (f" Lý do: {note}." if note else ""),
            f"Vui lòng bổ sung đủ các giấy tờ trên và nộp lại hồ sơ tại {desk}.",
        )
    if action == "refuse":
        return (
            f"không được tiếp nhận. Lý do: {note}.",
            f"Căn cứ được ghi trong Phiếu từ chối tiếp nhận; ông/bà có thể liên hệ {desk} "
            "để được hướng dẫn.",
        )
    if action == "request_supplement":
        deadline = data.get("deadline")
        return (
            f"cần bổ sung giấy tờ theo yêu cầu của {d.competent_agency.name}: {_items(e)}."
            + (f" Lý do: {note}." if note else ""),
            f"Vui lòng nộp giấy tờ bổ sung tại {desk}"
            + (f" trước {_when(deadline)}." if deadline else ".")
            + " Thời gian giải quyết tạm dừng cho đến khi nhận đủ giấy tờ.",
        )
    if action == "request_payment":
        return (
            f"cần thực hiện nghĩa vụ tài chính: {note}.",
            "Vui lòng nộp theo thông báo; hồ sơ tiếp tục được giải quyết sau khi đã nộp.",
        )
    if action == "payment_paid":
        return (
            f"đã được ghi nhận thanh toán phí, lệ phí. {note}".rstrip(),
            "Ông/bà không cần làm gì thêm; biên lai điện tử được lưu cùng hồ sơ.",
        )
    if action == "payment_refunded":
        return (
            f"đã được hoàn trả phí, lệ phí. {note}".rstrip(),
            f"Nếu chưa nhận được tiền hoàn trả sau 7 ngày làm việc, vui lòng liên hệ {desk}.",
        )
    if action == "apologise":
        return (
            f"chưa có kết quả đúng hẹn. {d.competent_agency.name} xin lỗi ông/bà"
            + (f" (lý do: {note})" if note else "")
            + f"; ngày hẹn trả kết quả mới: {_when(data.get('new_due') or d.promised_due_at)}.",
            "Ông/bà không cần làm gì thêm.",
        )
    if action == "issue":
        return (
            "đã có kết quả giải quyết.",
            DELIVERY.get(d.delivery, DELIVERY["desk"]).format(desk=desk),
        )
    if action == "stop":
        return (f"đã dừng giải quyết. Lý do: {note}.", "Ông/bà không cần làm gì thêm.")
    if action == "return_result":
        return (
            "đã được trả kết quả.",
            "Mời ông/bà đánh giá mức độ hài lòng: "
            + public_url(reverse("ratings:dossier"), ma=d.code or d.submission_ref),
        )
    return (f"có cập nhật: {note}." if note else "có cập nhật.", "")


def render(action: str, subject: str, dossier: Dossier, event: DossierEvent | None, note: str):
    """Build the message of one dossier event for the applicant."""
    code = dossier.code or dossier.submission_ref
    site = getattr(settings, "MOTCUA_SITE_NAME", "motcua")
    track = public_url(reverse("portal:track"), ma=code)
    happened, todo = _what(action, dossier, event, note.strip())
    lines = [
        f"Kính gửi ông/bà {dossier.applicant_name},",
        "",
        f"Hồ sơ {code} ({dossier.version.name}) {happened}",
    ]
    if todo:
        lines += ["", todo]
    lines += [
        "",
        f"Tra cứu tình trạng hồ sơ: {track}",
        "",
        f"Trân trọng,\n{dossier.receiving_agency.name}\n{site}",
        "",
        "(Thư này được gửi tự động, vui lòng không trả lời.)",
    ]
    short = f"{subject}. Hồ sơ {code} {happened} {todo} Tra cứu: {track}"
    return Notification(
        subject=f"{subject} — hồ sơ {code}",
        body="\n".join(lines),
        short=" ".join(short.split()),
    )
