from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.directory import services
from motcua.directory.models import AdminUnit, Agency, Delegation, Role
from motcua.directory.selectors import grants, has_role, visible_agencies

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_demo_units_lai_chau_and_lang_son_in_full():
    lai_chau = AdminUnit.objects.get(code="12", valid_to__isnull=True)
    lang_son = AdminUnit.objects.get(code="20", valid_to__isnull=True)
    assert lai_chau.name == "Tỉnh Lai Châu"
    assert lai_chau.children.filter(valid_to__isnull=True).count() == 38
    assert lang_son.children.filter(valid_to__isnull=True).count() == 65
    binh_lu = AdminUnit.objects.get(code="03390", valid_to__isnull=True)
    assert binh_lu.name == "Xã Bình Lư" and binh_lu.parent == lai_chau


def test_merger_history_is_kept_with_successor_links():
    binh_lu = AdminUnit.objects.get(code="03390", valid_to__isnull=True)
    old = {u.name for u in binh_lu.predecessors.all()}
    assert {"Xã Bình Lư", "Xã Sơn Bình", "Thị trấn Tam Đường"} <= old
    # the old commune carrying the same code is a separate, ended record
    old_binh_lu = AdminUnit.objects.get(code="03390", valid_to=date(2025, 6, 30))
    assert binh_lu in old_binh_lu.successors.all()


def test_load_units_is_idempotent():
    before = AdminUnit.objects.count()
    services.load_units([12])
    assert AdminUnit.objects.count() == before


def test_every_commune_has_its_agencies_with_unique_electronic_ids():
    communes = AdminUnit.objects.filter(parent__code="12", valid_to__isnull=True)
    for commune in communes:
        types = set(commune.agencies.values_list("agency_type__code", flat=True))
        assert {"ubnd-xa", "ttpvhcc-xa", "cong-an-xa"} <= types
    ids = list(Agency.objects.values_list("electronic_id", flat=True))
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("chuyenvien.syt", ["so-y-te-12"], ["ubnd-xa-03390", "so-y-te-20"]),
        ("tiepnhan.binhlu", ["ttpvhcc-xa-03390"], ["so-y-te-12", "ubnd-xa-03390"]),
        ("giamsat.laichau", ["so-y-te-12", "ubnd-xa-03390", "thanh-tra-tinh-12"], ["so-y-te-20"]),
        ("giamsat.langson", ["so-y-te-20"], ["so-y-te-12", "ubnd-xa-03390"]),
        ("admin", ["so-y-te-12", "so-y-te-20", "ubnd-xa-03390"], []),
    ],
)
def test_scope_of_each_role(username, sees, does_not_see):
    user = User.objects.get(username=username)
    visible = set(visible_agencies(user, date(2026, 11, 24)).values_list("code", flat=True))
    assert set(sees) <= visible
    assert not set(does_not_see) & visible


def _leader_and_deputy():
    agency = Agency.objects.get(code="so-y-te-12")
    leader = User.objects.get(username="lanhdao.syt")
    deputy = User.objects.get(username="lanhdaophong.syt")
    return agency, leader, deputy


def test_delegation_is_date_bounded_and_recorded():
    agency, leader, deputy = _leader_and_deputy()
    now = timezone.now()
    d = services.delegate_authority(
        actor=leader,
        now=now,
        agency=agency,
        delegator=leader,
        delegate=deputy,
        valid_from=date(2026, 12, 1),
        valid_to=date(2026, 12, 5),
        reason="Đi công tác",
        decision_ref="Giấy ủy quyền số 12/GUQ-SYT",
    )
    assert not has_role(deputy, Role.AGENCY_LEADER, date(2026, 11, 30), agency.pk)
    assert has_role(deputy, Role.AGENCY_LEADER, date(2026, 12, 1), agency.pk)
    assert has_role(deputy, Role.AGENCY_LEADER, date(2026, 12, 5), agency.pk)
    assert not has_role(deputy, Role.AGENCY_LEADER, date(2026, 12, 6), agency.pk)
    assert any(g.delegated_by == leader.pk for g in grants(deputy, date(2026, 12, 2)))
    from motcua.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="delegation.create", object_id=str(d.pk)).exists()
    services.revoke_delegation(actor=leader, now=now, delegation=d)
    assert not has_role(deputy, Role.AGENCY_LEADER, date(2026, 12, 2), agency.pk)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"valid_from": date(2026, 12, 5), "valid_to": date(2026, 12, 1)}, "valid_to"),
        ({"reason": "  "}, "reason"),
        ({"delegate_username": "chuyenvien.thanhtra"}, "delegate"),
        ({"delegator_username": "chuyenvien.syt"}, "delegator"),
    ],
)
def test_delegation_refuses_bad_input(kwargs, field):
    agency, leader, _deputy = _leader_and_deputy()
    args = {
        "valid_from": date(2026, 12, 1),
        "valid_to": date(2026, 12, 5),
        "reason": "Nghỉ phép",
    }
    delegator = User.objects.get(username=kwargs.pop("delegator_username", "lanhdao.syt"))
    delegate = User.objects.get(username=kwargs.pop("delegate_username", "lanhdaophong.syt"))
    args.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.delegate_authority(
            actor=leader,
            now=timezone.now(),
            agency=agency,
            delegator=delegator,
            delegate=delegate,
            **args,
        )
    assert field in exc.value.message_dict
    assert Delegation.objects.count() == 0


def test_overlapping_delegation_refused():
    agency, leader, deputy = _leader_and_deputy()
    now = timezone.now()
    services.delegate_authority(
        actor=leader,
        now=now,
        agency=agency,
        delegator=leader,
        delegate=deputy,
        valid_from=date(2026, 12, 1),
        valid_to=date(2026, 12, 5),
        reason="Công tác",
    )
    with pytest.raises(ValidationError):
        services.delegate_authority(
            actor=leader,
            now=now,
            agency=agency,
            delegator=leader,
            delegate=deputy,
            valid_from=date(2026, 12, 4),
            valid_to=date(2026, 12, 8),
            reason="Công tác",
        )


def test_agency_office_hours_are_validated():
    agency = Agency.objects.get(code="so-y-te-12")
    agency.afternoon_start = agency.morning_start
    with pytest.raises(ValidationError):
        agency.full_clean()


def test_load_all_of_vietnam():
    stats = services.load_units()
    assert stats["provinces"] == 34 and stats["communes"] == 3321
    assert AdminUnit.objects.filter(valid_to__isnull=True, parent__isnull=True).count() == 34
    assert AdminUnit.objects.filter(valid_to__isnull=True, parent__isnull=False).count() == 3321
    hanoi = AdminUnit.objects.get(code="01", valid_to__isnull=True)
    assert hanoi.kind == "thanh_pho_trung_uong"
