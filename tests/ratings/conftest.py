import pytest

from motcua.dossiers import services
from support import CITIZEN, vn

STEPS = ["received", "decided_approved", "ready_for_return", "returned"]


@pytest.fixture
def resulted_dossier(case, agency, user):
    """A clinic licence dossier of the provincial centre, driven up to ``state``."""

    def _make(state: str = "returned", applicant=CITIZEN, at=None):
        d = services.receive_at_desk(
            user=user("tiepnhan.laichau"),
            now=at or vn(2026, 3, 2, 9),
            case=case("1.012289"),
            channel="direct",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=applicant,
            components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
        )
        if state == "received":
            return d
        services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
        services.hand_over(d, user=user("vanthu.syt"), now=vn(2026, 3, 2, 11))
        services.hand_over(
            d, user=user("lanhdaophong.syt"), now=vn(2026, 3, 2, 14), to_user=user("chuyenvien.syt")
        )
        services.hand_over(d, user=user("chuyenvien.syt"), now=vn(2026, 3, 20, 9))
        services.hand_over(d, user=user("lanhdaophong.syt"), now=vn(2026, 3, 23, 9))
        services.decide(d, user=user("lanhdao.syt"), now=vn(2026, 3, 24, 9), approved=True)
        if state != "decided_approved":
            services.issue(d, user=user("vanthu.syt"), now=vn(2026, 3, 24, 10))
        if state == "returned":
            services.return_result(
                d,
                user=user("tiepnhan.laichau"),
                now=vn(2026, 3, 25, 9),
                method="desk",
                recipient=applicant.name,
            )
        d.refresh_from_db()
        assert d.state == state
        return d

    return _make
