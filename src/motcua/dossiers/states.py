"""The dossier state machine: internal states, national codes, and who may do what.

One table (``TRANSITIONS``) says, for every action, the states it may start from, the state it
leads to and the roles allowed. Services consult it; tests walk it row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.directory.models import Role


class State(models.TextChoices):
    """Trạng thái nội bộ của hồ sơ (mapped to the 10 national codes)."""

    SUBMITTED = "submitted", _("Chờ tiếp nhận")
    RECEPTION_GUIDANCE = "reception_guidance", _("Hướng dẫn bổ sung trước khi tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROCESS = "in_process", _("Đang xử lý")
    INTER_AGENCY = "inter_agency", _("Đang liên thông")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    FIN_OBLIGATION_PENDING = "fin_obligation", _("Chờ thực hiện nghĩa vụ tài chính")
    SUSPENDED = "suspended", _("Tạm dừng xử lý")
    STOPPED = "stopped", _("Dừng giải quyết")
    DECIDED_APPROVED = "decided_approved", _("Đã có kết quả")
    DECIDED_DENIED = "decided_denied", _("Không đủ điều kiện giải quyết")
    READY_FOR_RETURN = "ready_for_return", _("Chờ trả kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    ARCHIVED = "archived", _("Đã lưu trữ")


#: National status codes (TrangThaiHoSo) of the Cổng DVCQG.
NATIONAL_CODE: dict[str, int] = {
    State.SUBMITTED: 1,
    State.RECEPTION_GUIDANCE: 1,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.IN_PROCESS: 4,
    State.INTER_AGENCY: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.FIN_OBLIGATION_PENDING: 6,
    State.SUSPENDED: 8,
    State.STOPPED: 7,
    State.DECIDED_APPROVED: 9,
    State.DECIDED_DENIED: 9,
    State.READY_FOR_RETURN: 9,
    State.RETURNED: 10,
    State.ARCHIVED: 10,
}

NATIONAL_LABEL = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

#: States in which the processing clock runs (đang tính thời gian giải quyết).
CLOCK_RUNNING = {State.RECEIVED, State.IN_PROCESS, State.INTER_AGENCY}
#: States in which the clock is paused (thời gian không tính vào thời hạn).
CLOCK_PAUSED = {State.SUPPLEMENT_REQUESTED, State.FIN_OBLIGATION_PENDING, State.SUSPENDED}
#: States after which no decision can come (hồ sơ đã kết thúc xử lý).
DECIDED = {
    State.DECIDED_APPROVED,
    State.DECIDED_DENIED,
    State.READY_FOR_RETURN,
    State.RETURNED,
    State.ARCHIVED,
}
TERMINAL = {State.REFUSED, State.STOPPED, State.RETURNED, State.ARCHIVED}
OPEN_PROCESSING = CLOCK_RUNNING | CLOCK_PAUSED

DESK = Role.RECEIVING_OFFICER
SPEC = Role.SPECIALIST
HEAD = Role.DEPARTMENT_HEAD
LEAD = Role.AGENCY_LEADER
CLERK = Role.RECORDS_CLERK
WORKERS = frozenset({SPEC, HEAD, LEAD, CLERK})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    roles: frozenset[str]
    #: which agency's staff may act: "receiving" (the centre that holds the dossier at the
    #: desk), "competent" (the processing agency), or "either".
    side: str = "competent"


def _t(action, label, sources, target, roles, side="competent") -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), side)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t(
            "guide",
            "Hướng dẫn bổ sung (Mẫu 02)",
            {State.SUBMITTED},
            State.RECEPTION_GUIDANCE,
            {DESK},
            "receiving",
        ),
        _t(
            "resubmit",
            "Nộp lại hồ sơ đã hoàn thiện",
            {State.RECEPTION_GUIDANCE},
            State.SUBMITTED,
            {DESK},
            "receiving",
        ),
        _t(
            "refuse",
            "Từ chối tiếp nhận (Mẫu 03)",
            {State.SUBMITTED, State.RECEPTION_GUIDANCE},
            State.REFUSED,
            {DESK},
            "receiving",
        ),
        _t(
            "accept",
            "Tiếp nhận, hẹn trả (Mẫu 01)",
            {State.SUBMITTED},
            State.RECEIVED,
            {DESK},
            "receiving",
        ),
        _t("forward", "Chuyển xử lý", {State.RECEIVED}, State.IN_PROCESS, {DESK}, "receiving"),
        _t("hand_over", "Chuyển bước tiếp theo", {State.IN_PROCESS}, None, WORKERS),
        _t("assign", "Phân công", {State.IN_PROCESS}, None, {HEAD, LEAD}),
        _t("send_back", "Chuyển lại bước trước", {State.IN_PROCESS}, None, WORKERS),
        _t(
            "consult",
            "Chuyển liên thông",
            {State.IN_PROCESS},
            State.INTER_AGENCY,
            {SPEC, HEAD, LEAD},
        ),
        _t(
            "consult_done",
            "Nhận kết quả liên thông",
            {State.INTER_AGENCY},
            State.IN_PROCESS,
            {SPEC, HEAD, LEAD},
        ),
        _t(
            "request_supplement",
            "Yêu cầu bổ sung (Mẫu 02)",
            {State.IN_PROCESS},
            State.SUPPLEMENT_REQUESTED,
            {LEAD},
        ),
        _t(
            "receive_supplement",
            "Tiếp nhận hồ sơ bổ sung",
            {State.SUPPLEMENT_REQUESTED},
            State.IN_PROCESS,
            {DESK, SPEC},
            "either",
        ),
        _t("supplement_expired", "Quá hạn bổ sung", {State.SUPPLEMENT_REQUESTED}, None, {LEAD}),
        _t(
            "request_payment",
            "Thông báo nghĩa vụ tài chính",
            {State.IN_PROCESS},
            State.FIN_OBLIGATION_PENDING,
            {SPEC, LEAD},
        ),
        _t(
            "payment_done",
            "Đã thực hiện nghĩa vụ tài chính",
            {State.FIN_OBLIGATION_PENDING},
            State.IN_PROCESS,
            {DESK, SPEC},
            "either",
        ),
        _t("suspend", "Tạm dừng xử lý", {State.IN_PROCESS}, State.SUSPENDED, {LEAD}),
        _t("resume", "Tiếp tục xử lý", {State.SUSPENDED}, State.IN_PROCESS, {LEAD}),
        _t("apologise", "Xin lỗi, hẹn lại (Mẫu 04)", OPEN_PROCESSING, None, {LEAD}),
        _t("correct_due", "Điều chỉnh hạn giải quyết", OPEN_PROCESSING, None, {LEAD}),
        _t("approve", "Phê duyệt kết quả", {State.IN_PROCESS}, State.DECIDED_APPROVED, {LEAD}),
        _t("deny", "Trả lời không đủ điều kiện", {State.IN_PROCESS}, State.DECIDED_DENIED, {LEAD}),
        _t(
            "issue",
            "Vào sổ, phát hành kết quả",
            {State.DECIDED_APPROVED, State.DECIDED_DENIED},
            State.READY_FOR_RETURN,
            {CLERK, LEAD},
        ),
        _t(
            "return_result",
            "Trả kết quả",
            {State.READY_FOR_RETURN},
            State.RETURNED,
            {DESK},
            "receiving",
        ),
        _t(
            "stop",
            "Dừng giải quyết theo yêu cầu (Thông báo dừng)",
            {State.SUBMITTED, State.RECEPTION_GUIDANCE} | OPEN_PROCESSING,
            State.STOPPED,
            {DESK},
            "receiving",
        ),
        _t(
            "archive",
            "Lưu trữ",
            {State.RETURNED, State.REFUSED, State.STOPPED},
            State.ARCHIVED,
            {DESK, CLERK, LEAD},
            "either",
        ),
    ]
}
