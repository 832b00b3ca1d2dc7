import copy

import pytest

from motcua.directory.models import AdminUnit

BASE_DOC = {
    "format": "motcua.catalog/1",
    "sectors": [{"code": "TST", "name": "Lĩnh vực thử nghiệm"}],
    "decisions": [
        {
            "number": "999/QĐ-UBND-THU",
            "date": "2026-03-01",
            "signer": "Người ký thử",
            "signer_title": "Chủ tịch",
            "issuer": "ubnd-tinh",
            "effective_date": "2026-03-10",
            "title": "Quyết định công bố thử nghiệm",
            "items": [{"procedure": "9.999001", "change_type": "new"}],
        }
    ],
    "procedures": [
        {
            "code": "9.999001",
            "name": "Cấp giấy phép thử nghiệm",
            "sector": "TST",
            "level": "province",
            "internal": False,
            "online_level": "partial",
            "boundary_free": True,
            "inter_agency": False,
            "channels": ["direct", "online"],
            "applicant_types": ["Tổ chức", "Cá nhân"],
            "agencies": [{"role": "competent", "agency_type": "so-y-te"}],
            "steps_text": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
            "requirements": "",
            "location": "Trung tâm Phục vụ hành chính công tỉnh",
            "result": {"name": "Giấy phép", "electronic": True, "paper_required": False},
            "legal_basis": [
                {"number": "1/2026/NĐ-CP", "title": "Nghị định thử", "effective_date": "2026-01-01"}
            ],
            "form_templates": ["Đơn đề nghị (Mẫu 01)"],
            "components": [
                {
                    "name": "Đơn đề nghị",
                    "copy_type": "original",
                    "quantity": 1,
                    "required": True,
                    "cases": [],
                },
                {
                    "name": "Bản sao giấy tờ",
                    "copy_type": "certified_copy",
                    "quantity": 1,
                    "required": True,
                    "cases": ["TH2"],
                },
            ],
            "cases": [
                {
                    "code": "TH1",
                    "name": "Cấp mới",
                    "time_limit": {"amount": "10", "unit": "working_days"},
                    "supplement_clock": "reset",
                    "fees": [{"name": "Phí thẩm định", "amount": 500000, "mode": "before"}],
                    "process": {
                        "code": "QT.TST.01",
                        "steps": [
                            {
                                "name": "Tiếp nhận",
                                "role": "receiving_officer",
                                "amount": "0.5",
                                "unit": "working_days",
                            },
                            {
                                "name": "Phân công",
                                "role": "department_head",
                                "amount": "4",
                                "unit": "working_hours",
                            },
                            {
                                "name": "Thẩm định",
                                "role": "specialist",
                                "amount": "7",
                                "unit": "working_days",
                                "send_back": True,
                            },
                            {
                                "name": "Ký duyệt",
                                "role": "agency_leader",
                                "amount": "2",
                                "unit": "working_days",
                            },
                            {
                                "name": "Trả kết quả",
                                "role": "receiving_officer",
                                "amount": "0",
                                "unit": "working_hours",
                                "counts": False,
                            },
                        ],
                    },
                },
                {
                    "code": "TH2",
                    "name": "Cấp lại",
                    "time_limit": {"amount": "3", "unit": "working_days"},
                    "cutoff": "15:00",
                    "fees": [],
                },
            ],
        }
    ],
}


@pytest.fixture
def doc():
    return copy.deepcopy(BASE_DOC)


@pytest.fixture
def lai_chau(db):
    return AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
