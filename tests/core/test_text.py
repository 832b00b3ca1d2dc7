import unicodedata

import pytest

from motcua.core.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("dang ky khai sinh", "dang ky khai sinh"),
        (unicodedata.normalize("NFD", "Đăng ký khai sinh"), "dang ky khai sinh"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("Ðồng", "dong"),  # U+00D0, often typed for Đ
        ("  Chứng   thực\tbản sao ", "chung thuc ban sao"),
        ("Ủy ban nhân dân xã Bình Lư", "uy ban nhan dan xa binh lu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded
