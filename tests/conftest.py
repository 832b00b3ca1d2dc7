"""Shared fixtures: the demo data is loaded once per test database, then every test runs in a
transaction that is rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.directory.models import Agency
from support import vn


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests serve static files from the apps (no collectstatic manifest needed).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)


@pytest.fixture
def login(client: Client):
    """Log the test client in as a demo account."""

    def _login(username: str) -> Client:
        assert client.login(username=username, password="motcua-demo"), username
        return client

    return _login


@pytest.fixture
def api(db):
    """An API client that authenticates with a Bearer token of a demo account."""
    from rest_framework.test import APIClient

    def _api(username: str | None = None) -> APIClient:
        c = APIClient()
        if username:
            r = c.post(
                "/api/v1/auth/token",
                {"username": username, "password": "motcua-demo"},
                format="json",
            )
            assert r.status_code == 200, r.content
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {r.json()['token']}")
        return c

    return _api


@pytest.fixture
def user():
    User = get_user_model()
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def agency():
    return lambda code: Agency.objects.get(code=code)


@pytest.fixture
def case():
    def _case(code: str, case_code: str = "TH1", on=None):
        p = Procedure.objects.get(code=code)
        v = version_in_force(p, (on or vn(2026, 3, 2)).date())
        return v.cases.get(code=case_code)

    return _case


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole run (Playwright's sync API)."""
    import os

    from playwright.sync_api import sync_playwright

    from support import CHROMIUM, CHROMIUM_ARGS

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def site(live_server, django_db_blocker):
    """The live server with the demo data (transactional tests empty the tables afterwards)."""
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)
    return live_server.url
