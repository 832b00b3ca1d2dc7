"""Telling the sender: receipt, refusal (with where a complaint belongs), clarification
request, transfer and answer, by e-mail and SMS.

The services write one outbox message per contact kind (topic ``feedback.notify``) in the
same transaction as the event; the handler below renders it and sends it through the
notification channel plug-ins of ``sync`` (its registry: ``email``, ``sms_file``…). One
message per kind, so a failing SMS gateway never re-sends the e-mail.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from motcua.core import outbox
from motcua.core.calendar import VN_TZ
from motcua.core.models import OutboxMessage
from motcua.feedback.models import Petition, PetitionEvent
from motcua.feedback.states import REDIRECT_HINT, Action

TOPIC = "feedback.notify"
NOTIFIED = frozenset(
    {
        Action.RECEIVED,
        Action.IMPORTED,
        Action.REJECTED,
        Action.SUPPLEMENT_REQUESTED,
        Action.TRANSFERRED,
        Action.ANSWERED,
    }
)


def queue(p: Petition, event: PetitionEvent, *, now: datetime) -> None:
    """Queue the sender's notifications of ``event`` (inside the service's transaction)."""
    if event.action not in NOTIFIED:
        return
    contacts = {"email": p.sender_email, "sms": p.sender_phone}
    for kind, contact in contacts.items():
        if not contact:
            continue
        outbox.enqueue(
            topic=TOPIC,
            key=p.code,
            dedup_key=f"{TOPIC}:{p.pk}:{event.seq}:{kind}",
            payload={"petition": p.pk, "seq": event.seq, "kind": kind},
            now=now,
        )


def _url(code: str) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_URL", "").rstrip("/")
    return f"{base}/phan-anh-kien-nghi/tra-cuu/?ma={code}"


def render(p: Petition, e: PetitionEvent) -> tuple[str, str, str]:
    """``(subject, body, short)`` in Vietnamese, without anything the sender did not give."""
    when = e.at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
    head = f"Phản ánh, kiến nghị {p.code} “{p.title}”"
    if e.action in (Action.RECEIVED, Action.IMPORTED):
        text = f"đã được {p.agency.name} tiếp nhận lúc {when}."
    elif e.action == Action.REJECTED:
        text = (
            f"không được tiếp nhận: {e.data.get('ground_label', '')}. "
            f"{REDIRECT_HINT.get(p.rejection_ground, '')}"
        ).strip()
    elif e.action == Action.SUPPLEMENT_REQUESTED:
        text = f"cần làm rõ, bổ sung: {e.note} Vui lòng trả lời trên trang tra cứu."
    elif e.action == Action.TRANSFERRED:
        text = f"đã được chuyển đến {e.data.get('to_body', '')} (văn bản số " + (
            f"{e.data.get('letter_number', '')}) để xử lý theo thẩm quyền."
        )
    else:
        text = f"đã có văn bản trả lời của {p.agency.name}: {p.answer}"
    body = f"{head} {text}\n\nTra cứu: {_url(p.code)}"
    short = f"PAKN {p.code}: {text}"[:300]
    return f"{head} — {Action(e.action).label}", body, short


@outbox.register(TOPIC)
def deliver(msg: OutboxMessage) -> None:
    from motcua.sync import registry
    from motcua.sync.base import Notification

    p = Petition.objects.select_related("agency").get(pk=msg.payload["petition"])
    e = PetitionEvent.objects.get(petition=p, seq=msg.payload["seq"])
    kind = msg.payload["kind"]
    channel = registry.active().get(kind)
    if channel is None:
        return  # that kind of channel is switched off
    subject, body, short = render(p, e)
    recipient = p.sender_email if kind == "email" else p.sender_phone
    channel.send(recipient, Notification(subject=subject, body=body, short=short))
