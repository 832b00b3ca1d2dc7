"""Every transition from every state, tried by every role: allowed exactly when the law says.

The expected tables below are written from the spec (dossier-lifecycle.md §3–§4), not copied
from the code's transition table, so a wrong row in either shows up here.
"""

from datetime import timedelta

import pytest
from django.db import transaction

from motcua.dossiers import services
from motcua.dossiers.services import DossierError
from motcua.dossiers.states import State
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db

DESK, CLERK, HEAD, SPEC, LEAD = (
    "tiepnhan.laichau",
    "vanthu.syt",
    "lanhdaophong.syt",
    "chuyenvien.syt",
    "lanhdao.syt",
)
SUPERVISOR, OTHER_DESK, OTHER_LEADER = "giamsat.laichau", "tiepnhan.binhlu", "lanhdao.binhlu"
USERS = [DESK, CLERK, HEAD, SPEC, LEAD, SUPERVISOR, OTHER_DESK, OTHER_LEADER]

OPEN = {
    State.RECEIVED,
    State.IN_PROCESS,
    State.INTER_AGENCY,
    State.SUPPLEMENT_REQUESTED,
    State.FIN_OBLIGATION_PENDING,
    State.SUSPENDED,
}
#: action -> (states it may start from, users allowed)
EXPECTED = {
    "accept": ({State.SUBMITTED}, {DESK}),
    "guide": ({State.SUBMITTED}, {DESK}),
    "resubmit": ({State.RECEPTION_GUIDANCE}, {DESK}),
    "refuse": ({State.SUBMITTED, State.RECEPTION_GUIDANCE}, {DESK}),
    "forward": ({State.RECEIVED}, {DESK}),
    "consult": ({State.IN_PROCESS}, {SPEC, HEAD, LEAD}),
    "request_supplement": ({State.IN_PROCESS}, {LEAD}),
    "receive_supplement": ({State.SUPPLEMENT_REQUESTED}, {DESK, SPEC}),
    "supplement_expired": ({State.SUPPLEMENT_REQUESTED}, {LEAD}),
    "request_payment": ({State.IN_PROCESS}, {SPEC, LEAD}),
    "payment_done": ({State.FIN_OBLIGATION_PENDING}, {DESK, SPEC}),
    "suspend": ({State.IN_PROCESS}, {LEAD}),
    "resume": ({State.SUSPENDED}, {LEAD}),
    "apologise": (OPEN, {LEAD}),
    "correct_due": (OPEN, {LEAD}),
    "approve": ({State.IN_PROCESS}, {LEAD}),
    "deny": ({State.IN_PROCESS}, {LEAD}),
    "issue": ({State.DECIDED_APPROVED, State.DECIDED_DENIED}, {CLERK, LEAD}),
    "return_result": ({State.READY_FOR_RETURN}, {DESK}),
    "stop": ({State.SUBMITTED, State.RECEPTION_GUIDANCE} | OPEN, {DESK}),
    "archive": ({State.RETURNED, State.REFUSED, State.STOPPED}, {DESK, CLERK, LEAD}),
}


def _call(action, d, u, now, agency):
    due = (d.due_at or now) + timedelta(days=10)
    args = {
        "guide": {"items": ["Bản sao chứng chỉ"], "reason": "Thiếu giấy tờ"},
        "refuse": {"reason": "Không thuộc thẩm quyền giải quyết"},
        "consult": {"to_agency": agency("so-tu-phap-12"), "amount": 3, "note": "Xin ý kiến"},
        "request_supplement": {"items": ["Bản sao chứng chỉ"], "reason": "Thiếu chứng chỉ"},
        "request_payment": {"note": "Nộp lệ phí"},
        "suspend": {"note": "Chờ kết luận thanh tra"},
        "apologise": {"reason": "Chờ thẩm định thực địa", "new_due": due},
        "correct_due": {"reason": "Sai ngày hẹn do lỗi nhập", "new_due": due},
        "deny": {"note": "Cơ sở chưa đáp ứng điều kiện"},
        "return_result": {"method": "desk", "recipient": "Nguyễn Thị Mẫu"},
        "stop": {"reason": "Công dân xin rút hồ sơ"},
    }.get(action, {})
    fn = {
        "approve": lambda d, **k: services.decide(d, approved=True, **k),
        "deny": lambda d, **k: services.decide(d, approved=False, **k),
    }.get(action) or getattr(services, action)
    return fn(d, user=u, now=now, **args)


def _build(state, case, agency, user):
    """A Sở Y tế dossier driven to ``state`` through the services."""
    u = user
    desk = agency("ttpvhcc-tinh-12")
    t = vn(2026, 3, 2, 9)
    d = services.submit(
        case=case("1.012289"), channel="online", receiving_agency=desk, applicant=CITIZEN, now=t
    )
    path = {
        State.SUBMITTED: [],
        State.RECEPTION_GUIDANCE: [("guide", DESK)],
        State.REFUSED: [("refuse", DESK)],
        State.RECEIVED: [("accept", DESK)],
        State.IN_PROCESS: [("accept", DESK), ("forward", DESK)],
        State.INTER_AGENCY: [("accept", DESK), ("forward", DESK), ("consult", SPEC)],
        State.SUPPLEMENT_REQUESTED: [
            ("accept", DESK),
            ("forward", DESK),
            ("request_supplement", LEAD),
        ],
        State.FIN_OBLIGATION_PENDING: [
            ("accept", DESK),
            ("forward", DESK),
            ("request_payment", SPEC),
        ],
        State.SUSPENDED: [("accept", DESK), ("forward", DESK), ("suspend", LEAD)],
        State.DECIDED_APPROVED: [("accept", DESK), ("forward", DESK), ("approve", LEAD)],
        State.DECIDED_DENIED: [("accept", DESK), ("forward", DESK), ("deny", LEAD)],
        State.READY_FOR_RETURN: [
            ("accept", DESK),
            ("forward", DESK),
            ("approve", LEAD),
            ("issue", CLERK),
        ],
        State.RETURNED: [
            ("accept", DESK),
            ("forward", DESK),
            ("approve", LEAD),
            ("issue", CLERK),
            ("return_result", DESK),
        ],
        State.STOPPED: [("accept", DESK), ("stop", DESK)],
    }[state]
    for i, (action, who) in enumerate(path):
        _call(action, d, u(who), t + timedelta(hours=i + 1), agency)
    d.refresh_from_db()
    assert d.state == state
    return d


STATES = [
    State.SUBMITTED,
    State.RECEPTION_GUIDANCE,
    State.REFUSED,
    State.RECEIVED,
    State.IN_PROCESS,
    State.INTER_AGENCY,
    State.SUPPLEMENT_REQUESTED,
    State.FIN_OBLIGATION_PENDING,
    State.SUSPENDED,
    State.DECIDED_APPROVED,
    State.DECIDED_DENIED,
    State.READY_FOR_RETURN,
    State.RETURNED,
    State.STOPPED,
]


@pytest.mark.parametrize("state", STATES)
def test_every_action_by_every_role(state, case, agency, user):
    d = _build(state, case, agency, user)
    now = vn(2026, 3, 3, 9)
    wrong = []
    for action, (sources, allowed) in EXPECTED.items():
        for username in USERS:
            expect = state in sources and username in allowed
            try:
                with transaction.atomic():
                    _call(action, d, user(username), now, agency)
                    got = True
                    raise _Rollback
            except _Rollback:
                pass
            except DossierError as exc:
                got = False
                reason = exc.code
                if (
                    expect
                    or (state in sources and reason not in ("forbidden",))
                    or (state not in sources and reason not in ("invalid_state", "already_decided"))
                ):
                    wrong.append((action, username, exc.code, exc.message))
                    continue
            if got != expect:
                wrong.append((action, username, "allowed" if got else "refused", ""))
            d.refresh_from_db()
            assert d.state == state
    assert not wrong, wrong


class _Rollback(Exception):
    pass
