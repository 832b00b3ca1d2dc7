"""Benchmark: catalog search and deadline arithmetic, each against a baseline in this process.

Run with `make bench` (uses the database of DATABASE_URL or the embedded SQLite with the demo
loaded). Prints p50/p95 latencies and the ratio to the baseline, and writes
bench/results/catalog-<vendor>.json with a description of the machine.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.catalog.selectors import search_procedures  # noqa: E402
from motcua.core.calendar import VN_TZ  # noqa: E402
from motcua.core.selectors import work_calendar  # noqa: E402
from motcua.core.text import fold  # noqa: E402

QUERIES = ["dang ky khai sinh", "ĐĂNG KÝ KẾT HÔN", "chứng thực", "giay phep", "khieu nai"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100)
    return {"p50_ms": round(qs[49], 3), "p95_ms": round(qs[94], 3)}


def orm_search() -> None:
    for q in QUERIES:
        list(search_procedures(q, on=timezone.localdate())[:20])


def sql_search() -> None:
    """Hand-written SQL of the same search: folded LIKE per word, ranked, in-force versions."""
    today = timezone.localdate()
    with connection.cursor() as cur:
        for q in QUERIES:
            f = fold(q)
            words = f.split(" ")
            where = " AND ".join(["p.name_folded LIKE %s"] * len(words))
            cur.execute(
                f"""
                SELECT p.code, p.name FROM catalog_procedure p
                WHERE p.is_internal = %s AND ({where})
                  AND EXISTS (SELECT 1 FROM catalog_procedureversion v WHERE v.procedure_id = p.id
                     AND v.status = 'published' AND v.effective_from <= %s
                     AND (v.effective_to IS NULL OR v.effective_to > %s)
                     AND v.change_type <> 'abolished')
                ORDER BY CASE WHEN p.name_folded = %s THEN 1
                              WHEN p.name_folded LIKE %s THEN 2
                              WHEN p.name_folded LIKE %s THEN 3 ELSE 4 END,
                         length(p.name_folded), p.name_folded
                LIMIT 20""",
                [False, *[f"%{w}%" for w in words], today, today, f, f"{f}%", f"%{f}%"],
            )
            cur.fetchall()


def main() -> None:
    if (
        not connection.introspection.table_names()
        or not search_procedures("khai sinh", on=timezone.localdate()).exists()
    ):
        sys.exit("Chưa có dữ liệu: chạy `make demo` (hoặc `make run`) trước.")
    results: dict[str, object] = {}
    orm_search(), sql_search()  # warm up
    orm = summary(timed(orm_search, ROUNDS))
    raw = summary(timed(sql_search, ROUNDS))
    results["catalog_search_5_queries"] = {
        "orm": orm,
        "sql_baseline": raw,
        "ratio_p50": round(orm["p50_ms"] / raw["p50_ms"], 2),
    }
    cal = work_calendar()
    start = datetime(2026, 2, 12, 10, tzinfo=VN_TZ)
    n = 20000
    t = time.perf_counter()
    for i in range(n):
        cal.due(start + timedelta(hours=i % 200), 5 + i % 15, "working_days")
    per_s = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(n):  # baseline: bare date stepping over a precomputed set of days off
        d, k = (start + timedelta(hours=i % 200)).date(), 5 + i % 15
        while k:
            d += timedelta(days=1)
            if (d.weekday() < 5 and d not in cal.off_days) or d in cal.worked_days:
                k -= 1
    base_s = n / (time.perf_counter() - t)
    results["due_working_days"] = {
        "per_second": round(per_s),
        "baseline_per_second": round(base_s),
        "ratio": round(base_s / per_s, 2),
    }
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "database": connection.vendor,
        "when": datetime.now().isoformat(timespec="seconds"),
    }
    out = Path(__file__).parent / "results" / f"catalog-{connection.vendor}.json"
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print(f"motcua bench — {connection.vendor}, {machine['cpus']} CPU, Python {machine['python']}")
    s = results["catalog_search_5_queries"]
    print(
        f"catalog search (5 queries): ORM p50 {s['orm']['p50_ms']} ms, p95 {s['orm']['p95_ms']} ms"
        f" | SQL p50 {s['sql_baseline']['p50_ms']} ms | ratio {s['ratio_p50']}"
    )
    d = results["due_working_days"]
    print(
        f"due date (working days): {d['per_second']}/s | bare loop {d['baseline_per_second']}/s"
        f" | cost ratio {d['ratio']}"
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
