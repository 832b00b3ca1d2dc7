import pytest

from motcua.dossiers import services
from support import CITIZEN, vn


@pytest.fixture
def accepted(case, agency, user):
    """A clinic licence dossier accepted at the provincial centre (queues "citizen.notify")."""

    def _make(applicant=CITIZEN, at=None):
        return services.receive_at_desk(
            user=user("tiepnhan.laichau"),
            now=at or vn(2026, 3, 2, 9),
            case=case("1.012289"),
            channel="direct",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=applicant,
            components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
        )

    return _make


@pytest.fixture
def sms_log(settings, tmp_path):
    """The file SMS channel writes here during the test."""
    path = tmp_path / "sms.log"
    settings.MOTCUA_SMS_LOG = path
    return path
