"""Citizen notifications: from the outbox to e-mail and SMS, once per channel, with retries."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.core import outbox
from motcua.core.models import OutboxMessage
from motcua.dossiers import services as dossier_services
from motcua.sync import services
from motcua.sync.contrib.sms_file import FileSmsChannel
from motcua.sync.models import DeliveryStatus, NotificationDelivery
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 2, 9, 1)


def sms_lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_acceptance_sends_one_email_and_one_sms_and_never_again(accepted, sms_log, capsys):
    d = accepted()
    assert services.run_once(now=NOW) == {"planned": 1, "sent": 2, "failed": 0}
    assert len(mail.outbox) == 1
    m = mail.outbox[0]
    assert m.to == [CITIZEN.email]
    assert m.subject == f"Hồ sơ đã được tiếp nhận — hồ sơ {d.code}"
    assert "Kính gửi ông/bà Nguyễn Thị Mẫu" in m.body
    assert "Ngày hẹn trả kết quả: 17:00 ngày 16/04/2026" in m.body
    assert f"/tra-cuu-ho-so/?ma={d.code}" in m.body
    lines = sms_lines(sms_log)
    assert len(lines) == 1
    when, phone, text = lines[0].split("\t")
    assert when.startswith("20")
    assert phone == CITIZEN.phone and d.code in text and "/tra-cuu-ho-so/?ma=" in text
    assert f"[SMS → {CITIZEN.phone}]" in capsys.readouterr().out
    # deliver again → nothing more
    assert services.run_once(now=NOW + timedelta(hours=1)) == {"planned": 0, "sent": 0, "failed": 0}
    assert len(mail.outbox) == 1 and len(sms_lines(sms_log)) == 1
    rows = NotificationDelivery.objects.filter(dossier=d.submission_ref)
    assert sorted(rows.values_list("channel", "status", "attempts")) == [
        ("email", "sent", 1),
        ("sms", "sent", 1),
    ]
    # the portal sync messages are not ours: they stay for the national-portal adapter
    assert OutboxMessage.objects.filter(topic="portal.sync", delivered_at__isnull=True).exists()


def test_planning_twice_adds_nothing(accepted, sms_log):
    accepted()
    msg = OutboxMessage.objects.get(topic="citizen.notify")
    services.plan(msg, now=NOW)
    services.plan(msg, now=NOW)  # e.g. the outbox ran the handler again after a crash
    assert NotificationDelivery.objects.filter(message_id=msg.pk).count() == 2


@pytest.mark.parametrize(
    "email, sms, expected",
    [
        (False, True, {"email": "skipped", "sms": "sent"}),
        (True, False, {"email": "sent", "sms": "skipped"}),
        (False, False, {"email": "skipped", "sms": "skipped"}),
    ],
)
def test_a_channel_turned_off_is_not_used(accepted, sms_log, email, sms, expected):
    services.set_preference(id_number=CITIZEN.id_number, email=email, sms=sms, actor=None, now=NOW)
    d = accepted()
    services.run_once(now=NOW)
    rows = dict(
        NotificationDelivery.objects.filter(dossier=d.submission_ref).values_list(
            "channel", "status"
        )
    )
    assert rows == expected
    assert len(mail.outbox) == (1 if email else 0)
    assert len(sms_lines(sms_log)) == (1 if sms else 0)
    skipped = NotificationDelivery.objects.filter(status="skipped").first()
    if skipped:
        assert "không nhận" in skipped.last_error


def test_default_is_every_channel_with_a_contact(accepted, sms_log):
    d = accepted(applicant=replace(CITIZEN, email=""))
    services.run_once(now=NOW)
    rows = NotificationDelivery.objects.filter(dossier=d.submission_ref)
    assert rows.get(channel="email").status == "skipped"
    assert rows.get(channel="email").last_error == "Hồ sơ không có địa chỉ thư điện tử."
    assert rows.get(channel="sms").status == "sent" and mail.outbox == []


def test_a_failing_channel_is_retried_later_without_repeating_the_other(
    accepted, sms_log, monkeypatch
):
    d = accepted()

    def down(self, recipient, notification):
        raise ConnectionError("cổng SMS không phản hồi")

    monkeypatch.setattr(FileSmsChannel, "send", down)
    assert services.run_once(now=NOW) == {"planned": 1, "sent": 1, "failed": 1}
    sms = NotificationDelivery.objects.get(dossier=d.submission_ref, channel="sms")
    assert sms.status == "failed" and "không phản hồi" in sms.last_error
    assert sms.next_try_at == NOW + timedelta(minutes=1)
    assert services.run_once(now=NOW + timedelta(seconds=30))["failed"] == 0  # not due yet
    assert services.run_once(now=NOW + timedelta(minutes=1))["failed"] == 1  # still down
    sms.refresh_from_db()
    assert sms.attempts == 2 and sms.next_try_at == NOW + timedelta(minutes=3)
    monkeypatch.undo()
    assert services.run_once(now=NOW + timedelta(minutes=3))["sent"] == 1
    assert len(sms_lines(sms_log)) == 1 and len(mail.outbox) == 1  # e-mail not repeated
    sms.refresh_from_db()
    assert sms.status == "sent" and sms.attempts == 3


def test_gives_up_after_the_last_attempt(accepted, sms_log, monkeypatch, settings):
    settings.MOTCUA_NOTIFY_MAX_ATTEMPTS = 2
    d = accepted()
    monkeypatch.setattr(FileSmsChannel, "send", lambda *a: 1 / 0)
    services.run_once(now=NOW)
    services.run_once(now=NOW + timedelta(hours=1))
    services.run_once(now=NOW + timedelta(hours=2))
    sms = NotificationDelivery.objects.get(dossier=d.submission_ref, channel="sms")
    assert (sms.status, sms.attempts) == ("gave_up", 2)


def test_a_crash_between_send_and_mark_never_sends_twice(accepted, sms_log, monkeypatch):
    d = accepted()
    real = FileSmsChannel.send

    def send_then_die(self, recipient, notification):
        real(self, recipient, notification)
        raise KeyboardInterrupt  # the worker is killed before it records the outcome

    monkeypatch.setattr(FileSmsChannel, "send", send_then_die)
    with pytest.raises(KeyboardInterrupt):
        services.run_once(now=NOW)
    monkeypatch.undo()
    services.run_once(now=NOW + timedelta(hours=2))  # the worker restarts
    assert len(sms_lines(sms_log)) == 1
    sms = NotificationDelivery.objects.get(dossier=d.submission_ref, channel="sms")
    assert sms.status == DeliveryStatus.SENDING  # outcome unknown: left for a person
    # a person checks and decides to send again (admin action)
    n = services.resend(NotificationDelivery.objects.filter(pk=sms.pk), actor=None, now=NOW)
    assert n == 1
    services.run_once(now=NOW + timedelta(hours=3))
    assert len(sms_lines(sms_log)) == 2


def test_the_general_outbox_worker_sends_after_commit(
    accepted, sms_log, django_capture_on_commit_callbacks
):
    accepted()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stats = outbox.deliver(now=NOW, topics={"citizen.notify"})
    assert stats["delivered"] == 1 and len(callbacks) == 1
    assert len(mail.outbox) == 1 and len(sms_lines(sms_log)) == 1


def test_worker_command(accepted, sms_log):
    accepted()
    call_command("send_notifications")
    assert len(mail.outbox) == 1


def _drive_to_supplement(d, user):
    dossier_services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    dossier_services.hand_over(d, user=user("vanthu.syt"), now=vn(2026, 3, 2, 11))
    dossier_services.request_supplement(
        d,
        user=user("lanhdao.syt"),
        now=vn(2026, 3, 3, 9),
        items=["Bản sao chứng chỉ hành nghề"],
        reason="Thiếu chứng chỉ",
        deadline_days=10,
    )


def test_messages_say_what_happened_and_what_to_do(accepted, sms_log, user):
    d = accepted()
    _drive_to_supplement(d, user)
    dossier_services.receive_supplement(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 4, 9))
    dossier_services.apologise(
        d,
        user=user("lanhdao.syt"),
        now=vn(2026, 4, 14, 9),
        reason="Chờ ý kiến thẩm định",
        new_due=vn(2026, 4, 24, 17),
    )
    dossier_services.hand_over(
        d, user=user("lanhdaophong.syt"), now=vn(2026, 4, 15, 9), to_user=user("chuyenvien.syt")
    )
    dossier_services.hand_over(d, user=user("chuyenvien.syt"), now=vn(2026, 4, 16, 9))
    dossier_services.hand_over(d, user=user("lanhdaophong.syt"), now=vn(2026, 4, 16, 10))
    dossier_services.decide(d, user=user("lanhdao.syt"), now=vn(2026, 4, 17, 9), approved=True)
    dossier_services.issue(d, user=user("vanthu.syt"), now=vn(2026, 4, 17, 10))
    dossier_services.return_result(
        d, user=user("tiepnhan.laichau"), now=vn(2026, 4, 20, 9), method="desk", recipient="Mẫu"
    )
    services.run_once(now=vn(2026, 4, 20, 10))
    bodies = {m.subject.split(" — ")[0]: m.body for m in mail.outbox}
    assert list(bodies) == [
        "Hồ sơ đã được tiếp nhận",
        "Yêu cầu bổ sung hồ sơ",
        "Thư xin lỗi và hẹn lại ngày trả kết quả",
        "Kết quả đã sẵn sàng",
        "Đã trả kết quả",
    ]
    supplement = bodies["Yêu cầu bổ sung hồ sơ"]
    assert "Bản sao chứng chỉ hành nghề" in supplement and "Lý do: Thiếu chứng chỉ" in supplement
    assert "Vui lòng nộp giấy tờ bổ sung tại Trung tâm" in supplement and " trước " in supplement
    assert "17:00 ngày 24/04/2026" in bodies["Thư xin lỗi và hẹn lại ngày trả kết quả"]
    assert "mang Giấy tiếp nhận hồ sơ đến" in bodies["Kết quả đã sẵn sàng"]
    assert f"/danh-gia/ho-so/?ma={d.code}" in bodies["Đã trả kết quả"]
    assert len(sms_lines(sms_log)) == 5


def test_refusal_before_a_code_uses_the_submission_reference(case, agency, user, sms_log):
    d = dossier_services.submit(
        case=case("1.012289"),
        channel="online",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        now=vn(2026, 3, 2, 9),
    )
    dossier_services.refuse(
        d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10), reason="Không thuộc thẩm quyền"
    )
    services.run_once(now=vn(2026, 3, 2, 11))
    (m,) = mail.outbox
    assert d.submission_ref in m.subject and "Lý do: Không thuộc thẩm quyền" in m.body
    assert f"?ma={d.submission_ref}" in m.body


def test_the_worker_delivers_every_topic_that_has_a_handler():
    """One worker for all handled topics (citizen.notify, feedback.notify, …); a topic without
    a handler (portal.sync before its adapter) waits."""
    from motcua.core import outbox
    from motcua.core.models import OutboxMessage
    from motcua.sync import services as sync

    seen = []
    outbox.register("test.topic")(lambda msg: seen.append(msg.payload["n"]))
    try:
        now = vn(2026, 3, 2, 9)
        outbox.enqueue(topic="test.topic", key="k", dedup_key="t:1", payload={"n": 1}, now=now)
        outbox.enqueue(topic="no.handler", key="k", dedup_key="t:2", payload={"n": 2}, now=now)
        sync.run_once(now=now)
        assert seen == [1]
        assert OutboxMessage.objects.get(dedup_key="t:2").delivered_at is None
        assert "feedback.notify" in outbox.handled_topics()
    finally:
        outbox._handlers.pop("test.topic", None)
