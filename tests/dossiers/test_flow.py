"""A dossier's whole life through the services, with the demo accounts."""

from datetime import timedelta

import pytest

from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.log import cached, replay
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import DossierError
from motcua.dossiers.states import State
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db


def test_full_flow_at_the_health_department(clinic_dossier, user):
    d = clinic_dossier()
    assert d.state == State.RECEIVED and d.national_status == 2
    assert d.code == "000.02.00.H12-260302-0001"
    assert d.book_year == 2026 and d.book_entry >= 1
    # 45 calendar days from Mon 02/03/2026 → Thu 16/04/2026 (a working day), at closing
    assert d.original_due_at == vn(2026, 4, 16, 17) == d.due_at
    t = vn(2026, 3, 2, 10)
    services.forward(d, user=user("tiepnhan.laichau"), now=t)
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS and d.holder_role == "records_clerk"
    services.hand_over(d, user=user("vanthu.syt"), now=t + timedelta(hours=1))
    services.hand_over(
        d, user=user("lanhdaophong.syt"), now=t + timedelta(hours=2), to_user=user("chuyenvien.syt")
    )
    d.refresh_from_db()
    assert d.assignee.username == "chuyenvien.syt" and d.holder_role == "specialist"
    with pytest.raises(DossierError) as exc:  # not the assignee
        services.hand_over(d, user=user("chuyenvien.binhlu"), now=t + timedelta(hours=3))
    assert exc.value.status == 403
    services.hand_over(d, user=user("chuyenvien.syt"), now=vn(2026, 3, 20, 9))
    services.hand_over(d, user=user("lanhdaophong.syt"), now=vn(2026, 3, 23, 9))
    services.decide(d, user=user("lanhdao.syt"), now=vn(2026, 3, 24, 9), approved=True)
    d.refresh_from_db()
    assert d.state == State.DECIDED_APPROVED and d.timeliness == "early"
    assert d.results.get().code == f"{d.code}-KQ1"
    services.issue(d, user=user("vanthu.syt"), now=vn(2026, 3, 24, 10), document_number="12/GP-SYT")
    d.refresh_from_db()
    assert d.state == State.READY_FOR_RETURN and d.holder_agency.code == "ttpvhcc-tinh-12"
    services.return_result(
        d,
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 25, 9),
        method="desk",
        recipient="Nguyễn Thị Mẫu",
    )
    d.refresh_from_db()
    assert d.state == State.RETURNED and d.national_status == 10
    assert replay(d) == {k: v for k, v in cached(d).items() if k in replay(d)}
    actions = list(d.events.values_list("action", flat=True))
    assert actions[:2] == ["submit", "accept"] and actions[-1] == "return_result"
    statuses = set(
        OutboxMessage.objects.filter(key=d.submission_ref, topic="portal.sync").values_list(
            "payload__national_status", flat=True
        )
    )
    assert {1, 2, 4, 9, 10} <= statuses


def test_supplement_pauses_then_resets_for_a_reset_case(clinic_dossier, user):
    d = clinic_dossier()
    services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    services.request_supplement(
        d,
        user=user("lanhdao.syt"),
        now=vn(2026, 3, 5, 9),
        items=["Bản sao chứng chỉ"],
        reason="Thiếu chứng chỉ hành nghề",
        deadline_days=10,
    )
    d.refresh_from_db()
    assert d.state == State.SUPPLEMENT_REQUESTED and d.national_status == 5
    assert d.supplement_count == 1 and d.paused_since == vn(2026, 3, 5, 9)
    services.receive_supplement(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 12, 9))
    d.refresh_from_db()
    # reset: 45 days from Thu 12/03/2026 → Sun 26/04 → Tue 28/04 (27/04 Giỗ Tổ nghỉ bù)
    assert d.due_at == vn(2026, 4, 28, 17)
    assert d.original_due_at == vn(2026, 4, 16, 17)


def test_apology_keeps_the_legal_due_date(clinic_dossier, user):
    d = clinic_dossier()
    services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    with pytest.raises(DossierError):
        services.apologise(
            d,
            user=user("chuyenvien.syt"),
            now=vn(2026, 4, 15, 9),
            reason="Chờ ý kiến",
            new_due=vn(2026, 4, 24, 17),
        )
    services.apologise(
        d,
        user=user("lanhdao.syt"),
        now=vn(2026, 4, 15, 9),
        reason="Chờ ý kiến thẩm định thực địa",
        new_due=vn(2026, 4, 24, 17),
    )
    d.refresh_from_db()
    assert d.promised_due_at == vn(2026, 4, 24, 17) and d.apology_count == 1
    assert d.due_at == d.original_due_at == vn(2026, 4, 16, 17)
    services.hand_over(d, user=user("vanthu.syt"), now=vn(2026, 4, 20, 9))
    services.decide(d, user=user("lanhdao.syt"), now=vn(2026, 4, 22, 9), approved=True)
    d.refresh_from_db()
    assert d.timeliness == "late"  # the apology does not cure lateness


def test_codes_are_consecutive_per_agency_and_day(clinic_dossier):
    codes = [clinic_dossier(at=vn(2026, 3, 2, 9, i)).code for i in range(3)]
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]
    assert clinic_dossier(at=vn(2026, 3, 3, 9)).code.endswith("260303-0001")


def test_idempotency_key_returns_the_same_dossier(clinic_dossier):
    a = clinic_dossier(idempotency_key="abc-1")
    b = clinic_dossier(idempotency_key="abc-1")
    assert a.pk == b.pk and Dossier.objects.filter(idempotency_key="abc-1").count() == 1


def test_events_are_append_only(clinic_dossier):
    d = clinic_dossier()
    e = d.events.first()
    e.note = "sửa"
    with pytest.raises(RuntimeError):
        e.save()
    with pytest.raises(RuntimeError):
        e.delete()
    assert DossierEvent.objects.filter(dossier=d).count() == 2


def test_stop_only_before_a_decision(clinic_dossier, user):
    d = clinic_dossier()
    services.stop(
        d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 3, 9), reason="Công dân xin rút"
    )
    d.refresh_from_db()
    assert d.state == State.STOPPED and d.national_status == 7
    d2 = clinic_dossier()
    services.forward(d2, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    services.hand_over(d2, user=user("vanthu.syt"), now=vn(2026, 3, 2, 11))
    services.decide(
        d2,
        user=user("lanhdao.syt"),
        now=vn(2026, 3, 3, 9),
        approved=False,
        note="Cơ sở chưa đáp ứng điều kiện về nhân sự",
    )
    with pytest.raises(DossierError) as exc:
        services.stop(d2, user=user("tiepnhan.laichau"), now=vn(2026, 3, 4, 9), reason="x")
    assert exc.value.code == "already_decided"


def test_out_of_scope_desk_is_refused(case, agency, user):
    # a commune procedure that is not boundary-free, at another commune's centre
    other = agency("ttpvhcc-xa-03390").unit.parent.children.exclude(code="03390").first()
    desk = other.agencies.get(agency_type__code="ttpvhcc-xa")
    with pytest.raises(DossierError) as exc:
        services.submit(
            case=case("1.000894"),
            channel="direct",
            receiving_agency=desk,
            applicant=CITIZEN,
            now=vn(2026, 3, 2, 9),
            competent_agency=agency("ubnd-xa-03390"),
        )
    assert exc.value.code == "out_of_scope"


def test_boundary_free_intake_at_the_provincial_centre(case, agency, user):
    d = services.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.001193"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        competent_agency=agency("ubnd-xa-03390"),
    )
    assert d.boundary_free and d.code.startswith("000.02.00.H12-")
    # same day with a 15:00 cut-off: received 09:00 → due 17:00 the same day
    assert d.due_at == vn(2026, 3, 2, 17)


def test_bad_applicant_data(case, agency, user):
    from motcua.dossiers.services import ApplicantData

    with pytest.raises(DossierError) as exc:
        services.submit(
            case=case("1.012289"),
            channel="postal",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=ApplicantData(kind="individual", name="", id_number="123"),
            now=vn(2026, 3, 2, 9),
        )
    assert set(exc.value.errors) == {"name", "id_number", "postal_tracking"}
    assert Dossier.objects.count() == 0


def test_must_apologise_list_from_one_working_day_before_due(clinic_dossier, user):
    from motcua.dossiers.selectors import workqueue

    d = clinic_dossier()  # due Thu 16/04/2026 17:00
    services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    leader = user("lanhdao.syt")
    ids = lambda now: set(workqueue(leader, "apology", now=now).values_list("id", flat=True))  # noqa: E731
    assert d.pk not in ids(vn(2026, 4, 14, 16))
    assert d.pk in ids(vn(2026, 4, 15, 17, 1))
    services.apologise(
        d, user=leader, now=vn(2026, 4, 16, 8), reason="Chờ thẩm định", new_due=vn(2026, 4, 24, 17)
    )
    assert d.pk not in ids(vn(2026, 4, 16, 9))
