import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.directory.models import Agency
from motcua.dossiers import services
from support import CITIZEN, vn


@pytest.fixture
def user():
    User = get_user_model()
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def agency():
    return lambda code: Agency.objects.get(code=code)


@pytest.fixture
def case():
    def _case(code: str, case_code: str = "TH1", on=None):
        p = Procedure.objects.get(code=code)
        v = version_in_force(p, (on or vn(2026, 3, 2)).date())
        return v.cases.get(code=case_code)

    return _case


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
