"""Fixtures of the feedback tests: a private signing directory and file store, and a helper
that drives a petition to a given stage."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from fbsupport import make_input

from motcua.feedback import services
from support import vn

SIGNING_AGENCIES = ("vp-ubnd-tinh-12",)


@pytest.fixture(scope="session", autouse=True)
def feedback_dirs(tmp_path_factory, django_db_setup, django_db_blocker):
    base = tmp_path_factory.mktemp("feedback")
    saved = {
        name: getattr(settings, name, None)
        for name in ("MOTCUA_SIGNING_DIR", "MOTCUA_DOCUMENT_STORAGE_OPTIONS")
    }
    settings.MOTCUA_SIGNING_DIR = base / "signing"
    settings.MOTCUA_DOCUMENT_STORAGE_OPTIONS = {"root": str(base / "files")}
    with django_db_blocker.unblock():
        args = [a for code in SIGNING_AGENCIES for a in ("--agency", code)]
        call_command("init_signing", *args, stdout=io.StringIO())
    yield base
    for name, value in saved.items():
        if value is None:
            delattr(settings, name)
        else:
            setattr(settings, name, value)


@pytest.fixture
def petition(agency, user):
    """A petition sent on the portal at ``at`` and driven to ``stage``."""

    def _make(stage: str = "pending", at=None, **kw):
        at = at or vn(2026, 3, 2, 9)
        p = services.receive(
            make_input(**kw), agency=agency("vp-ubnd-tinh-12"), channel="portal", now=at
        )
        officer, leader = user("pakn.laichau"), user("lanhdaovp.laichau")
        if stage == "pending":
            return p
        p = services.accept(
            p, user=officer, now=vn(2026, 3, 3, 9), national_class="regulation", category="2"
        )
        if stage == "in_process":
            return p
        p = services.answer(
            p,
            user=leader,
            now=vn(2026, 3, 16, 10),
            decision="amend",
            text="UBND tỉnh đã chỉ đạo bỏ yêu cầu bản sao hợp đồng thuê nhà có chứng thực "
            "khi đăng ký hộ kinh doanh.",
            document_number="35/TL-VP",
        )
        if stage == "awaiting_publication":
            return p
        p = services.publish(p, user=officer, now=vn(2026, 3, 17, 9))
        assert p.state == "published"
        return p

    return _make
