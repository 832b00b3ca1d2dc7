"""Helpers shared by tests (importable as ``support``)."""

from datetime import datetime

from motcua.core.calendar import VN_TZ
from motcua.dossiers.services import ApplicantData


def vn(*args: int) -> datetime:
    """A Vietnam-time datetime: vn(2026, 2, 12, 10) → 2026-02-12 10:00+07:00."""
    return datetime(*args, tzinfo=VN_TZ)


CITIZEN = ApplicantData(
    kind="individual",
    name="Nguyễn Thị Mẫu",
    id_number="012345678901",
    address="Bản Thử, xã Bình Lư, tỉnh Lai Châu",
    phone="0912345678",
    email="mau@example.test",
)
