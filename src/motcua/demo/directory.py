"""Demo directory: agency types, the agencies of Lai Châu and Lạng Sơn, and demo staff.

Every person here is synthetic. Electronic IDs (mã định danh) follow the shape of
QĐ 20/2020/QĐ-TTg codes but are demo values, not the official ones.
"""

from __future__ import annotations

from motcua.directory import services
from motcua.directory.models import AdminUnit, Agency, AgencyLevel, Department, Role

DEMO_PASSWORD = "motcua-demo"
LAI_CHAU, LANG_SON, BINH_LU = "12", "20", "03390"

AGENCY_TYPES = [
    {"code": "ubnd-tinh", "name": "Ủy ban nhân dân tỉnh", "level": AgencyLevel.PROVINCE},
    {
        "code": "vp-ubnd-tinh",
        "name": "Văn phòng Ủy ban nhân dân tỉnh",
        "level": AgencyLevel.PROVINCE,
        "is_supervising_office": True,
    },
    {
        "code": "ttpvhcc-tinh",
        "name": "Trung tâm Phục vụ hành chính công tỉnh",
        "level": AgencyLevel.PROVINCE,
        "is_service_centre": True,
    },
    {"code": "so-y-te", "name": "Sở Y tế", "level": AgencyLevel.PROVINCE},
    {"code": "so-tu-phap", "name": "Sở Tư pháp", "level": AgencyLevel.PROVINCE},
    {"code": "so-noi-vu", "name": "Sở Nội vụ", "level": AgencyLevel.PROVINCE},
    {"code": "thanh-tra-tinh", "name": "Thanh tra tỉnh", "level": AgencyLevel.PROVINCE},
    {
        "code": "ubnd-xa",
        "name": "Ủy ban nhân dân xã, phường, đặc khu",
        "level": AgencyLevel.COMMUNE,
    },
    {
        "code": "ttpvhcc-xa",
        "name": "Trung tâm Phục vụ hành chính công xã, phường, đặc khu",
        "level": AgencyLevel.COMMUNE,
        "is_service_centre": True,
    },
    {"code": "cong-an-xa", "name": "Công an xã, phường, đặc khu", "level": AgencyLevel.COMMUNE},
]

PROVINCE_AGENCIES = [
    # (type, name pattern, short name, number in the electronic id, departments)
    ("ubnd-tinh", "Ủy ban nhân dân {p}", "UBND tỉnh", "00", []),
    (
        "vp-ubnd-tinh",
        "Văn phòng Ủy ban nhân dân {p}",
        "VP UBND tỉnh",
        "01",
        [("kstthc", "Phòng Kiểm soát thủ tục hành chính")],
    ),
    (
        "ttpvhcc-tinh",
        "Trung tâm Phục vụ hành chính công {p}",
        "TTPVHCC tỉnh",
        "02",
        [("tiep-nhan", "Bộ phận Tiếp nhận và Trả kết quả")],
    ),
    (
        "so-y-te",
        "Sở Y tế {p}",
        "Sở Y tế",
        "10",
        [
            ("nghiep-vu-y", "Phòng Nghiệp vụ Y"),
            ("nghiep-vu-duoc", "Phòng Nghiệp vụ Dược"),
            ("van-phong", "Văn phòng Sở"),
        ],
    ),
    (
        "so-tu-phap",
        "Sở Tư pháp {p}",
        "Sở Tư pháp",
        "11",
        [("hanh-chinh-tu-phap", "Phòng Hành chính tư pháp"), ("van-phong", "Văn phòng Sở")],
    ),
    (
        "so-noi-vu",
        "Sở Nội vụ {p}",
        "Sở Nội vụ",
        "12",
        [("to-chuc-bien-che", "Phòng Tổ chức, biên chế"), ("van-phong", "Văn phòng Sở")],
    ),
    (
        "thanh-tra-tinh",
        "Thanh tra {p}",
        "Thanh tra tỉnh",
        "13",
        [("tiep-cong-dan", "Phòng Tiếp công dân, xử lý đơn"), ("van-phong", "Văn phòng")],
    ),
]

COMMUNE_AGENCIES = [
    (
        "ubnd-xa",
        "Ủy ban nhân dân {c}",
        "UBND {c}",
        "1",
        [("van-hoa-xa-hoi", "Phòng Văn hóa - Xã hội"), ("van-phong", "Văn phòng HĐND và UBND")],
    ),
    ("ttpvhcc-xa", "Trung tâm Phục vụ hành chính công {c}", "TTPVHCC {c}", "2", []),
    ("cong-an-xa", "Công an {c}", "Công an {c}", "3", []),
]


def _province_label(unit: AdminUnit) -> str:
    return unit.name.replace("Tỉnh", "tỉnh").replace("Thành phố", "thành phố")


def load_agencies(province_codes: tuple[str, ...] = (LAI_CHAU, LANG_SON)) -> int:
    """Create the provincial agencies and, for every commune, its UBND, centre and police."""
    types = services.ensure_agency_types(AGENCY_TYPES)
    count = 0
    for pcode in province_codes:
        province = AdminUnit.objects.get(code=pcode, parent__isnull=True, valid_to__isnull=True)
        label = _province_label(province)
        ubnd = None
        for type_code, pattern, short, num, departments in PROVINCE_AGENCIES:
            agency = services.save_agency(
                code=f"{type_code}-{pcode}",
                name=pattern.format(p=label),
                short_name=short,
                agency_type=types[type_code],
                unit=province,
                parent=ubnd if type_code != "ubnd-tinh" else None,
                electronic_id=f"000.{num}.00.H{pcode}",
            )
            ubnd = ubnd or agency
            for dcode, dname in departments:
                Department.objects.update_or_create(
                    agency=agency, code=dcode, defaults={"name": dname}
                )
            count += 1
        communes = AdminUnit.objects.filter(parent=province, valid_to__isnull=True)
        for commune in communes:
            commune_ubnd = None
            inline = _inline(commune.name)
            for type_code, pattern, short, num, departments in COMMUNE_AGENCIES:
                agency = services.save_agency(
                    code=f"{type_code}-{commune.code}",
                    name=pattern.format(c=inline),
                    short_name=short.format(c=inline),
                    agency_type=types[type_code],
                    unit=commune,
                    parent=commune_ubnd,
                    electronic_id=f"{num}{commune.code}.H{pcode}",
                )
                commune_ubnd = commune_ubnd or agency
                for dcode, dname in departments:
                    Department.objects.update_or_create(
                        agency=agency, code=dcode, defaults={"name": dname}
                    )
                count += 1
    return count


# username, full name (synthetic), agency code, role, department code, title
DEMO_STAFF = [
    (
        "tiepnhan.binhlu",
        "Lò Thị Hoa",
        f"ttpvhcc-xa-{BINH_LU}",
        Role.RECEIVING_OFFICER,
        None,
        "Công chức tiếp nhận và trả kết quả",
    ),
    (
        "chuyenvien.binhlu",
        "Tống Văn Minh",
        f"ubnd-xa-{BINH_LU}",
        Role.SPECIALIST,
        "van-hoa-xa-hoi",
        "Công chức Văn hóa - Xã hội",
    ),
    (
        "lanhdao.binhlu",
        "Vàng A Dính",
        f"ubnd-xa-{BINH_LU}",
        Role.AGENCY_LEADER,
        None,
        "Phó Chủ tịch UBND xã",
    ),
    (
        "tiepnhan.laichau",
        "Đỗ Thị Lan",
        f"ttpvhcc-tinh-{LAI_CHAU}",
        Role.RECEIVING_OFFICER,
        "tiep-nhan",
        "Công chức tiếp nhận",
    ),
    (
        "chuyenvien.syt",
        "Phạm Quốc Huy",
        f"so-y-te-{LAI_CHAU}",
        Role.SPECIALIST,
        "nghiep-vu-y",
        "Chuyên viên Phòng Nghiệp vụ Y",
    ),
    (
        "lanhdaophong.syt",
        "Trần Thị Mai",
        f"so-y-te-{LAI_CHAU}",
        Role.DEPARTMENT_HEAD,
        "nghiep-vu-y",
        "Trưởng phòng Nghiệp vụ Y",
    ),
    (
        "lanhdao.syt",
        "Lê Văn Thành",
        f"so-y-te-{LAI_CHAU}",
        Role.AGENCY_LEADER,
        None,
        "Phó Giám đốc Sở Y tế",
    ),
    (
        "vanthu.syt",
        "Hoàng Thị Ngọc",
        f"so-y-te-{LAI_CHAU}",
        Role.RECORDS_CLERK,
        "van-phong",
        "Văn thư",
    ),
    (
        "chuyenvien.thanhtra",
        "Nguyễn Đức Long",
        f"thanh-tra-tinh-{LAI_CHAU}",
        Role.SPECIALIST,
        "tiep-cong-dan",
        "Thanh tra viên",
    ),
    (
        "giamsat.laichau",
        "Bùi Thị Thu",
        f"vp-ubnd-tinh-{LAI_CHAU}",
        Role.SUPERVISOR,
        "kstthc",
        "Chuyên viên Phòng Kiểm soát TTHC",
    ),
    (
        "giamsat.langson",
        "Vi Văn Hùng",
        f"vp-ubnd-tinh-{LANG_SON}",
        Role.SUPERVISOR,
        "kstthc",
        "Chuyên viên Phòng Kiểm soát TTHC",
    ),
]


def load_staff() -> list[str]:
    """Create the demo accounts (password ``motcua-demo``); existing ones keep their password."""
    services.save_staff(
        username="admin",
        full_name="Quản trị hệ thống",
        password=DEMO_PASSWORD,
        roles=[
            (
                Agency.objects.get(code=f"vp-ubnd-tinh-{LAI_CHAU}"),
                Role.ADMINISTRATOR,
                None,
                "Quản trị hệ thống",
            )
        ],
        is_superuser=True,
    )
    for username, full_name, agency_code, role, dept, title in DEMO_STAFF:
        agency = Agency.objects.get(code=agency_code)
        department = agency.departments.get(code=dept) if dept else None
        services.save_staff(
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            roles=[(agency, role, department, title)],
        )
    return ["admin"] + [s[0] for s in DEMO_STAFF]


def _inline(unit_name: str) -> str:
    """A unit's name inside an agency's name: the kind in lower case ("Ủy ban nhân dân xã Bình
    Lư", not "… Xã Bình Lư"), as Vietnamese administrative writing has it."""
    for kind in ("Xã", "Phường", "Đặc khu", "Thị trấn"):
        if unit_name.startswith(kind + " "):
            return kind.lower() + unit_name[len(kind) :]
    return unit_name
