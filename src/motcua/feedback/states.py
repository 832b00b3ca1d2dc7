"""States, actions and grounds of a petition (phản ánh, kiến nghị — PAKN), in one table.

``TRANSITIONS`` says, for every action, the states it may start from and the state it leads
to; the services consult it, the screens and the API show only the actions allowed now, the
tests walk it row by row. Status lists of the national portal (Cổng DVCQG) are in
``PORTAL_LIST`` (spec feedback.md §7).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Trạng thái nội bộ của PAKN (spec feedback.md §7)."""

    PENDING = "pending", _("Chờ tiếp nhận")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung thông tin")
    IN_PROCESS = "in_process", _("Đang xử lý")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan khác")
    AWAITING_PUBLICATION = "awaiting_publication", _("Chờ công khai")
    PUBLISHED = "published", _("Đã công khai")
    ARCHIVED = "archived", _("Đã lưu trữ")


class PortalList(models.TextChoices):
    """The three lists of the national portal a state belongs to."""

    WAITING = "waiting", _("Chờ tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DONE = "done", _("Đã xử lý")


PORTAL_LIST: dict[str, str] = {
    State.PENDING: PortalList.WAITING,
    State.IN_PROCESS: PortalList.IN_PROGRESS,
    State.REJECTED: PortalList.DONE,
    State.SUPPLEMENT_REQUESTED: PortalList.DONE,
    State.TRANSFERRED: PortalList.DONE,
    State.AWAITING_PUBLICATION: PortalList.DONE,
    State.PUBLISHED: PortalList.DONE,
    State.ARCHIVED: PortalList.DONE,
}

#: States in which the agency still owes the petition something (for overdue lists).
OPEN_STATES = frozenset({State.PENDING, State.IN_PROCESS, State.AWAITING_PUBLICATION})


class Action(models.TextChoices):
    """Hành động trong lịch sử PAKN (each one is an event)."""

    RECEIVED = "received", _("Tiếp nhận PAKN")
    IMPORTED = "imported", _("Nhận PAKN chuyển từ Cổng Dịch vụ công quốc gia")
    ACCEPTED = "accepted", _("Tiếp nhận xử lý")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    CLASSIFIED = "classified", _("Phân loại")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Đề nghị làm rõ, bổ sung thông tin")
    SUPPLEMENTED = "supplemented", _("Người gửi bổ sung thông tin")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")
    ASSESSED = "assessed", _("Nghiên cứu, đánh giá")
    ANSWERED = "answered", _("Quyết định xử lý, ký văn bản trả lời")
    PUBLISHED = "published", _("Công khai kết quả")
    SENDER_RATED = "sender_rated", _("Người gửi đánh giá kết quả")
    FOLLOWED_UP = "followed_up", _("Có phản ánh tiếp về kết quả")
    ARCHIVED = "archived", _("Lưu trữ")


#: Actions that (re)start the handling clock of the agency holding the petition: the citizen's
#: sending, a transfer from the national portal or another body, and the sender's supplement
#: (the portal puts "Phản ánh đã bổ sung" back in "Chờ tiếp nhận").
CLOCK_STARTS = frozenset({Action.RECEIVED, Action.IMPORTED, Action.SUPPLEMENTED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    leader_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Action.ACCEPTED, frozenset({State.PENDING}), State.IN_PROCESS),
        Transition(Action.REJECTED, frozenset({State.PENDING}), State.REJECTED),
        Transition(
            Action.CLASSIFIED,
            frozenset({State.PENDING, State.IN_PROCESS, State.AWAITING_PUBLICATION}),
            None,
        ),
        Transition(
            Action.SUPPLEMENT_REQUESTED,
            frozenset({State.PENDING, State.IN_PROCESS}),
            State.SUPPLEMENT_REQUESTED,
        ),
        Transition(Action.SUPPLEMENTED, frozenset({State.SUPPLEMENT_REQUESTED}), State.PENDING),
        # to an agency in motcua the petition waits there (PENDING); outside: TRANSFERRED
        Transition(
            Action.TRANSFERRED, frozenset({State.PENDING, State.IN_PROCESS}), State.TRANSFERRED
        ),
        Transition(Action.ASSESSED, frozenset({State.IN_PROCESS}), None),
        Transition(
            Action.ANSWERED,
            frozenset({State.IN_PROCESS}),
            State.AWAITING_PUBLICATION,
            leader_only=True,
        ),
        Transition(Action.PUBLISHED, frozenset({State.AWAITING_PUBLICATION}), State.PUBLISHED),
        Transition(
            Action.ARCHIVED,
            frozenset({State.REJECTED, State.TRANSFERRED, State.PUBLISHED}),
            State.ARCHIVED,
        ),
    ]
}


class Channel(models.TextChoices):
    """Hình thức tiếp nhận (ND 20/2008 Điều 6; DVCQG)."""

    PORTAL = "portal", _("Cổng dịch vụ công (biểu mẫu trực tuyến)")
    LETTER = "letter", _("Văn bản gửi trực tiếp hoặc qua bưu chính")
    VISIT = "visit", _("Trực tiếp tại cơ quan")
    PHONE = "phone", _("Điện thoại (đường dây nóng)")
    EMAIL = "email", _("Thư điện tử")
    NATIONAL = "national", _("Chuyển từ Cổng Dịch vụ công quốc gia")


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh")
    PETITION = "petition", _("Kiến nghị")


class SenderKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class NationalClass(models.TextChoices):
    """Phân loại của Cổng DVCQG, dùng cho chỉ số 5.1 QĐ 766."""

    REGULATION = "regulation", _("Quy định, chính sách, thủ tục hành chính")
    STAFF = "staff", _("Hành vi của cán bộ, công chức")


class Category(models.TextChoices):
    """Nội dung phản ánh, kiến nghị (ND 20/2008 Điều 5, khoản 1–8)."""

    C1 = (
        "1",
        _(
            "Vướng mắc do hành vi chậm trễ, gây phiền hà hoặc không thực hiện, thực hiện "
            "không đúng quy định hành chính của cơ quan, cán bộ, công chức"
        ),
    )
    C2 = "2", _("Quy định hành chính không phù hợp với thực tế")
    C3 = "3", _("Quy định hành chính không đồng bộ, không thống nhất")
    C4 = "4", _("Quy định hành chính không hợp pháp")
    C5 = "5", _("Quy định hành chính trái với điều ước quốc tế")
    C6 = "6", _("Vấn đề khác liên quan đến quy định hành chính")
    C7 = "7", _("Phương án xử lý những phản ánh nêu trên")
    C8 = "8", _("Sáng kiến ban hành mới quy định hành chính")


class Ground(models.TextChoices):
    """Lý do không tiếp nhận (ND 20/2008 Điều 3, 7, 9; quy chế Cổng DVCQG)."""

    COMPLAINT = "complaint", _("Là khiếu nại — thuộc phạm vi Luật Khiếu nại")
    DENUNCIATION = "denunciation", _("Là tố cáo — thuộc phạm vi Luật Tố cáo")
    ANONYMOUS = "anonymous", _("Không rõ họ tên, địa chỉ, số điện thoại hoặc thư điện tử")
    ABUSIVE = "abusive", _("Ngôn từ thiếu văn hóa, xúc phạm")
    NOT_VIETNAMESE = "not_vietnamese", _("Không sử dụng tiếng Việt")
    UNCLEAR = "unclear", _("Nội dung không rõ ràng, không cụ thể")
    OUT_OF_SCOPE = "out_of_scope", _("Không liên quan đến quy định hành chính")
    DUPLICATE = "duplicate", _("Nội dung đã được xử lý hoặc đang được xử lý")


#: Where a refused petition belongs, told to the citizen with the refusal.
REDIRECT_HINT: dict[str, str] = {
    Ground.COMPLAINT: (
        "Nội dung là khiếu nại đối với quyết định hành chính, hành vi hành chính; đề nghị gửi "
        "đơn khiếu nại đến người có thẩm quyền giải quyết theo Luật Khiếu nại năm 2011 "
        "(thường là thủ trưởng cơ quan đã ban hành quyết định hoặc có cán bộ thực hiện hành vi)."
    ),
    Ground.DENUNCIATION: (
        "Nội dung là tố cáo hành vi vi phạm pháp luật; đề nghị gửi đơn tố cáo đến cơ quan, tổ "
        "chức, cá nhân có thẩm quyền theo Luật Tố cáo năm 2018 (thanh tra hoặc thủ trưởng cơ "
        "quan quản lý người bị tố cáo)."
    ),
}


class Decision(models.TextChoices):
    """Hình thức xử lý (ND 20/2008 Điều 15)."""

    AMEND = "amend", _("Sửa đổi, bổ sung, thay thế hoặc bãi bỏ quy định thuộc thẩm quyền")
    PROPOSE = "propose", _("Kiến nghị cơ quan có thẩm quyền xử lý")
    NEW_RULE = "new_rule", _("Ban hành hoặc kiến nghị ban hành quy định mới")
    KEEP = "keep", _("Giữ nguyên quy định và giải thích, hướng dẫn")
    GUIDE = "guide", _("Hướng dẫn, giải đáp; chấn chỉnh cán bộ, công chức")


class Basis(models.TextChoices):
    """Kết quả phân loại nghiên cứu (ND 20/2008 Điều 14)."""

    SUFFICIENT = "sufficient", _("Đủ cơ sở để xử lý")
    INSUFFICIENT = "insufficient", _("Chưa đủ cơ sở để xử lý")


#: The six assessment criteria of ND 20/2008 Điều 14 (đánh giá quy định hành chính).
CRITERIA: dict[str, str] = {
    "necessary": "Sự cần thiết",
    "lawful": "Tính hợp lý, hợp pháp",
    "simple": "Đơn giản, dễ hiểu, dễ thực hiện",
    "feasible": "Tính khả thi",
    "consistent": "Tính thống nhất, đồng bộ",
    "treaty": "Phù hợp với điều ước quốc tế",
}


class Vote(models.TextChoices):
    LIKE = "like", _("Thích")
    DISLIKE = "dislike", _("Không thích")
