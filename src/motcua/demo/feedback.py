"""Demo data of feedback: PAKN officers of Lai Châu and synthetic petitions at every stage.

The staff accounts are always created (tests use them); the petitions only with the demo
dossiers (``load_demo`` without ``--no-dossiers``). Idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model

from motcua.core.calendar import VN_TZ
from motcua.core.selectors import work_calendar
from motcua.directory import services as directory
from motcua.directory.models import Agency, Role

PASSWORD = "motcua-demo"
LAI_CHAU = "12"
MARK = "@pakn.example.test"

STAFF = [
    # username, name, agency, role, department, title
    (
        "pakn.laichau",
        "Quàng Thị Duyên",
        f"vp-ubnd-tinh-{LAI_CHAU}",
        Role.SPECIALIST,
        "kstthc",
        "Chuyên viên tiếp nhận PAKN, Phòng Kiểm soát TTHC",
    ),
    (
        "lanhdaovp.laichau",
        "Lường Văn Khánh",
        f"vp-ubnd-tinh-{LAI_CHAU}",
        Role.AGENCY_LEADER,
        None,
        "Phó Chánh Văn phòng UBND tỉnh",
    ),
]


def load_staff() -> list[str]:
    for username, name, agency_code, role, dept, title in STAFF:
        agency = Agency.objects.get(code=agency_code)
        department = agency.departments.filter(code=dept).first() if dept else None
        existing = get_user_model().objects.filter(username=username).first()
        directory.save_staff(
            username=username,
            full_name=name,
            password=None if existing else PASSWORD,
            roles=[(agency, role, department, title)],
        )
    return [s[0] for s in STAFF]


def _back(today: date, n: int, at: time = time(9)) -> datetime:
    """The n-th working day before ``today`` at ``at`` (Vietnam time)."""
    cal = work_calendar(LAI_CHAU)
    d = today
    while n > 0:
        d -= timedelta(days=1)
        if cal.is_working_day(d):
            n -= 1
    return datetime.combine(d, at, tzinfo=VN_TZ)


def load(now: datetime, *, with_dossiers: bool) -> str | None:
    load_staff()
    if not with_dossiers:
        return None
    from motcua.feedback import services as s
    from motcua.feedback.models import Petition

    if Petition.objects.filter(sender_email__endswith=MARK).exists():
        return None
    User = get_user_model()
    officer = User.objects.get(username="pakn.laichau")
    leader = User.objects.get(username="lanhdaovp.laichau")
    syt_officer = User.objects.get(username="chuyenvien.syt")
    vp = Agency.objects.get(code=f"vp-ubnd-tinh-{LAI_CHAU}")
    syt = Agency.objects.get(code=f"so-y-te-{LAI_CHAU}")
    today = now.astimezone(VN_TZ).date()

    def person(i: int, **kw) -> s.PetitionInput:
        base = dict(
            title="",
            content="",
            sender_name=f"Người gửi minh họa {i}",
            sender_address=f"Bản Minh Họa {i}, xã Bình Lư, tỉnh Lai Châu",
            sender_phone=f"09000000{i:02d}",
            sender_email=f"nguoigui{i}{MARK}",
        )
        base.update(kw)
        return s.PetitionInput(**base)

    def recv(i, when, *, channel="portal", user=None, agency=vp, **kw):
        return s.receive(
            person(i, **kw), agency=agency, channel=channel, now=when, user=user, received_at=when
        )

    made = 0
    # 1. just arrived from the portal form
    recv(
        1,
        min(now, _back(today, 0, time(8))),
        title="Thời gian cấp phiếu lý lịch tư pháp còn dài",
        content="Tôi nộp hồ sơ cấp phiếu lý lịch tư pháp trực tuyến nhưng phải chờ lâu, "
        "đề nghị rút ngắn thời gian giải quyết.",
        procedure_code="",
    )
    made += 1
    # 2. a complaint: refused and redirected under the Law on Complaints
    p = recv(
        2,
        _back(today, 6),
        title="Khiếu nại quyết định xử phạt vi phạm hành chính",
        content="Tôi khiếu nại quyết định xử phạt của Chủ tịch UBND xã đối với gia đình tôi, "
        "đề nghị hủy bỏ quyết định này.",
    )
    s.reject(p, user=officer, now=_back(today, 5, time(10)), ground="complaint")
    made += 1
    # 3. an anonymous letter recorded at the desk, refused
    p = recv(
        3,
        _back(today, 4),
        channel="letter",
        user=officer,
        sender_name="",
        sender_address="",
        sender_phone="",
        sender_email="",
        title="Thư không ký tên về thủ tục đất đai",
        content="Thư không ghi họ tên, địa chỉ phản ánh chung chung về thủ tục đất đai tại xã.",
    )
    s.reject(p, user=officer, now=_back(today, 3), ground="anonymous")
    made += 1
    # 4. a phone call written down, clarification requested
    p = recv(
        4,
        _back(today, 3),
        channel="phone",
        user=officer,
        title="Gọi đường dây nóng về giấy tờ khi đăng ký kết hôn",
        content="Người gọi cho biết xã yêu cầu nộp thêm giấy tờ không có trong thành phần hồ "
        "sơ khi đăng ký kết hôn.",
    )
    s.request_supplement(
        p,
        user=officer,
        now=_back(today, 2),
        question="Đề nghị cho biết tên giấy tờ bị yêu cầu thêm.",
    )
    made += 1
    # 5. accepted and classified, in process
    p = recv(
        5,
        _back(today, 8),
        channel="email",
        user=officer,
        title="Mẫu tờ khai chưa thống nhất giữa các xã",
        content="Các xã dùng mẫu tờ khai khác nhau cho cùng một thủ tục, gây khó khăn cho "
        "người dân khi chuyển nơi cư trú.",
    )
    s.accept(p, user=officer, now=_back(today, 7), national_class="regulation", category="3")
    s.assess(
        p,
        user=officer,
        now=_back(today, 5),
        basis="sufficient",
        criteria={"consistent": "Chưa thống nhất giữa các xã."},
    )
    made += 1
    # 6. transferred to the Department of Health (waiting there)
    p = recv(
        6,
        _back(today, 4),
        title="Cấp giấy phép hành nghề khám bệnh chậm",
        content="Hồ sơ cấp giấy phép hành nghề khám bệnh, chữa bệnh của tôi đã quá hẹn nhưng "
        "chưa có kết quả.",
        kind="petition",
    )
    s.transfer(p, user=officer, now=_back(today, 2), letter_number="15/VP-KSTTHC", to_agency=syt)
    made += 1
    # 7. transferred out of the province's system
    p = recv(
        7,
        _back(today, 9),
        title="Kiến nghị sửa quy định về hồ sơ đăng ký phương tiện",
        content="Đề nghị bộ sửa quy định về giấy tờ đăng ký phương tiện vì không phù hợp thực tế.",
        kind="petition",
    )
    s.transfer(
        p,
        user=officer,
        now=_back(today, 6),
        letter_number="12/VP-KSTTHC",
        to_body="Bộ Công an (qua Cổng Dịch vụ công quốc gia)",
    )
    made += 1

    def answered(i, start, title, content, decision, text, *, cls="regulation", cat="2"):
        p = recv(i, _back(today, start), title=title, content=content)
        s.accept(p, user=officer, now=_back(today, start - 1), national_class=cls, category=cat)
        return s.answer(
            p,
            user=leader,
            now=_back(today, start - 8),
            decision=decision,
            text=text,
            document_number=f"{20 + i}/TL-VP",
        )

    # 8. answered, waiting for publication
    answered(
        8,
        10,
        "Phí chứng thực bản sao chưa niêm yết",
        "Tại bộ phận một cửa xã chưa niêm yết mức phí chứng thực bản sao từ bản chính.",
        "guide",
        "Văn phòng đã đề nghị UBND xã niêm yết công khai mức phí theo quy định hiện hành.",
        cls="staff",
        cat="1",
    )
    made += 1
    # 9. published, readers like it, the sender is satisfied
    p = answered(
        9,
        14,
        "Đề nghị bỏ yêu cầu bản sao có chứng thực",
        "Thủ tục yêu cầu nộp bản sao có chứng thực trong khi cơ quan có thể tự khai thác dữ liệu.",
        "amend",
        "UBND tỉnh đã sửa quy trình nội bộ, bỏ yêu cầu bản sao có chứng thực khi dữ liệu đã có "
        "trong cơ sở dữ liệu quốc gia về dân cư.",
    )
    s.publish(p, user=officer, now=_back(today, 5))
    for n in range(4):
        s.react(p, voter=f"demo-like-{n}", vote="like", now=_back(today, 4))
    s.react(p, voter="demo-dislike-0", vote="dislike", now=_back(today, 4))
    s.rate_answer(p, contact=p.sender_phone, satisfied=True, now=_back(today, 3))
    made += 1
    # 10. published, more dislikes than likes, and a follow-up about the answer
    p = answered(
        10,
        25,
        "Thời hạn giải quyết thủ tục cấp đổi giấy phép lái xe",
        "Đề nghị rút ngắn thời hạn cấp đổi giấy phép lái xe vì quy định hiện nay không phù hợp.",
        "keep",
        "Thời hạn hiện hành do bộ quy định; UBND tỉnh giữ nguyên và giải thích lý do.",
    )
    s.publish(p, user=officer, now=_back(today, 15))
    s.react(p, voter="demo-like-a", vote="like", now=_back(today, 14))
    for n in range(3):
        s.react(p, voter=f"demo-dislike-{n}", vote="dislike", now=_back(today, 14))
    s.follow_up(
        p,
        contact=p.sender_email,
        content="Câu trả lời chưa giải thích vì sao không rút ngắn được thời hạn.",
        now=_back(today, 12),
    )
    made += 2
    # 11. transferred from the national portal, accepted, now overdue
    p = s.receive(
        person(
            11,
            title="Hướng dẫn không thống nhất về hồ sơ hộ kinh doanh",
            content="Hai cán bộ hướng dẫn hai cách khác nhau về hồ sơ đăng ký hộ kinh doanh.",
        ),
        agency=vp,
        channel="national",
        now=_back(today, 20),
        user=officer,
        received_at=_back(today, 20),
        external_ref="DVCQG-PAKN-DEMO-0001",
    )
    s.accept(p, user=officer, now=_back(today, 19), national_class="staff", category="1")
    made += 1
    # 12. the Department of Health answers the one transferred to it earlier
    p = recv(
        12,
        _back(today, 12),
        title="Danh mục giấy tờ cấp phép hành nghề dược",
        content="Danh mục giấy tờ của thủ tục cấp chứng chỉ hành nghề dược trên cổng khác với "
        "quyết định công bố.",
    )
    s.transfer(p, user=officer, now=_back(today, 11), letter_number="9/VP-KSTTHC", to_agency=syt)
    s.accept(p, user=syt_officer, now=_back(today, 10), national_class="regulation", category="3")
    lead_syt = User.objects.get(username="lanhdao.syt")
    s.answer(
        p,
        user=lead_syt,
        now=_back(today, 4),
        decision="propose",
        text="Sở Y tế đã đề nghị Văn phòng UBND tỉnh cập nhật danh mục giấy tờ cho đúng quyết "
        "định công bố.",
    )
    s.publish(p, user=syt_officer, now=_back(today, 3))
    made += 1
    return f"Phản ánh, kiến nghị minh họa: {made} PAKN ở các giai đoạn."
