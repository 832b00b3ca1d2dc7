"""Helpers shared by tests (importable as ``support``)."""

from datetime import datetime

from motcua.core.calendar import VN_TZ
from motcua.dossiers.services import ApplicantData


def vn(*args: int) -> datetime:
    """A Vietnam-time datetime: vn(2026, 2, 12, 10) → 2026-02-12 10:00+07:00."""
    return datetime(*args, tzinfo=VN_TZ)


CITIZEN = ApplicantData(
    kind="individual",
    name="Nguyễn Thị Mẫu",
    id_number="012345678901",
    address="Bản Thử, xã Bình Lư, tỉnh Lai Châu",
    phone="0912345678",
    email="mau@example.test",
)


# --- browser tests (Playwright driving Debian's Chromium; never a downloaded browser) -----
import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
#: Marks for a browser test module: ``pytestmark = BROWSER``.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def in_threads(n: int, fn):
    """Run ``fn(i)`` in ``n`` threads released together; returns (results, exceptions)."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(n)
    out, errors = [], []

    def run(i):
        try:
            barrier.wait()
            out.append(fn(i))
        except Exception as exc:  # collected for the test to assert on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, errors
