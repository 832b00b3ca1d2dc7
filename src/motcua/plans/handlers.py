"""Outbox handler of ``plans.remind``: a reminder to one officer of the plan's agency.

The smallest new notification kind: one outbox message per (occurrence, officer, day); the
handler writes one row in the sync package's delivery log
(:class:`~motcua.sync.models.NotificationDelivery`, action ``plan_reminder``, the "dossier"
column carrying ``KH-<plan id>``, or ``KT-<inspection id>`` for a correction required by an
inspection) and lets its channel and retry machinery (``send_due``)
send it. Only the e-mail kind is used: staff accounts carry an e-mail address, not a phone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.core import outbox
from motcua.core.models import OutboxMessage
from motcua.plans.models import Finding, TaskOccurrence
from motcua.plans.services import REMIND_TOPIC


def render(occ: TaskOccurrence, overdue: bool) -> tuple[str, str, str]:
    task, plan = occ.task, occ.task.plan
    due = occ.due_on.strftime("%d/%m/%Y") if occ.due_on else "chưa có hạn"
    state = "đã quá hạn" if overdue else "sắp đến hạn"
    subject = f"Nhiệm vụ {state} ({due}): {task.content[:120]}"
    body = (
        f"Kế hoạch: {plan.number} — {plan.title}\n"
        f"Nhiệm vụ {task.number}: {task.content}\n"
        f"Chủ trì: {task.lead or '—'}\n"
        f"Kỳ: {occ.label}\nHạn: {due} ({state})\n"
        f"Thời gian theo kế hoạch: {task.deadline_text}\n"
    )
    short = f"Nhac han {due}: nhiem vu {task.number} KH {plan.number}"
    return subject, body, short


def render_finding(f: Finding, overdue: bool) -> tuple[str, str, str]:
    due = f.due_on.strftime("%d/%m/%Y")
    state = "đã quá hạn" if overdue else "sắp đến hạn"
    subject = f"Yêu cầu khắc phục {state} ({due}): {f.correction[:120]}"
    body = (
        f"Kế hoạch kiểm tra: {f.inspection.plan.title}\n"
        f"Đơn vị được kiểm tra: {f.inspection.agency.name}\n"
        f"Tồn tại: {f.text}\nYêu cầu khắc phục: {f.correction}\nHạn: {due} ({state})\n"
    )
    return subject, body, f"Nhac han khac phuc {due}"


@outbox.register(REMIND_TOPIC)
def deliver_plan_reminder(msg: OutboxMessage) -> None:
    from motcua.sync import registry, services
    from motcua.sync.models import DeliveryStatus, NotificationDelivery

    overdue = bool(msg.payload.get("overdue"))
    if "finding" in msg.payload:
        f = (
            Finding.objects.select_related("inspection__plan", "inspection__agency")
            .filter(pk=msg.payload["finding"])
            .first()
        )
        if f is None:
            return
        ref = f"KT-{f.inspection_id}"
        subject, body, short = render_finding(f, overdue)
    else:
        occ = (
            TaskOccurrence.objects.select_related("task__plan")
            .filter(pk=msg.payload.get("occurrence"))
            .first()
        )
        if occ is None:
            return
        ref = f"KH-{occ.task.plan_id}"
        subject, body, short = render(occ, overdue)
    now = timezone.now()
    channel = registry.active().get("email")
    email = msg.payload.get("email") or ""
    status, reason = DeliveryStatus.PENDING, ""
    if channel is None:
        status, reason = DeliveryStatus.SKIPPED, "Chưa cấu hình kênh thư điện tử."
    elif not email:
        status, reason = DeliveryStatus.SKIPPED, "Cơ quan chưa có cán bộ có thư điện tử."
    NotificationDelivery.objects.bulk_create(
        [
            NotificationDelivery(
                message_id=msg.pk,
                channel="email",
                plugin=channel.name if channel else "",
                recipient=email,
                dossier=ref,
                action="plan_reminder",
                subject=subject[:255],
                body=body,
                short=short,
                status=status,
                created_at=now,
                next_try_at=min(msg.available_at, now),
                last_error=reason,
            )
        ],
        ignore_conflicts=True,
    )
    if status == DeliveryStatus.PENDING:
        transaction.on_commit(
            lambda: services.send_due(now=timezone.now(), message_id=msg.pk), robust=True
        )
