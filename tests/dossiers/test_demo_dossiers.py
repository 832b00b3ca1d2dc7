import pytest

from motcua.demo.dossiers import load_dossiers
from motcua.dossiers.log import cached, replay
from motcua.dossiers.models import Dossier
from support import vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("now", [vn(2026, 11, 24, 10), vn(2026, 2, 16, 8), vn(2026, 9, 5, 14)])
def test_demo_dossiers_cover_the_stages_and_replay_cleanly(now):
    assert load_dossiers(now) == 11
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {"received", "in_process", "supplement_requested", "returned", "submitted"} <= states
    for d in Dossier.objects.all():
        r = replay(d)
        assert r == {k: v for k, v in cached(d).items() if k in r}, d
    assert load_dossiers(now) == 0  # idempotent
