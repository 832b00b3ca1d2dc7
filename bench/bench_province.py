"""Province-scale benchmark (make bench): intake, workqueues, detail, 766 scorecard, Biểu 06.

One database per run (``--db sqlite`` under var/bench/, ``--db postgres`` in the database
``bench_province``), never the development or test databases. The synthetic province
(bench/province.py) is generated once per (N, seed) and reused by later runs.

Every measured path is printed next to a hand-written SQL baseline of the same computation run
in this process, as a ratio, and everything is written to bench/results/<timestamp>-<db>.json
with a description of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
warnings.filterwarnings("ignore", message="No directory at")
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/bench_province"


def _configure(db: str) -> dict[str, str]:
    """Environment of the benchmark database (set before Django starts)."""
    env: dict[str, str] = {}
    if db == "postgres":
        env["DATABASE_URL"] = os.environ.get("BENCH_PG_URL", PG_DEFAULT)
        env["MOTCUA_VAR_DIR"] = str(ROOT / "var" / "bench-pg")
    else:
        env["MOTCUA_VAR_DIR"] = str(ROOT / "var" / "bench")
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    return env


def _recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.startswith("bench_"):
        raise SystemExit(
            f"Từ chối xóa CSDL '{name}': tên CSDL đo hiệu năng phải bắt đầu bằng bench_."
        )
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def prepare(db: str, n: int, seed: int, fresh: bool, end: str | None = None) -> dict:
    """Make sure the benchmark database holds the synthetic province of (n, seed)."""
    var = Path(os.environ["MOTCUA_VAR_DIR"])
    where = os.environ["DATABASE_URL"].rsplit("/", 1)[1] if db == "postgres" else "sqlite"
    marker = var / f"province-{where}.json"
    if marker.exists() and not fresh:
        info = json.loads(marker.read_text())
        if (
            info.get("n") == n
            and info.get("seed") == seed
            and (end is None or info.get("end") == end)
        ):
            return info
    if db == "postgres":
        _recreate_postgres(os.environ["DATABASE_URL"])
    else:
        for f in var.glob("motcua.sqlite3*"):
            f.unlink()
    marker.unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-dossiers", verbosity=0)
    setup_s = time.perf_counter() - t
    sys.path.insert(0, str(ROOT / "bench"))
    import province

    print(f"Sinh tỉnh giả lập: {n:,} hồ sơ, seed {seed} …", flush=True)
    until = province.end_of(end)
    t = time.perf_counter()
    stats = province.generate(n=n, seed=seed, end=until, log=lambda m: print(m, flush=True))
    total = time.perf_counter() - t  # with the commit (deferred FK checks) and ANALYZE
    checked = province.check_replay(300)
    info = {
        "n": n,
        "seed": seed,
        "end": end or until.isoformat(),
        "setup_seconds": round(setup_s, 1),
        "generate_seconds": round(stats.seconds, 1),
        "load_seconds_with_commit_and_analyze": round(total, 1),
        "rows": stats.rows,
        "replay_checked": checked,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
    }
    marker.write_text(json.dumps(info, indent=2))
    print(
        f"  xong trong {stats.seconds:.0f} s ({n / stats.seconds:,.0f} hồ sơ/s),"
        f" {total:.0f} s kể cả COMMIT (kiểm tra khóa ngoại) và ANALYZE; "
        f"replay khớp trên {checked} hồ sơ mẫu",
        flush=True,
    )
    return info


# --- helpers ----------------------------------------------------------------------------


def pct(samples: list[float]) -> dict[str, float]:
    if len(samples) < 2:
        v = round(samples[0], 2) if samples else 0.0
        return {"p50_ms": v, "p95_ms": v, "n": len(samples)}
    q = statistics.quantiles(samples, n=100)
    return {"p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2), "n": len(samples)}


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def machine(db: str) -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        version = cur.fetchone()[0]
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": connection.vendor,
        "database_version": version,
        "django": __import__("django").get_version(),
        "load_average": os.getloadavg(),
    }


# --- intake -----------------------------------------------------------------------------


def intake_plan():
    """Desk intake at the province centre (Sở Y tế, Sở Tư pháp) and at a commune centre."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from motcua.catalog.models import ProcedureCase
    from motcua.catalog.selectors import version_in_force
    from motcua.directory.models import Agency

    User = get_user_model()
    plan = []
    for username, desk, codes in (
        ("tiepnhan.laichau", "ttpvhcc-tinh-12", ["1.012290", "2.001725", "1.001710"]),
        ("tiepnhan.binhlu", "ttpvhcc-xa-03390", ["1.001193", "1.004884", "2.000635"]),
    ):
        user = User.objects.get(username=username)
        agency = Agency.objects.select_related("unit__parent").get(code=desk)
        for code in codes:
            from motcua.catalog.models import Procedure

            v = version_in_force(Procedure.objects.get(code=code), timezone.localdate())
            case = ProcedureCase.objects.filter(version=v).order_by("code").first()
            comps = [
                {"name": c.name, "copy_type": c.copy_type, "component": c.pk}
                for c in v.components.order_by("order")[:3]
            ]
            plan.append((user, agency, case, v, comps))
    return plan


def applicant(k: int):
    from motcua.dossiers.services import ApplicantData

    return ApplicantData(
        kind="individual",
        name=f"Người Thử Nghiệm {k}",
        id_number=f"0129{k % 10**8:08d}",
        phone="0912000000",
        address="Bản Thử, xã Thử",
    )


def bench_intake_service(count: int) -> dict:
    from django.utils import timezone

    from motcua.dossiers import services

    plan = intake_plan()
    services.receive_at_desk(  # warm caches
        user=plan[0][0],
        now=timezone.now(),
        case=plan[0][2],
        channel="direct",
        receiving_agency=plan[0][1],
        applicant=applicant(0),
        components=plan[0][4],
    )
    t = time.perf_counter()
    for k in range(count):
        user, agency, case, _v, comps = plan[k % len(plan)]
        services.receive_at_desk(
            user=user,
            now=timezone.now(),
            case=case,
            channel="direct",
            receiving_agency=agency,
            applicant=applicant(k + 1),
            components=comps,
        )
    s = time.perf_counter() - t
    return {"dossiers": count, "seconds": round(s, 2), "per_second": round(count / s, 1)}


def bench_intake_sql(count: int) -> dict:
    """The same writes by hand: dossier, submit event, two counters, accept, event, components,
    two outbox messages per event; one transaction per dossier."""
    import uuid

    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.core.calendar import VN_TZ
    from motcua.dossiers import clock
    from motcua.dossiers.services import calendar_for

    plan = intake_plan()
    pg = connection.vendor == "postgresql"
    cal = calendar_for(plan[0][1])
    adapt = connection.ops.adapt_datetimefield_value

    def dt(v):
        return v if pg or v is None else adapt(v)

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for k in range(count):
            _user, agency, case, v, comps = plan[k % len(plan)]
            competent_id = _competent_id(v, agency)
            now = timezone.now()
            with transaction.atomic():
                ref = f"S{now:%y%m%d}-{uuid.uuid4().hex[:10].upper()}"
                cur.execute(
                    "INSERT INTO dossiers_dossier (submission_ref, version_id, case_id, channel,"
                    " receiving_agency_id, competent_agency_id, boundary_free, applicant_kind,"
                    " applicant_name, applicant_id_number, applicant_address, applicant_phone,"
                    " applicant_email, submitter_name, sets, delivery, postal_tracking,"
                    " submitted_at, state, national_status, paused_seconds, supplement_count,"
                    " apology_count, timeliness, holder_agency_id, holder_role, result_count,"
                    " last_seq) VALUES (%s,%s,%s,'direct',%s,%s,%s,'individual',%s,%s,%s,%s,'',"
                    "'',1,'desk','',%s,'submitted',1,0,0,0,'',%s,'receiving_officer',0,1)"
                    + (" RETURNING id" if pg else ""),
                    [
                        ref,
                        v.pk,
                        case.pk,
                        agency.pk,
                        competent_id,
                        False,
                        f"Người SQL {k}",
                        f"0128{k:08d}",
                        "Bản Thử",
                        "0912000000",
                        dt(now),
                        agency.pk,
                    ],
                )
                did = cur.fetchone()[0] if pg else cur.lastrowid
                _event(cur, did, 1, dt(now), "submit", agency.pk, "submitted", 1)
                _outbox(cur, ref, did, 1, dt(now), 2)
                day = now.astimezone(VN_TZ).date()
                seq = _counter(cur, agency.pk, f"day:{day:%y%m%d}", pg)
                entry = _counter(cur, agency.pk, f"book:{day.year}", pg)
                received = cal.deemed_receipt(now)
                due = clock.legal_due(case, cal, now, online=False)
                code = f"{agency.electronic_id}-{day:%y%m%d}-{seq:04d}-S{k}"
                cur.execute(
                    "UPDATE dossiers_dossier SET code=%s, received_at=%s, original_due_at=%s,"
                    " due_at=%s, book_year=%s, book_entry=%s, state='received', national_status=2,"
                    " last_seq=2 WHERE id=%s",
                    [code, dt(received), dt(due), dt(due), day.year, entry, did],
                )
                _event(cur, did, 2, dt(now), "accept", agency.pk, "received", 2)
                _outbox(cur, ref, did, 2, dt(now), 2)
                for c in comps:
                    cur.execute(
                        "INSERT INTO dossiers_dossiercomponent (dossier_id, component_id, name,"
                        " copy_type, quantity, presented, note) VALUES (%s,%s,%s,%s,1,%s,'')",
                        [did, c["component"], c["name"], c["copy_type"], True],
                    )
    s = time.perf_counter() - t0
    return {"dossiers": count, "seconds": round(s, 2), "per_second": round(count / s, 1)}


_COMPETENT: dict = {}


def _competent_id(version, receiving) -> int:
    key = (version.pk, receiving.pk)
    if key not in _COMPETENT:
        from motcua.dossiers.services import competent_agency_for

        _COMPETENT[key] = competent_agency_for(version, receiving, None).pk
    return _COMPETENT[key]


def _event(cur, did, seq, at, action, agency_id, state, national) -> None:
    cur.execute(
        "INSERT INTO dossiers_dossierevent (dossier_id, seq, at, action, actor_name, actor_role,"
        " actor_agency_id, state, national_status, note, data) VALUES"
        " (%s,%s,%s,%s,'Đỗ Thị Lan','receiving_officer',%s,%s,%s,'',%s)",
        [did, seq, at, action, agency_id, state, national, json.dumps({"set": {"state": state}})],
    )


def _outbox(cur, ref, did, seq, at, n) -> None:
    for topic in ("portal.sync", "citizen.notify")[:n]:
        cur.execute(
            "INSERT INTO core_outboxmessage (topic, key, dedup_key, payload, created_at,"
            " available_at, attempts, last_error) VALUES (%s,%s,%s,%s,%s,%s,0,'')",
            [topic, ref, f"sql:{topic}:{did}:{seq}", json.dumps({"dossier": ref}), at, at],
        )


def _counter(cur, agency_id: int, scope: str, pg: bool) -> int:
    if pg:
        cur.execute(
            "INSERT INTO dossiers_codecounter (agency_id, scope, value) VALUES (%s,%s,0)"
            " ON CONFLICT DO NOTHING",
            [agency_id, scope],
        )
        cur.execute(
            "UPDATE dossiers_codecounter SET value = value + 1 WHERE agency_id=%s AND scope=%s"
            " RETURNING value",
            [agency_id, scope],
        )
    else:
        cur.execute(
            "INSERT INTO dossiers_codecounter (agency_id, scope, value) VALUES (%s,%s,1)"
            " ON CONFLICT (agency_id, scope) DO UPDATE SET value = value + 1 RETURNING value",
            [agency_id, scope],
        )
    return cur.fetchone()[0]


def cleanup_intake(first_id: int) -> None:
    """Remove the dossiers the intake benchmarks added (raw SQL: the log refuses ORM deletes)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.indicators import services as indicators

    ids = list(Dossier.objects.filter(pk__gte=first_id).values_list("pk", flat=True))
    indicators.forget(ids, now=timezone.now())  # out of the rollups, which stay exact
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM core_outboxmessage WHERE key IN (SELECT submission_ref FROM"
            " dossiers_dossier WHERE id >= %s)",
            [first_id],
        )
        for table, col in (
            ("dossiers_dossierevent", "dossier_id"),
            ("dossiers_dossiercomponent", "dossier_id"),
            ("dossiers_dossier", "id"),
        ):
            cur.execute(f"DELETE FROM {table} WHERE {col} >= %s", [first_id])


# --- HTTP -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_http(count: int, threads: int, workers: int) -> dict:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    proc = subprocess.Popen(
        [
            gunicorn,
            "motcua.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/calendar/days", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        req = urllib.request.Request(
            base + "/api/v1/auth/token",
            data=json.dumps({"username": "tiepnhan.laichau", "password": "motcua-demo"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.loads(urllib.request.urlopen(req).read())["token"]
        bodies = [
            {
                "procedure": code,
                "case": "TH1",
                "channel": "direct",
                "receiving_agency": "ttpvhcc-tinh-12",
                "applicant": {
                    "kind": "individual",
                    "name": "Người Thử HTTP",
                    "id_number": "012900000001",
                },
                "components": [{"name": "Đơn đề nghị", "copy_type": "original"}],
                "accept": True,
            }
            for code in ("1.012290", "2.001725", "1.001710")
        ]
        lat: list[float] = []
        errors: dict[str, int] = {}
        lock = threading.Lock()
        todo = list(range(count))

        def worker() -> None:
            while True:
                with lock:
                    if not todo:
                        return
                    k = todo.pop()
                data = json.dumps(bodies[k % len(bodies)]).encode()
                r = urllib.request.Request(
                    base + "/api/v1/dossiers",
                    data=data,
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                    },
                )
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(r, timeout=60) as resp:
                        ok = resp.status == 201
                        resp.read()
                        code = str(resp.status)
                except urllib.error.HTTPError as e:
                    ok, code = False, str(e.code)
                except OSError as e:
                    ok, code = False, type(e).__name__
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    if ok:
                        lat.append(ms)
                    else:
                        errors[code] = errors.get(code, 0) + 1

        t0 = time.perf_counter()
        ts = [threading.Thread(target=worker) for _ in range(threads)]
        for th in ts:
            th.start()
        for th in ts:
            th.join()
        s = time.perf_counter() - t0
        return {
            "requests": count,
            "ok": len(lat),
            "errors": errors,
            "seconds": round(s, 2),
            "per_second": round(len(lat) / s, 1),
            "threads": threads,
            "gunicorn_workers": workers,
            "latency": pct(lat),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# --- workqueue and detail ------------------------------------------------------------------

QUEUES = [
    ("tiepnhan.laichau", "reception"),
    ("tiepnhan.laichau", "to_return"),
    ("tiepnhan.laichau", "all"),
    ("chuyenvien.syt", "mine"),
    ("lanhdao.syt", "overdue"),
    ("tiepnhan.binhlu", "mine"),
    ("chuyenvien.binhlu", "department"),
]


def _token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def bench_workqueue(rounds: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from motcua.directory.selectors import grants

    User = get_user_model()
    api, page, base = [], [], []
    per_queue = {}
    for username, queue in QUEUES:
        user = User.objects.get(username=username)
        c = Client(HTTP_HOST="localhost")
        c.force_login(user)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}
        api_url = f"/api/v1/dossiers?queue={queue}&limit=25"
        page_url = f"/can-bo/ho-so/?hang={queue}"
        r = c.get(api_url, **auth)
        assert r.status_code == 200, r.content[:300]
        count = r.json()["count"]
        assert c.get(page_url).status_code == 200
        a = timed(partial(c.get, api_url, **auth), rounds)
        p = timed(partial(c.get, page_url), max(5, rounds // 2))
        sql, params = _queue_sql(user, queue, grants(user, timezone.localdate()))
        b = timed(partial(_run_queue_sql, sql, params), rounds)
        api += a
        page += p
        base += b
        per_queue[f"{username}:{queue}"] = {
            "count": count,
            "api": pct(a),
            "page": pct(p),
            "sql": pct(b),
        }
    return {
        "api": pct(api),
        "page": pct(page),
        "sql_baseline": pct(base),
        "ratio_p95": ratio(pct(api)["p95_ms"], pct(base)["p95_ms"]),
        "queues": per_queue,
    }


def _run_queue_sql(sql: str, params: list) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM ({sql}) q", params)
        cur.fetchone()
        cur.execute(sql + " ORDER BY d.id DESC LIMIT 26", params)
        cur.fetchall()


def _queue_sql(user, queue: str, my) -> tuple[str, list]:
    """Hand-written SQL of a workqueue: visibility, the queue's filter, the list joins."""
    from django.utils import timezone

    own = sorted({g.agency_id for g in my}) or [0]
    roles = sorted({(g.agency_id, g.role) for g in my})
    marks = ",".join(["%s"] * len(own))
    where = [
        f"(d.receiving_agency_id IN ({marks}) OR d.competent_agency_id IN ({marks})"
        f" OR d.holder_agency_id IN ({marks}))",
        f"(d.parent_id IS NULL OR d.holder_agency_id IN ({marks}))",
    ]
    params: list = own * 4
    closed = "('returned','archived','refused','stopped')"
    working = "('received','in_process','inter_agency','supplement_requested','fin_obligation','suspended')"  # noqa: E501
    if queue == "mine":
        ors = ["d.assignee_id = %s"]
        params.append(user.pk)
        for a, r in roles:
            ors.append("(d.holder_agency_id = %s AND d.holder_role = %s AND d.assignee_id IS NULL)")
            params += [a, r]
        where += [f"({' OR '.join(ors)})", f"d.state NOT IN {closed}"]
    elif queue == "department":
        where += [f"d.holder_agency_id IN ({marks})", f"d.state NOT IN {closed}"]
        params += own
    elif queue == "reception":
        where.append("d.state IN ('submitted','reception_guidance')")
    elif queue == "to_return":
        where.append("d.state = 'ready_for_return'")
    elif queue == "overdue":
        where += [f"d.state IN {working}", "d.due_at < %s"]
        params.append(timezone.now())
    sql = (
        "SELECT d.*, v.name, p.code, c.code, ra.name, ca.name, ha.name, u.username, s.name"
        " FROM dossiers_dossier d"
        " JOIN catalog_procedureversion v ON v.id = d.version_id"
        " JOIN catalog_procedure p ON p.id = v.procedure_id"
        " JOIN catalog_procedurecase c ON c.id = d.case_id"
        " JOIN directory_agency ra ON ra.id = d.receiving_agency_id"
        " JOIN directory_agency ca ON ca.id = d.competent_agency_id"
        " LEFT JOIN directory_agency ha ON ha.id = d.holder_agency_id"
        " LEFT JOIN auth_user u ON u.id = d.assignee_id"
        " LEFT JOIN catalog_processstep s ON s.id = d.current_step_id"
        " WHERE " + " AND ".join(where)
    )
    from django.db import connection

    if connection.vendor == "sqlite":
        params = [
            connection.ops.adapt_datetimefield_value(p) if isinstance(p, datetime) else p
            for p in params
        ]
    return sql, params


def bench_detail(rounds: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from motcua.directory.models import Agency
    from motcua.dossiers.models import Dossier

    User = get_user_model()
    user = User.objects.get(username="chuyenvien.syt")
    syt = Agency.objects.get(code="so-y-te-12")
    ids = list(Dossier.objects.filter(competent_agency=syt).values_list("pk", flat=True)[:5000])
    rng = random.Random(7)
    c = Client(HTTP_HOST="localhost")
    c.force_login(user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}
    r = c.get(f"/api/v1/dossiers/{ids[0]}", **auth)
    assert r.status_code == 200, r.content[:300]
    a = timed(lambda: c.get(f"/api/v1/dossiers/{rng.choice(ids)}", **auth), rounds)
    assert c.get(f"/can-bo/ho-so/{ids[0]}/").status_code == 200
    p = timed(lambda: c.get(f"/can-bo/ho-so/{rng.choice(ids)}/"), max(5, rounds // 2))

    def raw() -> None:
        pk = rng.choice(ids)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT d.*, v.name, p.code, c.code, ra.name, ca.name, ha.name FROM dossiers_dossier d"  # noqa: E501
                " JOIN catalog_procedureversion v ON v.id = d.version_id"
                " JOIN catalog_procedure p ON p.id = v.procedure_id"
                " JOIN catalog_procedurecase c ON c.id = d.case_id"
                " JOIN directory_agency ra ON ra.id = d.receiving_agency_id"
                " JOIN directory_agency ca ON ca.id = d.competent_agency_id"
                " LEFT JOIN directory_agency ha ON ha.id = d.holder_agency_id WHERE d.id = %s",
                [pk],
            )
            cur.fetchall()
            cur.execute(
                "SELECT e.*, a.name, s.name FROM dossiers_dossierevent e"
                " LEFT JOIN directory_agency a ON a.id = e.actor_agency_id"
                " LEFT JOIN catalog_processstep s ON s.id = e.step_id"
                " WHERE e.dossier_id = %s ORDER BY e.seq",
                [pk],
            )
            cur.fetchall()
            cur.execute("SELECT * FROM dossiers_dossiercomponent WHERE dossier_id = %s", [pk])
            cur.fetchall()
            cur.execute("SELECT * FROM dossiers_dossierresult WHERE dossier_id = %s", [pk])
            cur.fetchall()

    b = timed(raw, rounds)
    return {
        "api": pct(a),
        "page": pct(p),
        "sql_baseline": pct(b),
        "ratio_p95": ratio(pct(a)["p95_ms"], pct(b)["p95_ms"]),
    }


# --- 766 and Biểu 06 ----------------------------------------------------------------------------


def _plugins() -> dict:
    """The indicators/reports read API, when that branch is on main (CONTRACTS.md)."""
    out: dict = {}
    try:
        from motcua.indicators import selectors as ind

        out["Scope"] = ind.Scope
        out["scorecard"] = ind.scorecard
    except (ImportError, AttributeError):
        pass
    try:
        from motcua.indicators import services as ind_services

        out["rebuild"] = ind_services.rebuild_rollups
        out["catch_up"] = ind_services.catch_up
    except (ImportError, AttributeError):
        pass
    try:
        from motcua.reports import selectors as rep

        out["bieu06"] = rep.bieu06
    except (ImportError, AttributeError):
        pass
    return out


def _province_scope_sql() -> tuple[str, list]:
    from motcua.directory.models import AdminUnit

    p = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    return (
        "d.competent_agency_id IN (SELECT a.id FROM directory_agency a JOIN directory_adminunit u"
        " ON u.id = a.unit_id WHERE u.id = %s OR u.parent_id = %s) AND d.parent_id IS NULL",
        [p.pk, p.pk],
    )


def scorecard_sql(start: datetime, end: datetime) -> dict:
    """Hand-written SQL of the dossier-based 766 measures for the province over a period:
    on time (2.1), online channel (3.3), online payment (3.6), electronic result (4.1),
    digitised (4.2), satisfied ratings."""
    from django.db import connection

    scope, sp = _province_scope_sql()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*),"
            " SUM(CASE WHEN (d.decided_at IS NOT NULL AND d.timeliness IN ('early','on_time'))"
            "  OR (d.decided_at IS NULL AND d.state NOT IN ('refused','stopped')"
            "      AND (d.due_at IS NULL OR d.due_at >= %s)) THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN d.channel = 'online' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN EXISTS (SELECT 1 FROM dossiers_dossierresult r JOIN"
            "  documents_electronicresult er ON er.result_id = r.id WHERE r.dossier_id = d.id)"
            "  THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN EXISTS (SELECT 1 FROM dossiers_dossiercomponent dc JOIN"
            "  documents_componentdigitisation g ON g.component_id = dc.id WHERE dc.dossier_id = d.id"  # noqa: E501
            "  AND g.state <> 'not_digitised') THEN 1 ELSE 0 END)"
            f" FROM dossiers_dossier d WHERE {scope} AND d.received_at >= %s AND d.received_at < %s",  # noqa: E501
            [end, *sp, start, end],
        )
        total, on_time, online, e_result, digitised = cur.fetchone()
        cur.execute(
            "SELECT COUNT(DISTINCT i.id), COUNT(DISTINCT CASE WHEN pay.method = 'online' THEN i.id END)"  # noqa: E501
            " FROM payments_invoice i JOIN dossiers_dossier d ON d.id = i.dossier_id"
            " LEFT JOIN payments_payment pay ON pay.invoice_id = i.id AND pay.status = 'paid'"
            f" WHERE {scope} AND i.total > 0 AND d.received_at >= %s AND d.received_at < %s",
            [*sp, start, end],
        )
        fee_total, paid_online = cur.fetchone()
        cur.execute(
            "SELECT COUNT(*), SUM(CASE WHEN r.level IN ('very_satisfied','satisfied') THEN 1 ELSE 0 END)"  # noqa: E501
            " FROM ratings_rating r JOIN dossiers_dossier d ON d.id = r.dossier_id"
            f" WHERE {scope} AND r.created_at >= %s AND r.created_at < %s",
            [*sp, start, end],
        )
        rated, satisfied = cur.fetchone()
    return {
        "received": total,
        "on_time": on_time,
        "online": online,
        "e_result": e_result,
        "digitised": digitised,
        "fee_dossiers": fee_total,
        "paid_online": paid_online,
        "rated": rated,
        "satisfied": satisfied,
    }


def bieu06_sql(start: datetime, end: datetime) -> dict:
    """Hand-written SQL of Biểu 06's totals for the province: carried over, new (online / direct
    / postal), finished early / on time / late, withdrawn, open in time / overdue at the end."""
    from django.db import connection

    scope, sp = _province_scope_sql()
    fin = "COALESCE(d.decided_at, CASE WHEN d.state = 'stopped' THEN d.decided_at END)"
    with connection.cursor() as cur:
        cur.execute(
            "SELECT"
            " SUM(CASE WHEN d.received_at < %s THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN d.received_at >= %s AND d.channel = 'online' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN d.received_at >= %s AND d.channel = 'direct' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN d.received_at >= %s AND d.channel = 'postal' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {fin} < %s AND d.state <> 'stopped' AND d.timeliness = 'early' THEN 1 ELSE 0 END),"  # noqa: E501
            f" SUM(CASE WHEN {fin} < %s AND d.state <> 'stopped' AND d.timeliness = 'on_time' THEN 1 ELSE 0 END),"  # noqa: E501
            f" SUM(CASE WHEN {fin} < %s AND d.state <> 'stopped' AND d.timeliness = 'late' THEN 1 ELSE 0 END),"  # noqa: E501
            f" SUM(CASE WHEN {fin} < %s AND d.state = 'stopped' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN ({fin} IS NULL OR {fin} >= %s) AND (d.due_at IS NULL OR d.due_at >= %s) THEN 1 ELSE 0 END),"  # noqa: E501
            f" SUM(CASE WHEN ({fin} IS NULL OR {fin} >= %s) AND d.due_at < %s THEN 1 ELSE 0 END)"
            f" FROM dossiers_dossier d WHERE {scope} AND d.received_at < %s"
            f" AND ({fin} IS NULL OR {fin} >= %s)",
            [start, start, start, start, end, end, end, end, end, end, end, end, *sp, end, start],
        )
        keys = [
            "carried_over",
            "new_online",
            "new_direct",
            "new_postal",
            "early",
            "on_time",
            "late",
            "withdrawn",
            "open_in_time",
            "open_overdue",
        ]
        return dict(zip(keys, cur.fetchone(), strict=True))


def bench_reports(year: int, rounds: int) -> dict:
    from django.db import connection
    from django.utils import timezone

    from motcua.core.calendar import VN_TZ
    from motcua.directory.models import AdminUnit

    start = datetime(year, 1, 1, tzinfo=VN_TZ)
    end = datetime(year + 1, 1, 1, tzinfo=VN_TZ)
    if connection.vendor == "sqlite":
        adapt = connection.ops.adapt_datetimefield_value
        s_, e_ = adapt(start), adapt(end)
    else:
        s_, e_ = start, end
    out: dict = {"year": year}
    base766 = timed(lambda: scorecard_sql(s_, e_), rounds)
    base06 = timed(lambda: bieu06_sql(s_, e_), rounds)
    out["sql_766"] = {"latency": pct(base766), "values": scorecard_sql(s_, e_)}
    out["sql_bieu06"] = {"latency": pct(base06), "values": bieu06_sql(s_, e_)}
    plug = _plugins()
    now = timezone.now()
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    if "rebuild" in plug:
        t = time.perf_counter()
        plug["rebuild"](now=now)
        out["rebuild_rollups_seconds"] = round(time.perf_counter() - t, 2)
    if "scorecard" in plug:
        scope = plug["Scope"](kind="province", id=province.pk)
        kw = dict(scope=scope, start=date(year, 1, 1), end=date(year, 12, 31), now=now)
        for source in ("rollup", "scratch"):
            lat = timed(lambda s=source: plug["scorecard"](**kw, source=s), rounds)
            out[f"766_{source}"] = {
                "latency": pct(lat),
                "ratio_p50": ratio(pct(lat)["p50_ms"], pct(base766)["p50_ms"]),
            }
    if "bieu06" in plug:
        scope = plug["Scope"](kind="province", id=province.pk)
        kw = dict(scope=scope, start=date(year, 1, 1), end=date(year, 12, 31), now=now)
        for source in ("rollup", "scratch"):
            lat = timed(lambda s=source: plug["bieu06"](**kw, source=s), rounds)
            out[f"bieu06_{source}"] = {
                "latency": pct(lat),
                "ratio_p50": ratio(pct(lat)["p50_ms"], pct(base06)["p50_ms"]),
            }
    return out


# --- main ---------------------------------------------------------------------------------


def report(res: dict) -> None:
    m, r = res["machine"], res["results"]
    print(
        f"\nmotcua bench — {m['database']} {m['database_version']}, {m['cpu_count']} CPU "
        f"({m['cpu_model']}), {m['ram_gb']} GB, Python {m['python']}; N = {res['n']:,}, seed {res['seed']}"  # noqa: E501
    )
    si, sq = r.get("intake_service"), r.get("intake_sql")
    if si and sq:
        print(
            f"tiếp nhận trong tiến trình (services.receive_at_desk): {si['per_second']:,}/s"
            f" | SQL viết tay {sq['per_second']:,}/s | tỉ lệ {ratio(sq['per_second'], si['per_second'])}"  # noqa: E501
        )
    h = r.get("intake_http")
    if h:
        print(
            f"tiếp nhận qua HTTP (gunicorn {h['gunicorn_workers']} worker, {h['threads']} luồng):"
            f" {h['per_second']:,} req/s, p50 {h['latency']['p50_ms']} ms, p95 {h['latency']['p95_ms']} ms"  # noqa: E501
            f"{'' if not h['errors'] else ' lỗi ' + str(h['errors'])}"
            + (
                f" | SQL viết tay {sq['per_second']:,}/s"
                f" | tỉ lệ {ratio(sq['per_second'], h['per_second'])}"
                if sq
                else ""
            )
        )
    for key, label in (("workqueue", "hàng đợi công việc"), ("detail", "chi tiết hồ sơ")):
        w = r.get(key)
        if not w:
            continue
        print(
            f"{label}: API p50 {w['api']['p50_ms']} ms, p95 {w['api']['p95_ms']} ms;"
            f" trang p50 {w['page']['p50_ms']} ms, p95 {w['page']['p95_ms']} ms"
            f" | SQL p50 {w['sql_baseline']['p50_ms']} ms, p95 {w['sql_baseline']['p95_ms']} ms"
            f" | tỉ lệ p95 {w['ratio_p95']}"
        )
    rep = r.get("reports", {})
    for key, label, base in (
        ("766", "766 tỉnh-năm", "sql_766"),
        ("bieu06", "Biểu 06 tỉnh-năm", "sql_bieu06"),
    ):
        if base not in rep:
            continue
        b = rep[base]["latency"]
        for source, vn in (("rollup", "từ bảng tổng hợp"), ("scratch", "tính lại từ đầu")):
            x = rep.get(f"{key}_{source}")
            got = (
                f"p50 {x['latency']['p50_ms']} ms, p95 {x['latency']['p95_ms']} ms"
                if x
                else "chưa có"
            )
            print(
                f"{label} {rep['year']} {vn}: {got} | SQL p50 {b['p50_ms']} ms"
                f" | tỉ lệ {x['ratio_p50'] if x else '—'}"
            )
    if "rebuild_rollups_seconds" in rep:
        print(f"dựng lại bảng tổng hợp: {rep['rebuild_rollups_seconds']} s")


PARTS = ("intake", "http", "workqueue", "detail", "reports")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Đo hiệu năng trên một tỉnh giả lập.")
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "1000000")))
    p.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "766")))
    p.add_argument("--fresh", action="store_true", help="sinh lại dữ liệu dù đã có")
    p.add_argument("--intake", type=int, default=int(os.environ.get("BENCH_INTAKE", "1000")))
    p.add_argument("--http", type=int, default=int(os.environ.get("BENCH_HTTP", "1000")))
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "60")))
    p.add_argument(
        "--end",
        default=os.environ.get("BENCH_END"),
        help="ngày cuối của lịch sử giả lập, YYYY-MM-DD (mặc định: bây giờ)",
    )
    p.add_argument("--only", default="", help=f"chỉ đo các phần (phân cách bởi dấu phẩy): {PARTS}")
    p.add_argument("--year", type=int, default=None, help="năm báo cáo (mặc định: năm trước)")
    a = p.parse_args(argv)
    _configure(a.db)
    sys.path.insert(0, str(ROOT / "bench"))
    info = prepare(a.db, a.n, a.seed, a.fresh, a.end)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from motcua.dossiers.models import Dossier

    call_command("migrate", verbosity=0)  # a reused province follows the code's migrations

    results: dict = {"generation": info}
    parts = set(a.only.split(",")) if a.only else set(PARTS)
    first = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    try:
        if "intake" in parts:
            print("Đo tiếp nhận …", flush=True)
            results["intake_service"] = bench_intake_service(a.intake)
            results["intake_sql"] = bench_intake_sql(a.intake)
        if "http" in parts and a.http:
            results["intake_http"] = bench_http(a.http, a.threads, a.workers)
    finally:
        cleanup_intake(first)
    print("Đo hàng đợi và chi tiết …", flush=True)
    if "workqueue" in parts:
        results["workqueue"] = bench_workqueue(a.rounds)
    if "detail" in parts:
        results["detail"] = bench_detail(a.rounds)
    if "reports" in parts:
        print("Đo chỉ số 766 và Biểu 06 …", flush=True)
        year = a.year or timezone.localdate().year - 1
        results["reports"] = bench_reports(year, max(5, a.rounds // 4))
    out = {"n": a.n, "seed": a.seed, "machine": machine(a.db), "results": results}
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = ROOT / "bench" / "results" / f"{stamp}-{a.db}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    report(out)
    print(f"Kết quả: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
