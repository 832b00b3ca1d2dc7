"""Intake, admissibility, handling, publication and the indicator facts of PAKN."""

from __future__ import annotations

from datetime import date

import pytest
from fbsupport import SENDER, make_input, pdf_bytes, png_bytes

from motcua.feedback import selectors, services
from motcua.feedback.models import Petition, PetitionEvent
from motcua.feedback.states import TRANSITIONS, State
from support import vn

pytestmark = pytest.mark.django_db


def test_portal_intake_requires_identity_and_checks_files_by_content(agency):
    vp = agency("vp-ubnd-tinh-12")
    with pytest.raises(services.FeedbackError) as e:
        services.receive(
            make_input(
                sender_name="",
                sender_address="",
                sender_phone="",
                sender_email="",
                files=[("scan.pdf", b"MZ\x90\x00 not a pdf")],
            ),
            agency=vp,
            channel="portal",
            now=vn(2026, 3, 2, 9),
        )
    errors = e.value.errors
    assert set(errors) >= {"sender_name", "sender_address", "sender_phone", "files"}
    assert "chương trình Windows" in errors["files"][0]
    assert not Petition.objects.exists()
    p = services.receive(
        make_input(files=[("anh.png", png_bytes()), ("don.pdf", pdf_bytes())]),
        agency=vp,
        channel="portal",
        now=vn(2026, 3, 2, 9),
    )
    assert p.code == "PA-260302-0001" and p.state == State.PENDING
    assert p.attachments.count() == 2
    assert [e.action for e in p.events.all()] == ["received"]
    # 15 working days from Monday 2/3/2026 (no holiday in March)
    assert p.due_at.date() == date(2026, 3, 23)
    second = services.receive(make_input(), agency=vp, channel="portal", now=vn(2026, 3, 2, 10))
    assert second.code == "PA-260302-0002"


def test_desk_channels_need_an_officer_of_the_agency(agency, user):
    vp = agency("vp-ubnd-tinh-12")
    with pytest.raises(services.FeedbackError) as e:
        services.receive(make_input(), agency=vp, channel="phone", now=vn(2026, 3, 2, 9))
    assert e.value.code == "forbidden"
    with pytest.raises(services.FeedbackError):
        services.receive(
            make_input(),
            agency=vp,
            channel="letter",
            now=vn(2026, 3, 2, 9),
            user=user("chuyenvien.syt"),
        )
    # an anonymous letter may be recorded, but it cannot be accepted: it is refused
    p = services.receive(
        make_input(sender_name="", sender_address="", sender_phone="", sender_email=""),
        agency=vp,
        channel="letter",
        now=vn(2026, 3, 2, 11),
        user=user("pakn.laichau"),
        received_at=vn(2026, 3, 2, 8),
    )
    assert p.received_at == vn(2026, 3, 2, 8)
    with pytest.raises(services.FeedbackError) as e:
        services.accept(p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9))
    assert e.value.code == "anonymous"
    p = services.reject(p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9), ground="anonymous")
    assert p.state == State.REJECTED and p.due_at is None


def test_complaint_is_refused_with_where_it_belongs(petition, user):
    p = petition("pending")
    p = services.reject(p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9), ground="complaint")
    ev = p.events.get(action="rejected")
    assert "Luật Khiếu nại" in ev.data["redirect"]
    with pytest.raises(services.FeedbackError) as e:
        services.accept(p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 10))
    assert e.value.code == "invalid_state"


def test_only_staff_of_the_holding_agency_act_and_only_leaders_sign(petition, user):
    p = petition("pending")
    with pytest.raises(services.FeedbackError) as e:
        services.accept(p, user=user("chuyenvien.syt"), now=vn(2026, 3, 3, 9))
    assert e.value.status == 403
    p = services.accept(
        p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9), national_class="staff", category="1"
    )
    with pytest.raises(services.FeedbackError) as e:
        services.answer(
            p,
            user=user("pakn.laichau"),
            now=vn(2026, 3, 4, 9),
            decision="guide",
            text="Văn phòng đã chấn chỉnh cán bộ tiếp nhận hồ sơ.",
        )
    assert e.value.code == "forbidden"
    assert "answered" not in services.allowed_actions(user("pakn.laichau"), p, vn(2026, 3, 4))
    assert "answered" in services.allowed_actions(user("lanhdaovp.laichau"), p, vn(2026, 3, 4))


def test_history_is_append_only(petition):
    p = petition("pending")
    ev = p.events.get()
    ev.note = "sửa"
    with pytest.raises(RuntimeError):
        ev.save()
    with pytest.raises(RuntimeError):
        ev.delete()


def test_transfer_inside_motcua_starts_the_clock_there(petition, user, agency):
    p = petition("pending")
    syt = agency("so-y-te-12")
    with pytest.raises(services.FeedbackError) as e:
        services.transfer(
            p, user=user("pakn.laichau"), now=vn(2026, 3, 5, 9), letter_number="", to_agency=syt
        )
    assert "letter_number" in e.value.errors
    p = services.transfer(
        p, user=user("pakn.laichau"), now=vn(2026, 3, 5, 9), letter_number="15/VP", to_agency=syt
    )
    assert (p.state, p.agency_id, p.clock_started_at) == (State.PENDING, syt.pk, vn(2026, 3, 5, 9))
    ev = p.events.get(action="transferred")
    assert ev.data["on_time"] is True and ev.to_agency_id == syt.pk
    # the Department of Health now handles it; VP sees it still (it received it)
    p = services.accept(
        p, user=user("chuyenvien.syt"), now=vn(2026, 3, 6, 9), national_class="regulation"
    )
    assert p.state == State.IN_PROCESS
    facts_vp = selectors.indicator_facts(
        agency_ids=[agency("vp-ubnd-tinh-12").pk],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        now=vn(2026, 4, 1),
    )
    facts_syt = selectors.indicator_facts(
        agency_ids=[syt.pk], start=date(2026, 3, 1), end=date(2026, 3, 31), now=vn(2026, 4, 1)
    )
    assert (facts_vp.total, facts_vp.on_time) == (1, 1)  # transferred within 5 WD
    # 15 WD from 5/3 is 26/3: still in progress on 31/3 → late
    assert (facts_syt.total, facts_syt.on_time) == (1, 0)


def test_transfer_outside_closes_it_here(petition, user):
    p = petition("pending")
    p = services.transfer(
        p,
        user=user("pakn.laichau"),
        now=vn(2026, 3, 10, 9),
        letter_number="16/VP",
        to_body="Bộ Tư pháp",
    )
    assert p.state == State.TRANSFERRED
    assert p.events.get(action="transferred").data["on_time"] is False  # day 6


def test_supplement_restarts_the_clock(petition, user):
    p = petition("pending")
    p = services.request_supplement(
        p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9), question="Đề nghị nêu rõ tên xã."
    )
    assert p.due_at is None
    with pytest.raises(services.FeedbackError):
        services.supplement(p, contact="0900000000", now=vn(2026, 3, 4, 9), text="Xã Bình Lư")
    p = services.supplement(
        p,
        contact=SENDER["sender_phone"],
        now=vn(2026, 3, 4, 9),
        text="Xã Bình Lư",
        files=[("a.png", png_bytes())],
    )
    assert p.state == State.PENDING and p.clock_started_at == vn(2026, 3, 4, 9)
    assert p.attachments.get().event_seq == 3


def test_answer_is_a_signed_pdf_and_publication_hides_personal_data(petition, user):
    from motcua.documents.selectors import file_bytes
    from motcua.documents.signing.pdf import verify_pdf

    p = petition("awaiting_publication")
    assert p.events.get(action="answered").data["signed"] is True
    check = verify_pdf(file_bytes(p.answer_file))
    assert check.signatures and check.signatures[0].intact
    with pytest.raises(services.FeedbackError) as e:
        services.publish(
            p,
            user=user("pakn.laichau"),
            now=vn(2026, 3, 17, 9),
            title="Ý kiến của Nguyễn Văn Thử",
            content="Gọi 0987 654 321",
        )
    assert e.value.code == "personal_data"
    p = services.publish(p, user=user("pakn.laichau"), now=vn(2026, 3, 17, 9))
    for value in SENDER.values():
        assert value not in p.public_title + p.public_content + p.public_answer


def test_redaction_of_phone_variants(petition):
    p = petition("pending")
    text = "Ông Nguyễn Văn Thử, 0987.654.321, +84 987654321, thu.nghiem@example.test"
    out = services.redact(p, text)
    assert "Thử" not in out and "654" not in out and "example" not in out


def test_votes_and_sender_rating_and_follow_up(petition, user, agency):
    p = petition("published")
    for n in range(2):
        services.react(p, voter=f"r{n}", vote="like", now=vn(2026, 3, 18))
    services.react(p, voter="r0", vote="dislike", now=vn(2026, 3, 18))  # changes the vote
    p.refresh_from_db()
    assert (p.likes, p.dislikes) == (1, 1)
    p = services.rate_answer(
        p, contact=SENDER["sender_email"].upper(), satisfied=False, now=vn(2026, 3, 19)
    )
    assert (p.likes, p.dislikes) == (1, 2)
    assert p.events.filter(action="sender_rated").exists()
    facts = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 3, 1), end=date(2026, 3, 31), now=vn(2026, 4, 1)
    )
    assert (facts.satisfaction_total, facts.not_satisfied) == (1, 1)
    # a like more: tie → satisfied
    services.react(p, voter="r9", vote="like", now=vn(2026, 3, 20))
    facts = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 3, 1), end=date(2026, 3, 31), now=vn(2026, 4, 1)
    )
    assert facts.not_satisfied == 0
    new = services.follow_up(
        p,
        contact=SENDER["sender_phone"],
        now=vn(2026, 3, 23, 9),
        content="Câu trả lời chưa nêu thời điểm áp dụng quy định mới.",
    )
    assert new.followup_of_id == p.pk
    facts = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 3, 1), end=date(2026, 3, 31), now=vn(2026, 4, 1)
    )
    # the follow-up counts against the original; the follow-up itself is not yet received
    # (chờ tiếp nhận), so it is not in the 5.3 denominator
    assert (facts.satisfaction_total, facts.not_satisfied) == (1, 1)
    ids = set(
        selectors.indicator_petitions(
            measure="not_satisfied",
            agency_ids=None,
            start=date(2026, 3, 1),
            end=date(2026, 3, 31),
            now=vn(2026, 4, 1),
        ).values_list("pk", flat=True)
    )
    assert ids == {p.pk}


def test_indicator_facts_and_report(petition, user, agency):
    on_time = petition("published")  # answered 16/3, published 17/3
    late = petition("in_process", at=vn(2026, 2, 2, 9))  # never answered
    rejected = petition("pending", at=vn(2026, 3, 9, 9))
    services.reject(rejected, user=user("pakn.laichau"), now=vn(2026, 3, 12, 9), ground="abusive")
    staff_cls = petition("pending", at=vn(2026, 3, 25, 9))
    services.accept(
        staff_cls, user=user("pakn.laichau"), now=vn(2026, 3, 26, 9), national_class="staff"
    )
    services.receive(
        make_input(), agency=agency("vp-ubnd-tinh-12"), channel="portal", now=vn(2026, 4, 2, 9)
    )  # after the period
    facts = selectors.indicator_facts(
        agency_ids=[agency("vp-ubnd-tinh-12").pk],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        now=vn(2026, 5, 1),
    )
    # in the period: on_time (handled), late (in progress, overdue), rejected (handled, late:
    # 3 WD), staff_cls (in progress, within)
    assert facts.total == 4
    assert facts.on_time == 2
    assert (facts.about_regulation, facts.about_staff) == (2, 1)  # the rejection is unclassified
    assert facts.satisfaction_total == 3  # first received in March, not the February one
    assert facts.not_satisfied == 1  # the late rejection
    rows = selectors.report(
        agency_ids=[agency("vp-ubnd-tinh-12").pk],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        now=vn(2026, 5, 1),
    )
    total = rows[-1]
    assert (total.received, total.handled, total.handled_on_time, total.handled_late) == (
        3,
        2,
        1,
        1,
    )
    assert (total.in_progress, total.in_progress_on_time, total.in_progress_late) == (2, 1, 1)
    assert (total.rejected, total.published) == (1, 1)
    import io

    from openpyxl import load_workbook

    from motcua.feedback.exchange import report_xlsx

    wb = load_workbook(
        io.BytesIO(
            report_xlsx(
                agency_ids=[agency("vp-ubnd-tinh-12").pk],
                start=date(2026, 3, 1),
                end=date(2026, 3, 31),
                now=vn(2026, 5, 1),
            )
        )
    )
    ws = wb.active
    assert ws["A4"].value == "Cơ quan"
    assert ws.cell(row=5, column=1).value.startswith("Văn phòng")
    assert [c.value for c in ws[6]][:3] == ["Tổng cộng", 3, 2]
    assert on_time.pk and late.pk


def test_petitioned_dossier_ids(agency, user, case):
    from motcua.dossiers import services as dossiers
    from support import CITIZEN

    d = dossiers.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        components=[{"name": "Đơn", "copy_type": "original"}],
    )
    services.receive(
        make_input(dossier_code=d.code),
        agency=agency("vp-ubnd-tinh-12"),
        channel="portal",
        now=vn(2026, 3, 5, 9),
    )
    ids = list(
        selectors.petitioned_dossier_ids(
            agency_ids=[agency("ttpvhcc-tinh-12").pk], start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    )
    assert ids == [d.pk]
    assert not list(
        selectors.petitioned_dossier_ids(
            agency_ids=[agency("so-tu-phap-12").pk], start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    )


def test_overdue_and_due_soon_lists(petition, user):
    a = petition("pending", at=vn(2026, 3, 2, 9))  # due 23/3
    b = petition("pending", at=vn(2026, 3, 10, 9))  # due 31/3
    qs = Petition.objects.all()
    assert list(selectors.overdue(qs, date(2026, 3, 24))) == [a]
    assert set(selectors.due_soon(qs, date(2026, 3, 20))) == {a}  # due the next working day
    assert set(selectors.due_soon(qs, date(2026, 3, 30))) == {b}


def test_every_transition_row_is_reachable_by_a_service():
    import inspect

    src = inspect.getsource(services)
    for action in TRANSITIONS:
        assert f"Action.{action.upper()}" in src, action


def test_import_is_all_or_nothing_with_json_paths(user):
    good = {
        "external_ref": "DVCQG-1",
        "transferred_at": "2026-03-02T09:00:00+07:00",
        "agency": "vp-ubnd-tinh-12",
        "title": "Phản ánh về thời hạn cấp phiếu lý lịch tư pháp",
        "content": "Thời hạn cấp phiếu lý lịch tư pháp dài so với thực tế, đề nghị rút ngắn.",
        "sender": {"name": "Trần Văn Mẫu", "address": "Lai Châu", "phone": "0911111111"},
        "national_class": "regulation",
    }
    bad = dict(
        good,
        external_ref="DVCQG-1",
        transferred_at="2026-03-02 09:00",
        agency="khong-co",
        sender={"name": "", "address": "x"},
    )
    with pytest.raises(services.FeedbackError) as e:
        services_import({"petitions": [good, bad]}, user("pakn.laichau"))
    errs = e.value.errors
    assert "$.petitions[1].external_ref" in errs  # duplicate in the file
    assert "$.petitions[1].transferred_at" in errs
    assert "$.petitions[1].agency" in errs
    assert "$.petitions[1].sender.name" in errs
    assert "$.petitions[1].sender.phone" in errs
    assert not Petition.objects.exists()
    (p,) = services_import({"petitions": [good]}, user("pakn.laichau"))
    assert (p.channel, p.external_ref, p.national_class) == ("national", "DVCQG-1", "regulation")
    assert p.events.get().action == "imported" and p.received_at == vn(2026, 3, 2, 9)
    with pytest.raises(services.FeedbackError) as e:
        services_import({"petitions": [good]}, user("pakn.laichau"))
    assert "Đã nhập" in e.value.errors["$.petitions[0].external_ref"][0]
    with pytest.raises(services.FeedbackError) as e:
        services_import({"petitions": [dict(good, external_ref="X")]}, user("chuyenvien.syt"))
    assert "$.petitions[0].agency" in e.value.errors
    assert PetitionEvent.objects.count() == 1


def services_import(payload, who):
    from motcua.feedback.exchange import import_national

    return import_national(payload, user=who, now=vn(2026, 3, 3, 9))


def test_stricter_province_rules_for_staff_but_national_rule_for_the_indicator(petition, agency):
    from django.core.exceptions import ValidationError

    from motcua.feedback.models import DeadlineProfile

    looser = DeadlineProfile(province_code="12", handle_days=20, legal_basis="x")
    with pytest.raises(ValidationError):
        looser.full_clean()
    DeadlineProfile.objects.create(
        province_code="12", handle_days=10, legal_basis="Quy chế của tỉnh (minh họa)"
    )
    p = petition("pending")  # Monday 2/3/2026
    assert p.due_at.date() == date(2026, 3, 16)  # 10 WD, not 15
    facts = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 3, 1), end=date(2026, 3, 20), now=vn(2026, 3, 20, 12)
    )
    assert (facts.total, facts.on_time) == (1, 1)  # still within the national 15 WD


def test_the_sender_is_told_by_e_mail_and_sms(petition, user, mailoutbox, settings, tmp_path):
    from motcua.core import outbox
    from motcua.core.models import OutboxMessage

    settings.MOTCUA_NOTIFICATION_CHANNELS = ["email"]
    p = petition("pending")
    services.reject(p, user=user("pakn.laichau"), now=vn(2026, 3, 3, 9), ground="complaint")
    kinds = sorted(
        OutboxMessage.objects.filter(topic="feedback.notify").values_list(
            "payload__kind", flat=True
        )
    )
    assert kinds == ["email", "email", "sms", "sms"]  # receipt and refusal, two contacts each
    stats = outbox.deliver(now=vn(2026, 3, 3, 10), topics={"feedback.notify"})
    assert stats["delivered"] == 4  # sms switched off here: nothing to send, done
    assert [m.to for m in mailoutbox] == [[SENDER["sender_email"]]] * 2
    assert "Luật Khiếu nại" in mailoutbox[1].body and p.code in mailoutbox[1].subject


def test_an_agency_that_passed_a_petition_on_still_sees_it(petition, user, agency):
    p = petition("pending")
    p = services.transfer(
        p,
        user=user("pakn.laichau"),
        now=vn(2026, 3, 3, 9),
        letter_number="1/VP",
        to_agency=agency("so-y-te-12"),
    )
    p = services.transfer(
        p,
        user=user("chuyenvien.syt"),
        now=vn(2026, 3, 4, 9),
        letter_number="2/SYT",
        to_agency=agency("so-tu-phap-12"),
    )
    seen = selectors.visible_petitions(user("chuyenvien.syt"), date(2026, 3, 4))
    assert list(seen) == [p]
    assert not selectors.visible_petitions(user("chuyenvien.binhlu"), date(2026, 3, 4)).exists()


def test_handled_before_the_period_is_not_counted_again(petition, user):
    p = petition("pending", at=vn(2026, 2, 2, 9))
    services.reject(p, user=user("pakn.laichau"), now=vn(2026, 2, 3, 9), ground="unclear")
    waiting = petition("pending", at=vn(2026, 2, 10, 9))  # still waiting in March: counted
    march = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 3, 1), end=date(2026, 3, 31), now=vn(2026, 4, 1)
    )
    february = selectors.indicator_facts(
        agency_ids=None, start=date(2026, 2, 1), end=date(2026, 2, 28), now=vn(2026, 4, 1)
    )
    assert (march.total, march.on_time, march.satisfaction_total) == (1, 0, 0)
    assert (february.total, february.on_time) == (2, 2)
    assert waiting.pk in set(
        selectors.indicator_petitions(
            measure="total",
            agency_ids=None,
            start=date(2026, 3, 1),
            end=date(2026, 3, 31),
            now=vn(2026, 4, 1),
        ).values_list("pk", flat=True)
    )
