import pytest

from motcua.dossiers import services
from support import CITIZEN, vn


@pytest.fixture
def clinic_dossier(case, agency, user):
    """A clinic licence dossier received at the provincial centre on Mon 02/03/2026 09:00."""

    def _make(at=None, **kw):
        return services.receive_at_desk(
            user=user("tiepnhan.laichau"),
            now=at or vn(2026, 3, 2, 9),
            case=case("1.012289"),
            channel="direct",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=CITIZEN,
            components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
            **kw,
        )

    return _make
