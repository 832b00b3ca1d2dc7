"""Demo data for supervision: plan targets (the seeds' figures), a synthetic 2026 history
imported through the dossier importer (so that the dashboards have months to show), and the
rollups rebuilt from it."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from motcua.core.calendar import VN_TZ

APPLICANT = {"kind": "individual", "name": "Nguyễn Văn Mẫu", "id_number": "012345678901"}
#: (procedure, cases, receiving agency, competent agency) — Lai Châu demo agencies
PROCEDURES = [
    ("1.001193", ["TH1", "TH2"], "ttpvhcc-xa-03390", "ubnd-xa-03390"),
    ("1.000894", ["TH1"], "ttpvhcc-xa-03390", "ubnd-xa-03390"),
    ("1.012289", ["TH1", "TH2"], "ttpvhcc-tinh-12", "so-y-te-12"),
    ("2.000789", ["TH1"], "ttpvhcc-tinh-12", "so-tu-phap-12"),
]
SUPP = {"items": ["Bản sao giấy tờ"], "reason": "Thiếu giấy tờ"}


def synthetic_record(rng: random.Random, n: int, now: datetime, *, months=range(1, 9)) -> dict:
    """One dossier's history: a random walk through the transition table (seeded)."""
    procedure, cases, receiving, competent = rng.choice(PROCEDURES)
    channel = rng.choice(["direct", "direct", "online", "online", "postal"])
    t = datetime(
        now.year if now.month > max(months) else now.year - 1,
        rng.choice(list(months)),
        rng.randint(1, 28),
        rng.randint(8, 15),
        rng.choice([0, 30]),
        tzinfo=VN_TZ,
    )
    events: list[dict] = []

    def step(action: str, hours=(1.0, 60.0), **fields) -> None:
        nonlocal t
        t = t + timedelta(hours=rng.uniform(*hours))
        events.append({"action": action, "at": t.isoformat(), **fields})

    def done() -> dict:
        return {
            "external_id": f"DEMO-766-{n:05d}",
            "procedure": procedure,
            "case": rng.choice(cases),
            "channel": channel,
            "receiving_agency": receiving,
            "competent_agency": competent,
            "applicant": APPLICANT,
            "events": [e for e in events if datetime.fromisoformat(e["at"]) < now],
            **({"postal_tracking": f"EB{n:09d}VN"} if channel == "postal" else {}),
        }

    if channel == "online":
        events.append({"action": "submit", "at": t.isoformat()})
        if rng.random() < 0.12:
            step("refuse", (0.5, 3), reason="Hồ sơ không thuộc thẩm quyền giải quyết")
            return done()
        step("accept", (0.2, 4))
    else:
        events.append({"action": "accept", "at": t.isoformat()})
    if rng.random() < 0.08:
        step("stop", (1, 30), reason="Công dân xin rút hồ sơ")
        return done()
    step("forward", (0.1, 2))
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        step("request_supplement", (2, 120), **SUPP)
        if rng.random() < 0.15:
            return done()
        step("receive_supplement", (2, 200))
    r = rng.random()
    if r < 0.15:
        return done()
    if r < 0.22:
        step("stop", (1, 30), reason="Công dân xin rút hồ sơ")
        return done()
    if rng.random() < 0.85:
        step("approve", (2, 400))
    else:
        step("deny", (2, 300), reason="Không đủ điều kiện theo quy định")
    if rng.random() < 0.8:
        step("issue", (0.5, 10))
        if rng.random() < 0.8:
            step("return_result", (1, 100), method="desk", recipient=APPLICANT["name"])
    return done()


def load(now: datetime, *, with_dossiers: bool) -> str | None:
    from motcua.directory.models import AdminUnit, Agency
    from motcua.dossiers.models import Dossier
    from motcua.indicators import services

    year = now.astimezone(VN_TZ).year
    made = 0
    for code in ("12", "20"):
        unit = AdminUnit.objects.filter(
            code=code, parent__isnull=True, valid_to__isnull=True
        ).first()
        if unit is None:
            continue
        for key, value in services.DEFAULT_TARGETS.items():
            services.set_target(
                scope_kind="province", scope_id=unit.pk, year=year, measure=key, target=value,
                source="Kế hoạch kiểm soát TTHC năm 2026 (dữ liệu minh họa)",
            )  # fmt: skip
            made += 1
    health = Agency.objects.filter(code="so-y-te-12").first()
    if health is not None:
        for key in ("digitised", "online", "e_result"):
            services.set_target(
                scope_kind="agency", scope_id=health.pk, year=year, measure=key,
                target=services.DEFAULT_TARGETS[key],
                source="KH kiểm soát TTHC Sở Y tế (dữ liệu minh họa)",
            )  # fmt: skip
            made += 1
    imported = 0
    if (
        with_dossiers
        and not Dossier.objects.filter(idempotency_key__startswith="import:DEMO-766-").exists()
    ):
        from motcua.dossiers.importer import import_dossiers

        rng = random.Random(766)
        lines = [json.dumps(synthetic_record(rng, i, now), ensure_ascii=False) for i in range(240)]
        imported = import_dossiers(lines, now=now).dossiers
    n = services.rebuild_rollups(now=now)
    return (
        f"Giám sát: {made} chỉ tiêu kế hoạch, {imported} hồ sơ lịch sử minh họa, "
        f"bảng tổng hợp tính lại từ {n} hồ sơ."
    )
