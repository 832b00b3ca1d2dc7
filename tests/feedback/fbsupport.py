"""Helpers of the feedback tests (importable as ``fbsupport``)."""

from __future__ import annotations

import io

from motcua.feedback import services

SENDER = dict(
    sender_name="Nguyễn Văn Thử",
    sender_address="Số 1 đường Thử Nghiệm, phường Tân Phong, tỉnh Lai Châu",
    sender_phone="0987654321",
    sender_email="thu.nghiem@example.test",
)


def make_input(**kw) -> services.PetitionInput:
    data = dict(
        title="Thủ tục đăng ký hộ kinh doanh yêu cầu giấy tờ không có trong danh mục",
        content="Khi nộp hồ sơ đăng ký hộ kinh doanh, bộ phận một cửa yêu cầu thêm bản sao "
        "hợp đồng thuê nhà có chứng thực, không có trong thành phần hồ sơ đã công bố.",
        proposal="Đề nghị chỉ yêu cầu đúng thành phần hồ sơ đã công bố.",
        **SENDER,
    )
    data.update(kw)
    return services.PetitionInput(**data)


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Tài liệu kèm theo</p>").write_pdf()
