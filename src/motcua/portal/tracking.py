"""Tra cứu hồ sơ: the public tracking page behind the QR code of every form.

Anyone with the dossier code sees only that it exists; the applicant's phone number (the last
digits are enough) unlocks the status, dates, steps and what to do — never officers' names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

#: Plain-Vietnamese explanation of each state for the applicant.
PLAIN = {
    State.SUBMITTED: "Hồ sơ đã được gửi, đang chờ cán bộ kiểm tra và tiếp nhận.",
    State.RECEPTION_GUIDANCE: "Hồ sơ cần bổ sung, hoàn thiện trước khi được tiếp nhận.",
    State.REFUSED: "Hồ sơ không được tiếp nhận.",
    State.RECEIVED: "Hồ sơ đã được tiếp nhận và sẽ được chuyển đến cơ quan giải quyết.",
    State.IN_PROCESS: "Hồ sơ đang được cơ quan có thẩm quyền giải quyết.",
    State.INTER_AGENCY: "Hồ sơ đang được lấy ý kiến của cơ quan phối hợp.",
    State.SUPPLEMENT_REQUESTED: "Cơ quan giải quyết yêu cầu bổ sung giấy tờ.",
    State.FIN_OBLIGATION_PENDING: "Cần thực hiện nghĩa vụ tài chính (nộp thuế, phí…) để tiếp tục.",
    State.SUSPENDED: "Việc giải quyết hồ sơ đang tạm dừng.",
    State.STOPPED: "Hồ sơ đã dừng giải quyết theo yêu cầu.",
    State.DECIDED_APPROVED: "Hồ sơ đã có kết quả, đang vào sổ và chuyển về nơi trả kết quả.",
    State.DECIDED_DENIED: "Cơ quan giải quyết đã có văn bản trả lời hồ sơ chưa đủ điều kiện.",
    State.READY_FOR_RETURN: "Kết quả đã sẵn sàng, mời ông/bà nhận kết quả.",
    State.RETURNED: "Đã trả kết quả.",
    State.ARCHIVED: "Đã trả kết quả.",
}

#: Public wording of events (no internal names of officers).
PUBLIC_STEPS = {
    "submit": "Nộp hồ sơ",
    "guide": "Hướng dẫn bổ sung, hoàn thiện hồ sơ",
    "resubmit": "Nộp lại hồ sơ đã hoàn thiện",
    "refuse": "Từ chối tiếp nhận",
    "accept": "Tiếp nhận hồ sơ, hẹn trả kết quả",
    "forward": "Chuyển cơ quan giải quyết",
    "hand_over": "Đang xử lý",
    "consult": "Lấy ý kiến cơ quan phối hợp",
    "consult_done": "Có ý kiến cơ quan phối hợp",
    "request_supplement": "Yêu cầu bổ sung giấy tờ",
    "receive_supplement": "Đã nhận giấy tờ bổ sung",
    "supplement_expired": "Quá hạn bổ sung giấy tờ",
    "request_payment": "Thông báo nghĩa vụ tài chính",
    "payment_done": "Đã thực hiện nghĩa vụ tài chính",
    "suspend": "Tạm dừng giải quyết",
    "resume": "Tiếp tục giải quyết",
    "apologise": "Thư xin lỗi và hẹn lại ngày trả kết quả",
    "correct_due": "Điều chỉnh ngày hẹn trả",
    "approve": "Đã có kết quả giải quyết",
    "deny": "Có văn bản trả lời hồ sơ chưa đủ điều kiện",
    "issue": "Kết quả đã chuyển về nơi trả kết quả",
    "return_result": "Đã trả kết quả",
    "stop": "Dừng giải quyết hồ sơ",
}


@dataclass
class Step:
    at: datetime
    label: str
    detail: str


def find(code: str) -> Dossier | None:
    code = code.strip()
    if not code:
        return None
    qs = Dossier.objects.filter(parent__isnull=True).select_related(
        "version__procedure", "receiving_agency", "competent_agency"
    )
    return qs.filter(code=code).first() or qs.filter(submission_ref=code).first()


def phone_matches(dossier: Dossier, phone: str) -> bool:
    """The applicant proves ownership with their phone number (at least its last 4 digits)."""
    given = "".join(ch for ch in phone if ch.isdigit())
    stored = "".join(ch for ch in dossier.applicant_phone if ch.isdigit())
    return len(given) >= 4 and bool(stored) and stored.endswith(given)


def public_steps(dossier: Dossier) -> list[Step]:
    """The history in public words, one line per visible event (consecutive internal steps
    collapse into one "Đang xử lý")."""
    steps: list[Step] = []
    for e in dossier.events.order_by("seq"):
        label = PUBLIC_STEPS.get(e.action)
        if label is None:
            continue
        if steps and label == "Đang xử lý" and steps[-1].label == label:
            continue
        detail = ""
        if e.action in ("guide", "request_supplement"):
            detail = "; ".join(e.data.get("items", []))
        elif e.action in ("refuse", "stop", "deny", "apologise"):
            detail = e.note
        steps.append(Step(e.at, label, detail))
    return steps


def requested_items(dossier: Dossier) -> list[str]:
    """The items of the latest request to supplement (form 02), before or after reception."""
    asked = (
        dossier.events.filter(action__in=["guide", "request_supplement"]).order_by("-seq").first()
    )
    return list(asked.data.get("items", [])) if asked else []


def todo(dossier: Dossier) -> str:
    """What the applicant must do now, if anything."""
    if dossier.state == State.RECEPTION_GUIDANCE or dossier.state == State.SUPPLEMENT_REQUESTED:
        return "Bổ sung các giấy tờ: " + "; ".join(requested_items(dossier)) + "."
    if dossier.state == State.FIN_OBLIGATION_PENDING:
        last = dossier.events.order_by("-seq").first()
        return "Thực hiện nghĩa vụ tài chính theo thông báo: " + (last.note if last else "") + "."
    if dossier.state == State.READY_FOR_RETURN:
        where = dossier.receiving_agency.name
        if dossier.delivery == "electronic":
            return "Kết quả điện tử đã sẵn sàng."
        return f"Mời ông/bà mang Giấy tiếp nhận hồ sơ đến {where} để nhận kết quả."
    return ""
