"""Rule profiles of Decision 766 (hồ sơ quy tắc): data, not code.

An indicator's points are ``min(cap, factor × ratio)`` (no cap when ``cap`` is None); ``zero``
says what a zero denominator gives: ``"zero"`` (ratio 0), ``"full"`` (the maximum), ``"none"``
(no score: "chưa có dữ liệu"). ``source`` says where motcua takes the data from; ``"none"``
marks data motcua does not hold (shown as "chưa có dữ liệu", never invented).
"""

from __future__ import annotations

from datetime import date

LIVE_2026_09 = {
    "groups": {
        "1": {"label": "Công khai, minh bạch", "code": "CKMB", "max": 18},
        "2": {"label": "Tiến độ, kết quả giải quyết", "code": "TDGQ", "max": 20},
        "3": {"label": "Dịch vụ công trực tuyến", "code": "CLGQ", "max": 12},
        "4": {"label": "Thanh toán trực tuyến", "code": "TTTT", "max": 10},
        "5": {"label": "Số hóa hồ sơ", "code": "MDSH", "max": 22},
        "6": {"label": "Mức độ hài lòng", "code": "MDHL", "max": 18},
    },
    "indicators": [
        # id, group, label, max, factor, cap, zero, source
        ["1.1", 1, "Tỷ lệ TTHC công bố đúng hạn", 6, 6, 6, "zero", "catalog"],
        ["1.2", 1, "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", 4, 4, 4, "zero", "catalog"],
        ["1.3", 1, "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành", 2, 2, 2, "zero", "catalog"],
        ["1.4", 1, "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", 6, 6, 6, "zero", "none"],
        ["2.1", 2, "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", 20, 20, 20, "none", "dossiers"],
        ["3.1", 3, "Tỷ lệ TTHC cung cấp DVCTT", 2, 2.5, 2, "zero", "catalog"],
        ["3.2", 3, "Tỷ lệ DVCTT có phát sinh hồ sơ", 4, 4, 4, "zero", "dossiers"],
        ["3.3", 3, "Tỷ lệ hồ sơ trực tuyến", 6, 12, 6, "zero", "dossiers"],
        ["3.6", 4, "Tỷ lệ hồ sơ thanh toán trực tuyến", 6, 6, 6, "zero", "dossiers"],
        [
            "3.5b",
            4,
            "Tỷ lệ TTHC có nghĩa vụ tài chính có hồ sơ thanh toán trực tuyến",
            2,
            2.5,
            2,
            "zero",
            "dossiers",
        ],
        [
            "3.5",
            4,
            "Tỷ lệ TTHC có nghĩa vụ tài chính có hồ sơ có dữ liệu phí, lệ phí",
            2.5,
            2.5,
            None,
            "zero",
            "dossiers",
        ],
        ["4.1", 5, "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử", 6, 6, 6, "zero", "dossiers"],
        ["4.2", 5, "Tỷ lệ hồ sơ thực hiện số hóa", 4, 4, 4, "zero", "dossiers"],
        ["4.cc", 5, "Cung cấp dịch vụ chứng thực bản sao điện tử", 2, 2, 2, "zero", "none"],
        [
            "4.3",
            5,
            "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
            2,
            2.5,
            2,
            "zero",
            "dossiers",
        ],
        [
            "4.4",
            5,
            "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ để tái sử dụng",
            4,
            4,
            4,
            "zero",
            "dossiers",
        ],
        ["4.5b", 5, "Tỷ lệ hồ sơ sử dụng thông tin từ CSDLQG về dân cư", 2, 2, 2, "zero", "none"],
        [
            "4.5a",
            5,
            "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư",
            2,
            2,
            2,
            "zero",
            "none",
        ],
        ["5.1", 6, "Tỷ lệ PAKN theo phân loại (theo dõi)", 0, 0, 0, "zero", "feedback"],
        ["5.2", 6, "Tiến độ xử lý PAKN", 6, 6, 6, "full", "feedback"],
        ["5.3", 6, "Tỷ lệ hài lòng trong xử lý PAKN", 6, 6, 6, "full", "feedback"],
        [
            "5.4",
            6,
            "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
            6,
            6 / 0.9,
            6,
            "zero",
            "dossiers",
        ],
    ],
    #: indicators not applicable below province level: full points (point-table note; 1.2 and
    #: 1.3 are computed for province/ministry only; 1.1 is the province's publication)
    "not_applicable_below_province": ["1.1", "1.2", "1.3", "4.5a", "4.5b"],
    "publish_lead_working_days": 5,
    "public_update_working_days": 5,
    #: 3.3 multiplies by the sync ratio (1.4); motcua holds no sync record yet: factor 1
    "sync_factor_without_data": 1.0,
    "lateness_granularity": "date",
    #: rating levels counted as "dislike" for 5.4
    "dislike_levels": ["dissatisfied"],
    "bands": [[90, "Xuất sắc"], [80, "Tốt"], [70, "Khá"], [50, "Trung bình"], [0, "Yếu"]],
    "bands_provisional": True,
}

DEFAULT_PROFILES = [
    {
        "code": "qd766-live-2026-09",
        "name": "QĐ 766/QĐ-TTg — công thức tái lập điểm Cổng DVCQG (9/2026)",
        "effective_from": date(2022, 6, 23),
        "rules": LIVE_2026_09,
        "note": (
            "Nhóm 3 theo công thức 2 + 4 + 6 (qd766-online-v1); nhóm 4: 6·A + min(2; 2,5·B) + "
            "2,5·C; nhóm 6: 5.2, 5.3 mẫu số 0 ⇒ 6 điểm, 5.4 mẫu số 0 ⇒ 0. Xếp loại: tạm tính "
            "(chưa có văn bản gốc)."
        ),
    }
]
