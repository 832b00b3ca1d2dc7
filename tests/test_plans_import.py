"""Importing plans: the seed plans of Thanh tra tỉnh Lai Châu and xã Bình Lư task by task, the
three file forms, the preview with corrections, cancel saving nothing, and the API."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from motcua.plans import services, tables
from motcua.plans.models import Plan, PlanTarget, PlanTask, TaskOccurrence
from motcua.plans.schedule import Kind, parse
from support import vn

DATA = Path(__file__).parent / "data" / "plans"
TT = (DATA / "thanh-tra-lai-chau-385.txt").read_bytes()
BL = (DATA / "xa-binh-lu.txt").read_bytes()

F, R, C, S, E, P = (
    Kind.FIXED,
    Kind.RECURRING,
    Kind.CONTINUOUS,
    Kind.START,
    Kind.EVENT,
    Kind.DEPENDENT,
)

# (section, number, start of content, lead, deadline text, kind, due)
THANH_TRA = [
    ("I", "1", "Xây kế hoạch thực hiện", "Văn phòng", "Trước 15/02", F, date(2026, 2, 15)),
    ("I", "2", "Xây dựng kế hoạch rà soát", "Văn phòng", "Theo kế hoạch UBND tỉnh", P, None),
    (
        "II",
        "1",
        "Thực hiện quy trình đánh giá tác động",
        "Văn phòng",
        "Khi ban hành văn bản QPPL có quy định TTHC",
        E,
        None,
    ),
    (
        "II",
        "2",
        "Tham gia ý kiến về TTHC",
        "Văn phòng",
        "Khi nhận được văn bản đề nghị ý kiến của cơ quan chủ trì soạn thảo",
        E,
        None,
    ),
    ("III", "1", "Công bố thủ tục hành chính", "Văn phòng", "Thường xuyên trong năm", C, None),
    (
        "III",
        "2",
        "Xây dựng, trình phê duyệt quy trình nội bộ",
        "Văn phòng",
        "Ngay sau khi có Quyết định của Chủ tịch UBND tỉnh",
        E,
        None,
    ),
    (
        "III",
        "3",
        "Công khai TTHC tại nơi tiếp nhận và trả kết quả giải quyết TTHC và trang",
        "Văn phòng",
        "Ngay sau khi có quyết định công bố TTHC của Chủ tịch UBND tỉnh",
        E,
        None,
    ),
    (
        "IV",
        "1",
        "Tổ chức rà soát, đơn giản hóa",
        "Văn phòng",
        "Theo Kế hoạch rà soát, đánh giá TTHC năm 2026 của UBND tỉnh",
        P,
        None,
    ),
    (
        "IV",
        "2",
        "Tiếp tục thực hiện hiệu quả việc công bố",
        "Văn phòng",
        "Theo Kế hoạch của UBND tỉnh",
        P,
        None,
    ),
    (
        "V",
        "1",
        "Tiếp tục triển khai thực hiện có hiệu quả cơ chế",
        "Văn phòng",
        "Thường xuyên",
        C,
        None,
    ),
    ("V", "2", "Cập nhật 100% hồ sơ TTHC", "Văn phòng", "Thường xuyên", C, None),
    (
        "V",
        "3",
        "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC, gắn việc số hóa",
        "Văn phòng",
        "Thường xuyên",
        C,
        None,
    ),
    ("V", "4", "Thực hiện có hiệu quả Bộ chỉ số", "Văn phòng", "Thường xuyên", C, None),
    ("VI", "1", "Tỷ lệ số hóa hồ sơ", "Văn phòng", "Năm 2026", F, date(2026, 12, 31)),
    ("VI", "2", "Tỷ lệ xử lý phản ánh kiến nghị", "Văn phòng", "Năm 2026", F, date(2026, 12, 31)),
    ("VI", "3", "Mức độ hài lòng", "Văn phòng", "Năm 2026", F, date(2026, 12, 31)),
    ("VII", "1", "Xây dựng báo cáo định kỳ", "Văn phòng", "Hàng tháng, quý, năm", R, None),
]

TTPVHCC = "Trung tâm Phục vụ hành chính công"
BINH_LU = [
    ("I", "1", "Xây dựng văn bản chỉ đạo", "Văn phòng HĐND và UBND xã", "Thường xuyên", C, None),
    ("II", "1", "Theo dõi, hướng dẫn, đôn đốc", TTPVHCC, "Thường xuyên", C, None),
    ("II", "2.1", "Đánh giá tác động chính sách", "Các phòng chuyên môn", "Thường xuyên", C, None),
    ("II", "2.2", "100% TTHC được công khai", "Các phòng chuyên môn", "Thường xuyên", C, None),
    (
        "II",
        "2.3",
        "Kiểm soát, tổng hợp chất lượng",
        TTPVHCC,
        "Theo Văn bản hướng dẫn của tỉnh",
        P,
        None,
    ),
    (
        "II",
        "2.4",
        "Xây dựng, trình ban hành Kế hoạch và tổ chức kiểm tra",
        "Phòng Văn hóa - Xã hội",
        "Từ ngày 01/4/2026.",
        S,
        None,
    ),
    ("II", "3.1", "- Cập nhật, bổ sung, công khai", "- Trung tâm", "Thường xuyên", C, None),
    (
        "II",
        "3.2",
        "- Tổ chức thực hiện TTHC trên môi trường điện tử",
        "- Các phòng chuyên môn.",
        "Thường xuyên",
        C,
        None,
    ),
    (
        "II",
        "3.3",
        "Công khai TTHC tại Trung tâm",
        "- Các phòng chuyên môn",
        "Thường xuyên",
        C,
        None,
    ),
    ("II", "3.4", "Mức độ hài lòng", "Các phòng chuyên môn", "Thường xuyên", C, None),
    ("III", "1", "Rà soát tái cấu trúc quy trình", "Các phòng chuyên môn", "Thường xuyên", C, None),
    ("III", "2", "- 100% TTHC có đủ điều kiện", "Các phòng chuyên môn", "Thường xuyên", C, None),
    ("III", "3", "Đạt tỷ lệ khoảng 60%", "Các phòng chuyên môn", "Thường xuyên", C, None),
    (
        "III",
        "4",
        "Đạt tỷ lệ 100% hồ sơ giải quyết",
        "Các phòng chuyên môn",
        "Thường xuyên",
        C,
        None,
    ),
    ("III", "5", "- Đạt tỷ lệ 100% số hóa", "Các phòng chuyên môn", "Thường xuyên", C, None),
    (
        "III",
        "6",
        "TTHC được thực hiện không phụ thuộc",
        "- Các phòng chuyên môn",
        "Thường xuyên",
        C,
        None,
    ),
    ("III", "7", "Đạt tỷ lệ tối thiểu 80%", "- Các phòng chuyên môn", "Thường xuyên", C, None),
    ("IV", "1", "Tiếp nhận, phân loại", TTPVHCC, "Thường xuyên", C, None),
    ("IV", "2", "Xử lý phản ánh, kiến nghị", "- Các phòng chuyên môn", "Thường xuyên", C, None),
    ("IV", "3", "Công khai kết quả xử lý", TTPVHCC, "Thường xuyên", C, None),
    ("V", "1", "Tuyên truyền về cải cách TTHC", "- Các phòng chuyên môn", "Thường xuyên", C, None),
    (
        "V",
        "2",
        "Tuyên truyền nâng cao nhận thức",
        "- Các phòng chuyên môn",
        "Thường xuyên",
        C,
        None,
    ),
    (
        "V",
        "3",
        "Theo dõi, tổng hợp và đề xuất",
        "- Trung tâm",
        "Thường xuyên trong năm 2026.",
        C,
        date(2026, 12, 31),
    ),
    (
        "V",
        "4",
        "Nghiên cứu, đề xuất các giải pháp",
        "- Các phòng chuyên môn",
        "Thường xuyên",
        C,
        None,
    ),
    (
        "V",
        "5",
        "Tham gia tập huấn",
        "- Các phòng chuyên môn",
        "Thường xuyên hoặc theo lộ trình của tỉnh",
        C,
        None,
    ),
    ("V", "6", "Báo cáo định kỳ hoặc đột xuất", TTPVHCC, "Thường xuyên", C, None),
]


def _check(draft: tables.Draft, expected: list) -> None:
    assert len(draft.tasks) == len(expected)
    for t, (sec, num, content, lead, deadline, kind, due) in zip(
        draft.tasks, expected, strict=True
    ):
        assert (t.section, t.number) == (sec, num), t
        assert t.content.startswith(content), (t.number, t.content)
        assert t.lead.startswith(lead), (t.number, t.lead)
        assert t.deadline == deadline, (t.number, t.deadline)
        s = parse(t.deadline, year=2026)
        assert s.kind == kind, (t.number, t.deadline, s.kind)
        assert s.due == due, (t.number, s.due)


def test_thanh_tra_lai_chau_plan_reads_every_task_and_schedule():
    draft = tables.read_file(TT, "thanh-tra.txt")
    assert [s.number for s in draft.sections] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert draft.sections[4].title.startswith("Thực hiện chế độ một cửa")
    _check(draft, THANH_TRA)
    assert (draft.number, draft.issued_on, draft.place) == (
        "385/KH-TTr",
        date(2026, 2, 13),
        "Lai Châu",
    )
    assert draft.year == 2026
    assert "Quyết định số 191/QĐ-UBND" in draft.legal_basis
    assert draft.purpose.startswith("Triển khai thực hiện hiệu quả")
    # cells broken across the page are joined back
    t33 = draft.tasks[6]
    assert t33.content.endswith("tiếp nhận, giải quyết TTHC")
    assert t33.product == "TTHC được niêm yết, công khai theo quy định"
    assert t33.deadline.endswith("của Chủ tịch UBND tỉnh")
    v3 = draft.tasks[11]
    assert "gắn việc số hóa với việc thực hiện nhiệm vụ của CBCC" in v3.content
    assert draft.tasks[0].cooperating == "Các phòng nghiệp vụ"
    assert draft.tasks[0].product == "Kế hoạch kiểm soát TTHC"


def test_binh_lu_plan_reads_groups_continuations_and_merged_cells():
    draft = tables.read_file(BL, "binh-lu.txt")
    assert [s.number for s in draft.sections] == ["I", "II", "III", "IV", "V"]
    _check(draft, BINH_LU)
    assert draft.year == 2026 and draft.place == "Bình Lưu"
    # the row after the page break belongs to task II.1
    assert draft.tasks[1].content.endswith("- Đánh giá chất lượng việc giải quyết TTHC;")
    # tasks under "2. Tổ chức thực hiện các nhiệm vụ kiểm soát TTHC:" carry their group
    assert draft.tasks[2].group == "Tổ chức thực hiện các nhiệm vụ kiểm soát TTHC"
    # column order differs from the inspectorate's (deadline before product)
    assert draft.tasks[5].product == "Kế hoạch và quyết định thành lập đoàn kiểm tra."
    # an empty deadline cell under a group is the merged cell above
    assert draft.tasks[7].inherited and not draft.tasks[6].inherited
    # HTML left in cells by the conversion is removed
    assert (
        "<ul" not in draft.tasks[20].lead
        and "Trung tâm Dịch vụ tổng hợp xã" in draft.tasks[20].lead
    )


def _docx(rows: list[list[str]]) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Số: 12/KH-UBND")
    d.add_paragraph("Bình Lư, ngày 05 tháng 3 năm 2026")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Kiểm tra thử năm 2026")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            t.cell(i, j).text = v
    # a section row merged across the table, as in real plans
    sec = t.rows[1].cells
    sec[1].merge(sec[-1])
    t.cell(1, 1).text = "Công tác chỉ đạo"
    # one deadline cell merged down over two tasks
    if len(rows) > 5:
        merged = t.cell(4, 4).merge(t.cell(5, 4))
        merged.text = "Thường xuyên"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


ROWS = [
    ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành", "Sản phẩm"],
    ["I", "", "", "", "", ""],
    ["1", "Ban hành kế hoạch", "Văn phòng", "Các phòng", "Trong tháng 3", "Kế hoạch"],
    ["2", "Báo cáo kết quả", "Văn phòng", "", "Định kỳ 6 tháng, năm", "Báo cáo"],
    ["3", "Đạt tỷ lệ 95% hồ sơ trực tuyến", "Các phòng", "", "Quý IV", ""],
]


def test_docx_table_is_read_with_merged_cells_and_heading():
    draft = tables.read_file(_docx(ROWS), "ke-hoach.docx")
    assert [s.title for s in draft.sections] == ["Công tác chỉ đạo"]
    assert [t.number for t in draft.tasks] == ["1", "2", "3"]
    assert [t.deadline for t in draft.tasks] == ["Trong tháng 3", "Định kỳ 6 tháng, năm", "Quý IV"]
    assert draft.tasks[0].product == "Kế hoạch"
    assert (draft.number, draft.issued_on, draft.title) == (
        "12/KH-UBND",
        date(2026, 3, 5),
        "Kiểm tra thử năm 2026",
    )


def test_xlsx_table_is_read():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC NHIỆM VỤ"])
    for r in ROWS:
        ws.append(r)
    ws.merge_cells("B3:F3")
    ws["B3"] = "Công tác chỉ đạo"
    buf = io.BytesIO()
    wb.save(buf)
    draft = tables.read_file(buf.getvalue(), "ke-hoach.xlsx")
    assert len(draft.tasks) == 3 and draft.sections[0].title == "Công tác chỉ đạo"
    assert parse(draft.tasks[1].deadline, year=2026).periods == ["half", "year"]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"just some words", "a.txt", "no_task_table"),
        (b"PK\x03\x04garbage", "a.docx", "bad_docx"),
        (b"PK\x03\x04garbage", "a.xlsx", "bad_xlsx"),
        ("Nội dung\tChủ trì\tThời gian\n".encode("utf-16"), "a.txt", "bad_encoding"),
        ("STT\tNội dung\tChủ trì\tThời gian\nI\tNhóm\t\t\n".encode(), "a.txt", "no_tasks"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_code(data, name, code):
    with pytest.raises(tables.ImportError_) as exc:
        tables.read_file(data, name)
    assert exc.value.code == code and exc.value.message


@pytest.mark.django_db
def test_saved_plan_keeps_original_text_and_creates_occurrences_and_targets(agency):
    draft = tables.read_file(TT, "tt.txt")
    plan = services.create_plan(
        draft,
        owner_kind="agency",
        agency=agency("thanh-tra-tinh-12"),
        year=2026,
        read_as={1: "Trước 30/6/2026"},
        actor=None,
        now=vn(2026, 2, 14, 9),
    )
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 17 and plan.sections.count() == 7
    t2 = tasks[1]
    assert t2.deadline_text == "Theo kế hoạch UBND tỉnh" and t2.read_as == "Trước 30/6/2026"
    assert t2.schedule_kind == "fixed" and t2.due_on == date(2026, 6, 30)
    assert t2.schedule["text"] == "Theo kế hoạch UBND tỉnh"
    report = tasks[-1]
    # 11 monthly (February on, due the 18th) + 4 quarterly + 1 yearly
    assert report.occurrences.count() == 16
    assert not tasks[2].occurrences.exists()  # event-triggered: none until an event is logged
    assert tasks[4].occurrences.count() == 4  # continuous: one assessment per quarter
    targets = {t.measure_key: t.value for t in PlanTarget.objects.filter(plan=plan)}
    assert targets == {"digitised": 90, "feedback_on_time": 100, "satisfied": 90, "": 100}
    # "Cập nhật 100% hồ sơ TTHC … lên Hệ thống": a target with no supervision measure
    assert PlanTarget.objects.get(plan=plan, measure_key="").text.startswith("Cập nhật 100%")
    assert plan.parent_ref.startswith("Quyết định số 191/QĐ-UBND ngày 30/01/2026")


@pytest.mark.django_db
def test_preview_corrects_a_deadline_and_saves(login):
    c = login("chuyenvien.thanhtra")
    before = Plan.objects.count()
    r = c.post(
        "/ke-hoach/nhap/",
        {"cap": "agency", "co_quan": "thanh-tra-tinh-12", "tep": io.BytesIO(TT)},
    )
    assert r.status_code == 302 and r.url == "/ke-hoach/nhap/xem-truoc/"
    page = c.get(r.url).content.decode()
    assert page.count('name="read_as-') == 17
    assert "Hoàn thành chậm nhất ngày 15/02/2026" in page
    assert "Mỗi lần phát sinh" in page and "Phụ thuộc: Kế hoạch UBND tỉnh" in page
    assert Plan.objects.count() == before  # nothing saved by reading
    form = {
        "so": "385/KH-TTr",
        "trich_yeu": "Triển khai công tác kiểm soát TTHC trọng tâm năm 2026",
        "nam": "2026",
        "cap": "agency",
        "co_quan": "thanh-tra-tinh-12",
        "read_as-1": "Trước 30/6/2026",
    }
    refreshed = c.post(r.url, {**form, "action": "refresh"}).content.decode()
    assert "Hoàn thành chậm nhất ngày 30/06/2026" in refreshed
    assert Plan.objects.count() == before
    saved = c.post(r.url, {**form, "action": "save"})
    assert saved.status_code == 302
    plan = Plan.objects.latest("id")
    assert plan.tasks.count() == 17 and plan.created_by.username == "chuyenvien.thanhtra"
    assert plan.tasks.get(order=1).due_on == date(2026, 6, 30)


@pytest.mark.django_db
def test_preview_cancel_saves_nothing_and_unknown_blocks_saving(login):
    c = login("chuyenvien.thanhtra")
    before = (Plan.objects.count(), PlanTask.objects.count(), TaskOccurrence.objects.count())
    text = TT.decode().replace("Trước 15/02", "Sớm nhất có thể")
    c.post("/ke-hoach/nhap/", {"cap": "agency", "co_quan": "thanh-tra-tinh-12", "van_ban": text})
    form = {"nam": "2026", "cap": "agency", "co_quan": "thanh-tra-tinh-12", "action": "save"}
    r = c.post("/ke-hoach/nhap/xem-truoc/", form)
    assert r.status_code == 400
    assert "1 nhiệm vụ chưa hiểu được thời hạn" in r.content.decode()
    r = c.post("/ke-hoach/nhap/xem-truoc/", {**form, "action": "cancel"})
    assert r.status_code == 302
    assert (
        Plan.objects.count(),
        PlanTask.objects.count(),
        TaskOccurrence.objects.count(),
    ) == before
    assert c.get("/ke-hoach/nhap/xem-truoc/").status_code == 302  # the draft is gone


@pytest.mark.django_db
def test_import_refuses_an_agency_outside_the_officers_scope(login):
    c = login("chuyenvien.thanhtra")
    c.post("/ke-hoach/nhap/", {"cap": "agency", "co_quan": "so-y-te-12", "tep": io.BytesIO(TT)})
    r = c.post(
        "/ke-hoach/nhap/xem-truoc/",
        {"nam": "2026", "cap": "agency", "co_quan": "so-y-te-12", "action": "save"},
    )
    assert r.status_code == 400 and "Hãy chọn cơ quan ban hành" in r.content.decode()


@pytest.mark.django_db
def test_api_preview_then_create(api):
    c = api("chuyenvien.thanhtra")
    r = c.post("/api/v1/plans/import-preview", {"file": io.BytesIO(BL)}, format="multipart")
    assert r.status_code == 200, r.content
    body = r.json()
    assert len(body["tasks"]) == 26
    assert body["tasks"][5]["schedule"]["kind"] == "start"
    assert body["tasks"][5]["schedule"]["start"] == "2026-04-01"
    r = c.post(
        "/api/v1/plans/create",
        {
            "draft": body["draft"],
            "owner_kind": "agency",
            "agency": "thanh-tra-tinh-12",
            "year": 2026,
            "read_as": {"0": "Hằng quý"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    plan = r.json()
    assert len(plan["tasks"]) == 26
    assert plan["tasks"][0]["deadline_text"] == "Thường xuyên"
    assert plan["tasks"][0]["schedule"]["kind"] == "recurring"
    assert {t["measure_key"] for t in plan["targets"]} >= {"paid_online", "online", "digitised"}
    assert all(t["actual"] is None or 0 <= t["actual"] <= 1 for t in plan["targets"])
    bad = c.post(
        "/api/v1/plans/create",
        {"draft": body["draft"], "owner_kind": "agency", "agency": "so-y-te-12", "year": 2026},
        format="json",
    )
    assert bad.status_code == 403 and bad.json()["code"] == "agency_out_of_scope"
    missing = c.post("/api/v1/plans/import-preview", {}, format="multipart")
    assert missing.status_code == 400 and missing.json()["code"] == "no_file"


def test_lettered_items_and_other_headings_in_text_form():
    text = "\n".join(
        [
            "Số: 07/KH-SYT",
            "Lai Châu, ngày 20 tháng 02 năm 2026",
            "TT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\tSản phẩm"
            "\tGhi chú",
            "I.\tRà soát, đơn giản hóa TTHC\t\t\t\t\t",
            "1.\tRà soát các TTHC lĩnh vực y tế:\tPhòng Nghiệp vụ Y\t\tQuý III\tBáo cáo\t",
            "a)\tKhám bệnh, chữa bệnh\tPhòng Nghiệp vụ Y\t\tTrước 30/6/2026\tPhương án\t",
            "b)\tDược, mỹ phẩm\tPhòng Nghiệp vụ Dược\t\t\tPhương án\t",
            "2.\tBáo cáo kết quả thực hiện\tVăn phòng Sở\tCác phòng\tTrước ngày 15 hằng tháng\t\t",
        ]
    )
    draft = tables.read_file(text.encode(), "syt.txt")
    assert [t.number for t in draft.tasks] == ["1", "1.a", "1.b", "2"]
    a, b = draft.tasks[1], draft.tasks[2]
    assert a.deadline == "Trước 30/6/2026" and a.lead == "Phòng Nghiệp vụ Y"
    assert b.deadline == "Trước 30/6/2026" and b.inherited  # merged cell
    assert parse(draft.tasks[3].deadline, year=2026).due_day == 15
    assert draft.number == "07/KH-SYT" and draft.issued_on == date(2026, 2, 20)


def test_repeated_headings_and_column_numbers_are_not_tasks():
    head = "STT\tNội dung công việc\tChủ trì\tPhối hợp\tKết quả công việc\tThời gian"
    text = "\n".join(
        [
            head,
            "(1)\t(2)\t(3)\t(4)\t(5)\t(6)",
            "I\tNhóm một\t\t\t\t",
            "1\tViệc một\tVăn phòng\t\tBáo cáo\tQuý I",
            "",
            head,
            "2\tViệc hai\tVăn phòng\t\tBáo cáo\tHằng quý",
        ]
    )
    draft = tables.read_file(text.encode(), "a.txt")
    assert [(t.number, t.deadline) for t in draft.tasks] == [("1", "Quý I"), ("2", "Hằng quý")]


@pytest.mark.django_db
def test_targets_of_the_plan_text_are_kept_once(agency):
    # the heading and "II. MỤC TIÊU" of Sở Y tế's plan (text cut into lines) and a small table
    data = (DATA / "so-y-te-muc-tieu.txt").read_bytes()
    draft = tables.read_file(data, "syt.txt")
    assert any(b.startswith("Tỷ lệ hồ sơ giải quyết trực tuyến") for b in draft.targets)
    plan = services.create_plan(
        draft,
        owner_kind="agency",
        agency=agency("so-y-te-12"),
        year=2026,
        actor=None,
        now=vn(2026, 2, 20, 9),
    )
    keyed = list(plan.targets.exclude(measure_key="").values_list("measure_key", "value"))
    assert sorted(keyed) == sorted(
        [
            ("digitised", 90),  # in the table and in the text: once
            ("paid_online", 60),
            ("online", 80),
            ("e_result", 100),
            ("satisfied", 95),
            ("feedback_on_time", 100),
        ]
    )
    # "khai thác, sử dụng lại thông tin dữ liệu số hóa" is not the digitisation rate
    reuse = plan.targets.get(text__contains="sử dụng lại")
    assert reuse.measure_key == "" and reuse.value == 80
    assert plan.targets.get(measure_key="digitised").task is not None


def test_docx_deadline_merged_down_applies_to_each_task():
    rows = [*ROWS, ["4", "Công khai TTHC", "Các phòng", "", "", "Niêm yết"]]
    draft = tables.read_file(_docx(rows), "ke-hoach.docx")
    assert [t.deadline for t in draft.tasks[2:]] == ["Thường xuyên", "Thường xuyên"]


def test_numbered_task_with_an_empty_deadline_takes_the_one_above():
    text = "\n".join(
        [
            "STT\tNội dung\tChủ trì\tPhối hợp\tSản phẩm\tThời gian",
            "I\tNhóm\t\t\t\t",
            "1\tViệc một\tVăn phòng\t\tBáo cáo\tThường xuyên",
            "2\tViệc hai\tVăn phòng\t\tBáo cáo\t",
            "II\tNhóm hai\t\t\t\t",
            "1\tViệc ba\tVăn phòng\t\tBáo cáo\t",
        ]
    )
    draft = tables.read_file(text.encode(), "a.txt")
    assert [(t.deadline, t.inherited) for t in draft.tasks] == [
        ("Thường xuyên", False),
        ("Thường xuyên", True),
        ("", False),  # a new section does not inherit: the officer decides in the preview
    ]
