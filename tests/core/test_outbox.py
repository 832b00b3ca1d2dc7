"""The outbox: written with the business change, delivered in order, never twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core import outbox
from motcua.core.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered():
    seen: list[tuple[str, int]] = []
    fail = {"key": None}

    @outbox.register("test.topic")
    def handler(msg):
        if msg.key == fail["key"]:
            raise RuntimeError("cổng quốc gia không trả lời")
        seen.append((msg.key, msg.payload["n"]))

    return seen, fail


def _put(key, n, now):
    return outbox.enqueue(
        topic="test.topic", key=key, dedup_key=f"{key}:{n}", payload={"n": n}, now=now
    )


def test_delivered_in_order_and_only_once(delivered):
    seen, _ = delivered
    now = timezone.now()
    for n in range(3):
        _put("A", n, now)
        _put("B", n, now)
    _put("A", 0, now)  # the same event queued twice is stored once
    assert OutboxMessage.objects.filter(topic="test.topic").count() == 6
    stats = outbox.deliver(now=now, topics={"test.topic"})
    assert stats["delivered"] == 6
    assert [n for k, n in seen if k == "A"] == [0, 1, 2]
    assert outbox.deliver(now=now, topics={"test.topic"})["delivered"] == 0
    assert len(seen) == 6


def test_a_failure_holds_back_later_messages_of_the_same_key(delivered):
    seen, fail = delivered
    now = timezone.now()
    for n in range(3):
        _put("A", n, now)
        _put("B", n, now)
    fail["key"] = "A"
    stats = outbox.deliver(now=now, topics={"test.topic"})
    assert stats["failed"] == 1 and [k for k, _ in seen] == ["B", "B", "B"]
    msg = OutboxMessage.objects.get(dedup_key="A:0")
    assert msg.attempts == 1 and "không trả lời" in msg.last_error and msg.available_at > now
    fail["key"] = None
    outbox.deliver(now=now + timedelta(seconds=1), topics={"test.topic"})  # A:0 still waiting
    assert [k for k, _ in seen] == ["B", "B", "B"]  # so A:1 and A:2 wait behind it
    later = now + timedelta(hours=2)
    outbox.deliver(now=later, topics={"test.topic"})
    assert [n for k, n in seen if k == "A"] == [0, 1, 2]
    assert not OutboxMessage.objects.filter(topic="test.topic", delivered_at__isnull=True).exists()


def test_a_topic_without_handler_does_not_hold_back_another_topic(delivered):
    seen, _ = delivered
    now = timezone.now()
    outbox.enqueue(topic="no.handler.yet", key="A", dedup_key="x:A:0", payload={}, now=now)
    _put("A", 1, now)
    outbox.deliver(now=now, topics={"test.topic", "no.handler.yet"})
    assert seen == [("A", 1)]
    assert OutboxMessage.objects.get(dedup_key="x:A:0").delivered_at is None
